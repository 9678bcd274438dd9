using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// Reads the <c>Values</c> object of a Functions-style <c>local.settings.json</c>. Keys are already flat
/// (<c>"Store:Provider"</c>); the environment-variable spelling <c>Store__Provider</c> is accepted too.
/// </summary>
internal sealed class LocalSettingsConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LocalSettingsConfigurationProvider(this);
    }
}

internal sealed class LocalSettingsConfigurationProvider(LocalSettingsConfigurationSource source) : JsonConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.ValueKind == JsonValueKind.Object &&
            document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                var key = property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                data[key] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }

        Data = data;
    }
}

internal static class LocalSettingsConfigurationExtensions
{
    public static IConfigurationBuilder AddLocalSettingsJson(this IConfigurationBuilder builder, string path, bool optional)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return builder.Add(new LocalSettingsConfigurationSource
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory),
            Path = Path.GetFileName(path),
            Optional = optional,
            ReloadOnChange = false,
        });
    }
}

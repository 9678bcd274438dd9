using AiScheduler.Functions.Providers.Storage.Azure;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Storage;

/// <summary>Rejects unusable storage settings at start-up with a message that names the setting to fix.</summary>
internal sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var provider = options.Provider?.Trim().ToUpperInvariant();
        if (provider is not ("LOCAL" or "EMBEDDED" or "AZURE"))
        {
            failures.Add($"Storage:Provider '{options.Provider}' is not supported; set it to 'local' (embedded profile, the default) " +
                         "or 'azure' (local-azure profile with Azurite, or azure).");
        }

        if (provider == "AZURE")
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add("Storage:ConnectionString is required when Storage:Provider is 'azure': set it to " +
                             "'UseDevelopmentStorage=true' for Azurite (local-azure profile) or to the storage account's connection " +
                             "string (azure profile; omit AccountKey to sign in with Entra ID).");
            }
            else
            {
                try
                {
                    StorageAccount.Parse(options.ConnectionString);
                }
                catch (FormatException ex)
                {
                    failures.Add($"Storage:ConnectionString is not usable: {ex.Message}");
                }
            }

            if (!IsValidContainerName(options.Blobs.Container))
            {
                failures.Add($"Storage:Blobs:Container '{options.Blobs.Container}' is not a valid container name: use 3-63 lowercase " +
                             "letters, digits and single hyphens, starting with a letter or digit.");
            }
        }
        else if (provider is "LOCAL" or "EMBEDDED" && string.IsNullOrWhiteSpace(options.Blobs.Directory))
        {
            failures.Add("Storage:Blobs:Directory is empty; set the folder the local blob store writes to (default '.data/blobs').");
        }

        // Azure allows at most 4000 MiB per block; below 64 KiB the request overhead dominates.
        if (options.Blobs.BlockSizeBytes is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            failures.Add("Storage:Blobs:BlockSizeBytes must be between 65536 (64 KiB) and 104857600 (100 MiB).");
        }

        try
        {
            _ = new QueueName(options.Queues.LeadImports ?? string.Empty).Poison;
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Storage:Queues:LeadImports: {ex.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsValidContainerName(string? value) =>
        value is { Length: >= 3 and <= 63 } &&
        value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') &&
        value[0] != '-' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal);
}

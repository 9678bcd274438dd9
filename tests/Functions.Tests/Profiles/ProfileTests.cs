using System.Text.Json;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Profiles;

/// <summary>Profile selection, defaults beneath explicit settings, and start-up messages that name setting and profile.</summary>
public sealed class ProfileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Without_a_profile_setting_the_embedded_profile_is_used()
    {
        var profile = Hosting.Profiles.Select(Configuration([]));

        Assert.Equal("embedded", profile.Name);
        Assert.Empty(profile.Required);
    }

    [Fact]
    public void The_profile_comes_from_the_Profile_setting_or_the_AISCHEDULER_PROFILE_environment_variable_and_the_setting_wins()
    {
        Assert.Equal("local-azure", Hosting.Profiles.Select(Configuration(new() { ["AISCHEDULER_PROFILE"] = "local-azure" })).Name);
        Assert.Equal("azure", Hosting.Profiles.Select(Configuration(new() { ["Profile"] = "Azure" })).Name);
        Assert.Equal("embedded", Hosting.Profiles.Select(Configuration(new() { ["Profile"] = "embedded", ["AISCHEDULER_PROFILE"] = "azure" })).Name);
    }

    [Fact]
    public void An_unknown_profile_is_refused_with_the_list_of_profiles()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Hosting.Profiles.Select(Configuration(new() { ["Profile"] = "cloud" })));

        Assert.Contains("'cloud'", error.Message, StringComparison.Ordinal);
        Assert.Contains("embedded, local-azure, azure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_azure_profile_names_every_missing_secret_with_the_profile_and_where_to_set_it()
    {
        var missing = Hosting.Profiles.Missing(Hosting.Profiles.All["azure"], Configuration(new()
        {
            ["Store:ConnectionString"] = "Host=db.postgres.database.azure.com;Database=aischeduler",
            ["Telephony:Acs:Endpoint"] = "https://acs.communication.azure.com/",
            ["Llm:Provider"] = "rules",
            ["Email:Provider"] = "outbox",
        }));

        Assert.All(missing, message => Assert.StartsWith("Profile 'azure' needs ", message, StringComparison.Ordinal));
        var keys = missing.Select(message => message["Profile 'azure' needs ".Length..].Split(' ', 2)[0].TrimEnd(':')).ToList();
        Assert.Equal(["Storage:ConnectionString", "Telephony:Acs:CallerId", "Telephony:CallbackBaseUri", "Telephony:CallbackSecret",
            "Telephony:CallbackJwt:Audience", "EventGrid:Key"], keys);
        Assert.Contains(missing, message => message.Contains("environment variable EventGrid__Key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_brain_and_SendGrid_on_azure_add_their_keys_to_what_is_required()
    {
        var azure = Hosting.Profiles.All["azure"];
        var missing = Hosting.Profiles.Missing(azure, Configuration(new(azure.Defaults)));

        Assert.Contains(missing, message => message.StartsWith("Profile 'azure' needs Llm:ApiKey", StringComparison.Ordinal));
        Assert.Contains(missing, message => message.StartsWith("Profile 'azure' needs Email:SendGrid:ApiKey", StringComparison.Ordinal));
        Assert.Contains(missing, message => message.StartsWith("Profile 'azure' needs Telephony:Acs:ConnectionString or Telephony:Acs:Endpoint", StringComparison.Ordinal));
        Assert.DoesNotContain(missing, message => message.Contains("Calendar:Google", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_the_host_on_the_azure_profile_without_its_secrets_fails_naming_setting_and_profile()
    {
        var error = Assert.Throws<OptionsValidationException>(() => AppHost.Build([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Profile"] = "azure" })));

        Assert.Contains(error.Failures, m => m.StartsWith("Profile 'azure' needs Telephony:Acs:ConnectionString or Telephony:Acs:Endpoint", StringComparison.Ordinal));
        Assert.Contains(error.Failures, m => m.StartsWith("Profile 'azure' needs Store:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, m => m.StartsWith("Profile 'azure' needs Llm:ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_serve_command_reports_the_missing_settings_of_the_profile_and_exits_with_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(["--profile", "local-azure", "--urls", "http://127.0.0.1:0"], output, error);

        Assert.Equal(2, exit);
        Assert.Contains("Profile 'local-azure' needs Telephony:Acs:ConnectionString", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Profile 'local-azure' needs Telephony:CallbackSecret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_local_azure_profile_points_at_PostgreSQL_Azurite_and_the_emulator_and_explicit_settings_win_over_its_defaults()
    {
        using var app = AppHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Profile"] = "local-azure",
            ["Store:ConnectionString"] = "Host=127.0.0.1;Port=6543;Username=postgres;Database=mine",
            ["Telephony:Acs:ConnectionString"] = "endpoint=http://127.0.0.1:7081/;accesskey=" + Convert.ToBase64String(new byte[32]),
            ["Telephony:CallbackSecret"] = new string('s', 40),
        }));

        var store = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var telephony = app.Services.GetRequiredService<IOptions<TelephonyOptions>>().Value;
        Assert.Equal("postgres", store.Provider);
        Assert.Equal("Host=127.0.0.1;Port=6543;Username=postgres;Database=mine", store.ConnectionString);
        Assert.Equal("azure", storage.Provider);
        Assert.Contains("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1", storage.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(TelephonyProvider.Acs, telephony.Provider);
        Assert.Equal("local-azure", app.Services.GetRequiredService<Profile>().Name);
    }

    [Fact]
    public void The_sample_settings_document_every_profile_and_every_setting_a_profile_requires()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(SampleSettings()));

        Assert.Equal("embedded", sample.RootElement.GetProperty("Values").GetProperty("Profile").GetString());
        foreach (var profile in Hosting.Profiles.All.Values)
        {
            Assert.True(sample.RootElement.GetProperty("Profiles").TryGetProperty(profile.Name, out var documented), $"profile {profile.Name} is not in the sample");
            foreach (var required in profile.Required)
            {
                Assert.True(documented.TryGetProperty(required.Key, out _) || (required.AlternativeKey is { } alternative && documented.TryGetProperty(alternative, out _)),
                    $"the sample's {profile.Name} profile does not show {required.Key}");
            }
        }

        // The azure profile in the sample holds placeholders only, never a usable secret.
        foreach (var setting in sample.RootElement.GetProperty("Profiles").GetProperty("azure").EnumerateObject())
        {
            var value = setting.Value.GetString() ?? "";
            Assert.True(value.Length == 0 || value.Contains('<', StringComparison.Ordinal) || !IsSecret(setting.Name),
                $"the sample's azure profile gives {setting.Name} a value; secrets come from configuration, as a <placeholder> in the sample");
        }
    }

    private static bool IsSecret(string key) =>
        key.EndsWith("Key", StringComparison.Ordinal) || key.EndsWith("Secret", StringComparison.Ordinal) || key.EndsWith("ConnectionString", StringComparison.Ordinal);

    private static string SampleSettings([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "local.settings.sample.json"));

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

}

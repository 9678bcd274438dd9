using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>A setting a profile cannot run without, and what to put in it.</summary>
public sealed record RequiredSetting(string Key, string Hint, string? AlternativeKey = null, Func<IConfiguration, bool>? AppliesWhen = null);

/// <summary>
/// A named set of defaults for where the app's services live (DESIGN.md section 3), plus the settings it cannot run
/// without. Defaults sit beneath every other configuration source, so anything set in local.settings.json, the
/// environment or the command line wins.
/// </summary>
public sealed record Profile(string Name, string Description, IReadOnlyDictionary<string, string?> Defaults, IReadOnlyList<RequiredSetting> Required);

/// <summary>
/// The three profiles: <c>embedded</c> (default: one process, SQLite, local folder, in-process emulator),
/// <c>local-azure</c> (PostgreSQL, Azurite and the standalone emulator on this machine, as started by
/// infra/local/up.sh) and <c>azure</c> (the real services; every secret from configuration). Selected by the
/// <c>Profile</c> setting (<c>Values:Profile</c>, <c>--profile</c>) or the <c>AISCHEDULER_PROFILE</c> environment variable.
/// </summary>
public static class Profiles
{
    public const string Setting = "Profile";
    public const string EnvironmentVariable = "AISCHEDULER_PROFILE";
    public const string Embedded = "embedded";
    public const string LocalAzure = "local-azure";
    public const string Azure = "azure";

    /// <summary>Azurite's documented development account; its key is public and only opens the local emulator.</summary>
    public const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;";

    public static IReadOnlyDictionary<string, Profile> All { get; } = new Dictionary<string, Profile>(StringComparer.OrdinalIgnoreCase)
    {
        [Embedded] = new(Embedded, "one process: SQLite under .data/, blobs in a folder, queue in the store, in-process ACS emulator, rule-based agent, built-in calendar, outbox email",
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Store:Provider"] = "sqlite",
                ["Store:ConnectionString"] = "Data Source=.data/aischeduler.db",
                ["Storage:Provider"] = "local",
                ["Telephony:Provider"] = "emulator",
                ["Llm:Provider"] = "rules",
                ["Calendar:Provider"] = "builtin",
                ["Email:Provider"] = "outbox",
            },
            []),
        [LocalAzure] = new(LocalAzure, "the scale-out stack on this machine: PostgreSQL on 127.0.0.1:54329, Azurite blobs and queues on 10000/10001, the standalone ACS emulator on 7081 (infra/local/up.sh)",
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Store:Provider"] = "postgres",
                ["Store:ConnectionString"] = "Host=127.0.0.1;Port=54329;Username=postgres;Database=aischeduler",
                ["Storage:Provider"] = "azure",
                ["Storage:ConnectionString"] = AzuriteConnectionString,
                ["Telephony:Provider"] = "acs",
                ["Telephony:Acs:CallerId"] = "+14255550100",
                ["Telephony:CallbackBaseUri"] = "http://127.0.0.1:7071/",
                ["EventGrid:RecordCalls"] = "true",
                ["Llm:Provider"] = "rules",
                ["Calendar:Provider"] = "builtin",
                ["Email:Provider"] = "outbox",
            },
            [
                new("Telephony:Acs:ConnectionString", "the standalone emulator's endpoint=http://127.0.0.1:7081/;accesskey=<base64 key> (infra/local/up.sh prints it)"),
                new("Telephony:CallbackSecret", "a random string of at least 32 characters (infra/local/up.sh generates one)"),
            ]),
        [Azure] = new(Azure, "Azure services: Database for PostgreSQL, Blob Storage and Queues, Communication Services, Event Grid, Azure OpenAI, SendGrid, Google Calendar",
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Store:Provider"] = "postgres",
                ["Storage:Provider"] = "azure",
                ["Telephony:Provider"] = "acs",
                ["Telephony:CallbackJwt:Required"] = "true",
                ["EventGrid:RecordCalls"] = "true",
                ["Llm:Provider"] = "azure-openai",
                ["Calendar:Provider"] = "builtin",
                ["Email:Provider"] = "sendgrid",
            },
            [
                new("Store:ConnectionString", "the Azure Database for PostgreSQL connection string (Host=<server>.postgres.database.azure.com;Database=aischeduler;Username=...;Password=...;Ssl Mode=Require)"),
                new("Storage:ConnectionString", "the storage account connection string, or AccountName=<account> to sign in with the managed identity"),
                new("Telephony:Acs:ConnectionString", "endpoint=https://<name>.communication.azure.com/;accesskey=<key> (or set Telephony:Acs:Endpoint to use the managed identity)", AlternativeKey: "Telephony:Acs:Endpoint"),
                new("Telephony:Acs:CallerId", "the ACS phone number calls come from, in E.164 (+14255550100)"),
                new("Telephony:CallbackBaseUri", "the app's public HTTPS address (https://<app>.azurewebsites.net/) that ACS calls back"),
                new("Telephony:CallbackSecret", "a random string of at least 32 characters, the same on every instance"),
                new("Telephony:CallbackJwt:Audience", "the ACS resource's immutable resource id (callback tokens are checked against it)"),
                new("EventGrid:Key", "a random string of at least 16 characters; the Event Grid subscription URL ends in ?code=<this key>"),
                new("Llm:BaseUrl", "the Azure OpenAI v1 endpoint (https://<resource>.openai.azure.com/openai/v1/)", AppliesWhen: UsesModel),
                new("Llm:ApiKey", "the Azure OpenAI or OpenAI API key", AppliesWhen: UsesModel),
                new("Llm:Model", "the deployment or model name (e.g. gpt-4o-mini)", AppliesWhen: UsesModel),
                new("Email:SendGrid:ApiKey", "a SendGrid API key with Mail Send permission", AppliesWhen: c => Is(c, "Email:Provider", "sendgrid")),
                new("Email:FromAddress", "a sender address verified in SendGrid", AppliesWhen: c => Is(c, "Email:Provider", "sendgrid")),
                new("Calendar:Google:CalendarId", "the Google calendar id meetings are booked in", AppliesWhen: c => Is(c, "Calendar:Provider", "google")),
                new("Calendar:Google:ServiceAccountJson", "the service account key JSON (or Calendar:Google:ServiceAccountKeyFile)", AlternativeKey: "Calendar:Google:ServiceAccountKeyFile", AppliesWhen: c => Is(c, "Calendar:Provider", "google")),
            ]),
    };

    /// <summary>The profile named by <c>Profile</c> or <c>AISCHEDULER_PROFILE</c>; <c>embedded</c> when neither is set.</summary>
    public static Profile Select(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[Setting] is { Length: > 0 } set ? set
            : configuration[EnvironmentVariable] is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Embedded;
        return All.TryGetValue(name.Trim(), out var profile)
            ? profile
            : throw new InvalidOperationException(
                $"Profile '{name}' is unknown; set {Setting} (or {EnvironmentVariable}) to one of: {string.Join(", ", All.Keys)}.");
    }

    /// <summary>
    /// Puts the selected profile's defaults beneath every configuration source already added, then checks the profile's
    /// required settings at once, before any component reads its options, so the first message a user sees names the
    /// setting and the profile. Call it after every configuration source has been added.
    /// </summary>
    /// <exception cref="OptionsValidationException">Settings the profile needs are missing (one failure per setting).</exception>
    public static TBuilder UseProfile<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var profile = Select(builder.Configuration);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = profile.Defaults });
        var missing = Missing(profile, builder.Configuration);
        if (missing.Count > 0)
        {
            throw new OptionsValidationException(Setting, typeof(Profile), missing);
        }

        builder.Services.AddSingleton(profile);
        return builder;
    }

    /// <summary>The problems with <paramref name="configuration"/> for <paramref name="profile"/>, one sentence each.</summary>
    public static IReadOnlyList<string> Missing(Profile profile, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(configuration);
        return profile.Required
            .Where(required => required.AppliesWhen?.Invoke(configuration) ?? true)
            .Where(required => string.IsNullOrWhiteSpace(configuration[required.Key]) &&
                (required.AlternativeKey is null || string.IsNullOrWhiteSpace(configuration[required.AlternativeKey])))
            .Select(required =>
                $"Profile '{profile.Name}' needs {required.Key}{(required.AlternativeKey is null ? "" : " or " + required.AlternativeKey)}: {required.Hint}. " +
                $"Set it in local.settings.json Values or as the environment variable {required.Key.Replace(":", "__", StringComparison.Ordinal)}.")
            .ToList();
    }

    private static bool UsesModel(IConfiguration configuration) =>
        !string.Equals(configuration["Llm:Provider"] ?? "rules", "rules", StringComparison.OrdinalIgnoreCase);

    private static bool Is(IConfiguration configuration, string key, string value) =>
        string.Equals(configuration[key], value, StringComparison.OrdinalIgnoreCase);
}

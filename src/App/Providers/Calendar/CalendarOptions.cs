using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Calendar;

/// <summary>Settings under <c>Calendar:</c>.</summary>
public sealed class CalendarOptions
{
    public const string Section = "Calendar";

    /// <summary><c>builtin</c> (the store's meetings table, the default) or <c>google</c> (Google Calendar).</summary>
    public string Provider { get; set; } = "builtin";

    public GoogleCalendarOptions Google { get; set; } = new();

    internal bool IsGoogle => string.Equals(Provider?.Trim(), "google", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Settings under <c>Calendar:Google:</c>.</summary>
public sealed class GoogleCalendarOptions
{
    public static readonly Uri DefaultTokenUrl = new("https://oauth2.googleapis.com/token");
    public static readonly Uri DefaultApiBaseUrl = new("https://www.googleapis.com/calendar/v3/");

    /// <summary>The calendar to read and write: an email-like id, or <c>primary</c> for the impersonated user's own.</summary>
    public string CalendarId { get; set; } = string.Empty;

    /// <summary>Path of the service account's JSON key file (relative paths are under the content root).</summary>
    public string? ServiceAccountKeyFile { get; set; }

    /// <summary>The service account's JSON key itself (for secret stores that hand out values, not files).</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>A Workspace user to act as (domain-wide delegation); lets events carry attendees.</summary>
    public string? ImpersonateUser { get; set; }

    /// <summary>
    /// Where the signed assertion is posted. The assertion's audience stays https://oauth2.googleapis.com/token, the
    /// value Google requires, so a proxy or fake at another address sees exactly what Google would.
    /// </summary>
    public Uri TokenUrl { get; set; } = DefaultTokenUrl;

    /// <summary>The Calendar API v3 base URL (ending in <c>/calendar/v3/</c>).</summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Scope requested for the token; <c>calendar</c> covers both free/busy and events.</summary>
    public string Scope { get; set; } = "https://www.googleapis.com/auth/calendar";
}

/// <summary>Rejects unusable calendar settings at start-up, naming the setting to fix.</summary>
internal sealed class CalendarOptionsValidation(IHostEnvironment environment) : IValidateOptions<CalendarOptions>
{
    public ValidateOptionsResult Validate(string? name, CalendarOptions options)
    {
        var provider = options.Provider?.Trim();
        if (string.Equals(provider, "builtin", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        if (!options.IsGoogle)
        {
            return ValidateOptionsResult.Fail(
                $"Calendar:Provider '{options.Provider}' is not supported; use 'builtin' (the store's meetings) or 'google' (Google Calendar).");
        }

        var google = options.Google ?? new GoogleCalendarOptions();
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(google.CalendarId))
        {
            failures.Add("Calendar:Google:CalendarId is empty; set the calendar's id (Google Calendar > Settings > Integrate calendar > Calendar ID), or 'primary' with Calendar:Google:ImpersonateUser.");
        }

        var hasFile = !string.IsNullOrWhiteSpace(google.ServiceAccountKeyFile);
        var hasJson = !string.IsNullOrWhiteSpace(google.ServiceAccountJson);
        if (hasFile == hasJson)
        {
            failures.Add("Set exactly one of Calendar:Google:ServiceAccountKeyFile (path to the service account's JSON key) or Calendar:Google:ServiceAccountJson (the key's JSON text).");
        }
        else
        {
            var (json, source) = hasFile
                ? (ReadKeyFile(google.ServiceAccountKeyFile!, failures), "Calendar:Google:ServiceAccountKeyFile")
                : (google.ServiceAccountJson, "Calendar:Google:ServiceAccountJson");
            if (json is not null)
            {
                try
                {
                    _ = GoogleServiceAccountKey.Parse(json);
                }
                catch (Exception ex) when (ex is FormatException or JsonException)
                {
                    failures.Add($"{source} is not a usable service account key: {ex.Message}");
                }
            }
        }

        if (google.ImpersonateUser is { } user && !string.IsNullOrWhiteSpace(user) && !user.Contains('@', StringComparison.Ordinal))
        {
            failures.Add("Calendar:Google:ImpersonateUser must be the email address of a Workspace user (or empty).");
        }

        CheckUrl(google.TokenUrl, "Calendar:Google:TokenUrl", failures);
        CheckUrl(google.ApiBaseUrl, "Calendar:Google:ApiBaseUrl", failures);
        if (google.ApiBaseUrl is { } api && !api.AbsolutePath.EndsWith('/'))
        {
            failures.Add("Calendar:Google:ApiBaseUrl must end with '/', e.g. https://www.googleapis.com/calendar/v3/.");
        }

        if (string.IsNullOrWhiteSpace(google.Scope))
        {
            failures.Add("Calendar:Google:Scope is empty; use https://www.googleapis.com/auth/calendar.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static string ResolveKeyFile(string path, string contentRoot) => Path.GetFullPath(path, contentRoot);

    private string? ReadKeyFile(string path, List<string> failures)
    {
        var full = ResolveKeyFile(path, environment.ContentRootPath);
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failures.Add($"Calendar:Google:ServiceAccountKeyFile '{full}' cannot be read: {ex.Message}");
            return null;
        }
    }

    private static void CheckUrl(Uri? url, string setting, List<string> failures)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{setting} must be an absolute http(s) URL.");
        }
    }
}

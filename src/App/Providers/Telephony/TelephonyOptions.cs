using AiScheduler.Domain.Phones;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

public enum TelephonyProvider
{
    /// <summary>The Communication Services emulator, started in this process on a loopback port.</summary>
    Emulator,

    /// <summary>Azure Communication Services Call Automation (or a standalone emulator reached by connection string).</summary>
    Acs,
}

/// <summary>The <c>Telephony</c> configuration section.</summary>
public sealed class TelephonyOptions
{
    public const string Section = "Telephony";

    public TelephonyProvider Provider { get; set; } = TelephonyProvider.Emulator;

    /// <summary>
    /// Public base address of this app; callback URLs are built on it (ACS needs HTTPS in production). When not set, the
    /// address the host actually listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>; a wildcard host becomes 127.0.0.1).
    /// </summary>
    public Uri? CallbackBaseUri { get; set; }

    /// <summary>
    /// When set, the self-host checks at start-up that it can reach itself at <see cref="CallbackBaseUri"/> (a GET of
    /// <c>/healthz</c>; any HTTP answer will do) and refuses to start otherwise. Turn it off for a host behind a proxy or
    /// load balancer whose public address it cannot reach from inside.
    /// </summary>
    public bool CheckCallbackBaseUri { get; set; } = true;

    /// <summary>
    /// How long a signed callback URL stays valid after the call is placed or answered. It must cover the longest call
    /// (a meeting interview by phone, well under 3 hours) plus the provider's callback retries; 12 hours by default.
    /// </summary>
    public TimeSpan CallbackLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Secret that signs per-call callback URLs (at least 32 characters). Same value on every host process.</summary>
    public string? CallbackSecret { get; set; }

    public AcsTelephonyOptions Acs { get; set; } = new();

    public CallbackJwtOptions CallbackJwt { get; set; } = new();

    public EmulatorTelephonyOptions Emulator { get; set; } = new();
}

public sealed class AcsTelephonyOptions
{
    /// <summary><c>endpoint=https://x.communication.azure.com/;accesskey=BASE64</c>; leave empty to use Entra ID with <see cref="Endpoint"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The resource endpoint for Entra ID (managed identity / DefaultAzureCredential) authentication.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The ACS phone number calls come from (E.164).</summary>
    public string CallerId { get; set; } = "";

    /// <summary>Azure AI services endpoint used for text-to-speech and speech recognition in calls.</summary>
    public Uri CognitiveServicesEndpoint { get; set; } = new("https://emulator.cognitiveservices.azure.com/");

    public string ApiVersion { get; set; } = "2025-05-15";

    /// <summary>
    /// Further origins (<c>https://account.blob.core.windows.net</c>) recordings may be downloaded from, besides the
    /// Call Automation endpoint, the configured storage account and ACS's own recording storage (see RecordingSources).
    /// </summary>
    public IList<string> RecordingHosts { get; } = new List<string>();
}

/// <summary>ACS signs each callback with a JWT; in Azure mode it is required and checked against OpenID metadata.</summary>
public sealed class CallbackJwtOptions
{
    public bool Required { get; set; }

    public Uri OpenIdMetadataUri { get; set; } = new("https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration");

    /// <summary>The ACS resource's immutable resource id (the token audience).</summary>
    public string? Audience { get; set; }
}

/// <summary>The in-process emulator used when <see cref="TelephonyOptions.Provider"/> is <c>emulator</c>.</summary>
public sealed class EmulatorTelephonyOptions
{
    /// <summary>0 picks a free loopback port.</summary>
    public int Port { get; set; }

    /// <summary>Persona JSON folder; the persona library next to the app when empty.</summary>
    public string? PersonasDirectory { get; set; }

    /// <summary>Where simulated IncomingCall events go; this app's /api/eventgrid when empty.</summary>
    public Uri? EventGridEndpoint { get; set; }

    /// <summary>Scales simulated ringing and speaking times (1 = real time).</summary>
    public double TimeScale { get; set; } = 1;
}

internal sealed class TelephonyOptionsValidation : IValidateOptions<TelephonyOptions>
{
    public ValidateOptionsResult Validate(string? name, TelephonyOptions options)
    {
        var errors = new List<string>();
        if (options.CallbackBaseUri is { IsAbsoluteUri: false })
        {
            errors.Add("Telephony:CallbackBaseUri must be an absolute URL such as https://app.example.com/ (or unset to use the address the host listens on).");
        }

        if (options.CallbackLifetime < TimeSpan.FromMinutes(10) || options.CallbackLifetime > TimeSpan.FromDays(7))
        {
            errors.Add("Telephony:CallbackLifetime must be between 00:10:00 and 7.00:00:00; it must outlast the longest call and the provider's callback retries (default 12:00:00).");
        }

        if (options.Provider == TelephonyProvider.Acs)
        {
            if (string.IsNullOrWhiteSpace(options.CallbackSecret) || options.CallbackSecret.Length < 32)
            {
                errors.Add("Telephony:CallbackSecret must be set to a random string of at least 32 characters (the same on every host).");
            }

            if (string.IsNullOrWhiteSpace(options.Acs.ConnectionString) && options.Acs.Endpoint is null)
            {
                errors.Add("Set Telephony:Acs:ConnectionString (endpoint=...;accesskey=...) or Telephony:Acs:Endpoint for Entra ID authentication.");
            }
            else if (!string.IsNullOrWhiteSpace(options.Acs.ConnectionString) && !AcsConnection.TryParse(options.Acs.ConnectionString, out _, out var problem))
            {
                errors.Add("Telephony:Acs:ConnectionString is invalid: " + problem);
            }

            if (!PhoneNumber.TryParse(options.Acs.CallerId, null, out _, out _))
            {
                errors.Add("Telephony:Acs:CallerId must be the ACS phone number in E.164 form, e.g. +14255550100.");
            }
        }

        if (options.CallbackJwt.Required && string.IsNullOrWhiteSpace(options.CallbackJwt.Audience))
        {
            errors.Add("Telephony:CallbackJwt:Audience must be the ACS resource's immutable resource id when callback JWTs are required.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

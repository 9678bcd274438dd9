using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Speech;

/// <summary>
/// Settings under <c>Speech:</c>. <c>Provider</c> is <c>none</c> (the local default: the meeting room is text chat) or
/// <c>azure</c> (Azure AI Speech: REST speech-to-text for short audio and text-to-speech with SSML). Azure needs
/// <c>Region</c> (or <c>Endpoint</c>, which also points the client at a test server) and a way to sign in: <c>Key</c>
/// (sent as <c>Ocp-Apim-Subscription-Key</c>, or exchanged at the issueToken endpoint for a bearer token when
/// <c>UseIssuedToken</c> is on), or Entra ID (<c>UseEntraId</c> with the resource's <c>ResourceId</c>).
/// </summary>
public sealed class SpeechOptions
{
    public const string Section = "Speech";
    public const string NoneProvider = "none";
    public const string AzureProvider = "azure";

    public string Provider { get; set; } = NoneProvider;

    /// <summary>The Speech resource's region, e.g. <c>westeurope</c>: the endpoints are {region}.stt/.tts.speech.microsoft.com.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// One base address for the three REST paths instead of the regional hosts: speech-to-text at
    /// <c>speech/recognition/conversation/cognitiveservices/v1</c>, text-to-speech at <c>cognitiveservices/v1</c> and
    /// tokens at <c>sts/v1.0/issueToken</c> below it.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The resource key; from configuration or a secret store only (environment variable <c>Speech__Key</c>).</summary>
    public string? Key { get; set; }

    /// <summary>Exchange the key for a ~10-minute bearer token at issueToken (kept 9 minutes) instead of sending the key on each request.</summary>
    public bool UseIssuedToken { get; set; }

    /// <summary>Sign in with Entra ID (managed identity, workload identity, az login) instead of a key; needs <see cref="ResourceId"/>.</summary>
    public bool UseEntraId { get; set; }

    /// <summary>The Speech resource's Azure resource id (<c>/subscriptions/.../providers/Microsoft.CognitiveServices/accounts/...</c>), for Entra ID.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The neural voice per interview language; the defaults are Azure's standard female voices.</summary>
    public Dictionary<string, string> Voices { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en-US-JennyNeural",
        ["he"] = "he-IL-HilaNeural",
        ["fr"] = "fr-FR-DeniseNeural",
        ["de"] = "de-DE-KatjaNeural",
        ["es"] = "es-ES-ElviraNeural",
    };

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsConfigured => string.Equals(Provider, AzureProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>The voice for <paramref name="locale"/> ("fr-CA" takes the French voice); English's when the language has none.</summary>
    public string VoiceFor(string locale)
    {
        var language = (locale ?? "en").Split('-')[0];
        return Voices.TryGetValue(locale ?? "en", out var exact) ? exact
            : Voices.TryGetValue(language, out var voice) ? voice
            : Voices.GetValueOrDefault("en", "en-US-JennyNeural");
    }

    public Uri RecognitionUri => Endpoint is { } e
        ? new Uri(Slash(e), "speech/recognition/conversation/cognitiveservices/v1")
        : new Uri($"https://{Region}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1");

    public Uri SynthesisUri => Endpoint is { } e
        ? new Uri(Slash(e), "cognitiveservices/v1")
        : new Uri($"https://{Region}.tts.speech.microsoft.com/cognitiveservices/v1");

    public Uri TokenUri => Endpoint is { } e
        ? new Uri(Slash(e), "sts/v1.0/issueToken")
        : new Uri($"https://{Region}.api.cognitive.microsoft.com/sts/v1.0/issueToken");

    private static Uri Slash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}

/// <summary>Rejects unusable speech settings at start-up, naming the setting.</summary>
internal sealed class SpeechOptionsValidation : IValidateOptions<SpeechOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, SpeechOptions.NoneProvider, StringComparison.OrdinalIgnoreCase) && !options.IsConfigured)
        {
            failures.Add($"Speech:Provider '{options.Provider}' is not one of none, azure.");
        }

        if (!options.IsConfigured)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (options.Endpoint is null && (string.IsNullOrWhiteSpace(options.Region) || !options.Region.All(c => char.IsAsciiLetterOrDigit(c))))
        {
            failures.Add("Speech:Region is required (letters and digits, e.g. westeurope) unless Speech:Endpoint is set.");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add("Speech:Endpoint must be an absolute http(s) URL.");
        }

        if (options.UseEntraId)
        {
            if (string.IsNullOrWhiteSpace(options.ResourceId))
            {
                failures.Add("Speech:ResourceId is required with Speech:UseEntraId (the Speech resource's Azure resource id).");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.Key))
        {
            failures.Add("Speech:Key is required for Speech:Provider 'azure' (or turn on Speech:UseEntraId); set it from a secret store or environment variable Speech__Key.");
        }
        else if (options.Key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("Speech:Key contains spaces or line breaks; paste the key exactly as the portal shows it.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("Speech:RequestTimeout must be between 0 and 2 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

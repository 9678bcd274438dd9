using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json;
using Azure.Core;
using AiScheduler.Functions.Providers.Http;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace AiScheduler.Functions.Providers.Speech.Azure;

/// <summary>
/// Azure AI Speech over its REST APIs: speech-to-text for short audio
/// (<c>POST .../speech/recognition/conversation/cognitiveservices/v1?language=xx-XX&amp;format=simple</c>, WAV PCM 16 kHz
/// mono or OGG/Opus, JSON <c>RecognitionStatus</c>/<c>DisplayText</c>) and text-to-speech (<c>POST .../cognitiveservices/v1</c>
/// with SSML, <c>X-Microsoft-OutputFormat: riff-24khz-16bit-mono-pcm</c>, RIFF WAV back). It signs in with the key
/// (<c>Ocp-Apim-Subscription-Key</c>), a bearer token issued for the key (<c>sts/v1.0/issueToken</c>, kept 9 minutes), or
/// Entra ID (<c>aad#{resourceId}#{token}</c>). Stands in for the Speech SDK, whose native media stack a server does not need.
/// Its HttpClient has the shared outbound policy (<see cref="OutboundHttp"/>); recognition and synthesis change nothing on
/// the service, so they are marked safe to repeat, within <c>Speech:RequestTimeout</c>.
/// </summary>
public sealed class AzureSpeechClient(HttpClient http, IOptions<SpeechOptions> options, TimeProvider clock, ILogger<AzureSpeechClient> logger)
    : ISpeech
{
    public const string OutputFormat = "riff-24khz-16bit-mono-pcm";
    private const string UserAgent = "AiScheduler";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(9);
    private static readonly string[] EntraScopes = ["https://cognitiveservices.azure.com/.default"];

    private readonly SpeechOptions settings = options.Value;
    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private readonly Lazy<TokenCredential> entra = new(() => new DefaultAzureCredential());
    private (string Token, DateTimeOffset Until)? issued;

    public async Task<RecognizedSpeech> RecognizeAsync(ReadOnlyMemory<byte> audio, string contentType, string locale, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentException.ThrowIfNullOrWhiteSpace(locale);
        var uri = new Uri(settings.RecognitionUri + "?language=" + Uri.EscapeDataString(locale) + "&format=simple&profanity=masked");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(audio) };
        // Speech documents "audio/wav; codecs=audio/pcm; samplerate=16000", whose unquoted slash a strict parser refuses.
        if (!request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType))
        {
            throw new ArgumentException($"'{contentType}' is not a usable content type.", nameof(contentType));
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendAsync(request, "speech-to-text", cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            var status = json.RootElement.TryGetProperty("RecognitionStatus", out var s) ? s.GetString() ?? "" : "";
            var text = json.RootElement.TryGetProperty("DisplayText", out var t) ? t.GetString() : null;
            Log.Recognized(logger, locale, status, text?.Length ?? 0);
            if (status == "Error")
            {
                throw new SpeechException("Azure Speech could not recognise the audio (RecognitionStatus Error).", (int)response.StatusCode);
            }

            return new RecognizedSpeech(status, status == RecognizedSpeech.Success ? text?.Trim() : null);
        }
        catch (JsonException e)
        {
            throw new SpeechException("Azure Speech answered speech-to-text with something other than its JSON result.", (int)response.StatusCode, e);
        }
    }

    public async Task<SynthesizedSpeech> SynthesizeAsync(string text, string locale, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(locale);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.SynthesisUri)
        {
            Content = new StringContent(Ssml(text, locale, settings.VoiceFor(locale)), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ssml+xml");
        request.Headers.Add("X-Microsoft-OutputFormat", OutputFormat);
        using var response = await SendAsync(request, "text-to-speech", cancellationToken);
        var audio = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (audio.Length < 44 || !audio.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !audio.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new SpeechException("Azure Speech answered text-to-speech with something other than a RIFF WAV file.", (int)response.StatusCode);
        }

        Log.Synthesized(logger, locale, audio.Length);
        return new SynthesizedSpeech(audio, "audio/wav");
    }

    /// <summary>The SSML for one line: the text escaped, in the locale's voice.</summary>
    public static string Ssml(string text, string locale, string voice) =>
        $"<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"{SecurityElement.Escape(locale)}\">" +
        $"<voice name=\"{SecurityElement.Escape(voice)}\">{SecurityElement.Escape(text)}</voice></speak>";

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.MarkRetrySafe();
        await AuthorizeAsync(request, cancellationToken);
        using var timeout = new CancellationTokenSource(settings.RequestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, linked.Token);
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SpeechException($"Azure Speech {what} did not answer within {settings.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new SpeechException($"Azure Speech {what} could not be reached: {e.Message}", null, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = (int)response.StatusCode;
        response.Dispose();
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            issued = null;
        }

        Log.Failed(logger, what, status);
        throw new SpeechException(status switch
        {
            400 => $"Azure Speech refused the {what} request (400): unsupported language, audio or SSML.",
            401 or 403 => $"Azure Speech refused the credentials ({status}): check Speech:Key and Speech:Region (they must belong to the same resource).",
            415 => $"Azure Speech refused the {what} content type (415).",
            429 => $"Azure Speech is throttling {what} requests (429); try again shortly.",
            _ => $"Azure Speech {what} failed with status {status}.",
        }, status);
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (settings.UseEntraId)
        {
            var token = await entra.Value.GetTokenAsync(new TokenRequestContext(EntraScopes), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"aad#{settings.ResourceId}#{token.Token}");
            return;
        }

        if (!settings.UseIssuedToken)
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", settings.Key);
            return;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await IssuedTokenAsync(cancellationToken));
    }

    private async Task<string> IssuedTokenAsync(CancellationToken cancellationToken)
    {
        if (issued is { } current && current.Until > clock.GetUtcNow())
        {
            return current.Token;
        }

        await tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (issued is { } again && again.Until > clock.GetUtcNow())
            {
                return again.Token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUri) { Content = new ByteArrayContent([]) };
            request.Headers.Add("Ocp-Apim-Subscription-Key", settings.Key);
            request.Headers.UserAgent.ParseAdd(UserAgent);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.Failed(logger, "issueToken", (int)response.StatusCode);
                throw new SpeechException(
                    $"Azure Speech refused to issue a token ({(int)response.StatusCode}): check Speech:Key and Speech:Region.", (int)response.StatusCode);
            }

            var token = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            issued = (token, clock.GetUtcNow() + TokenLifetime);
            return token;
        }
        finally
        {
            tokenGate.Release();
        }
    }
}

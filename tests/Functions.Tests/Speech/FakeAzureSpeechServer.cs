using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Functions.Tests.Speech;

/// <summary>
/// Azure AI Speech's REST surface on 127.0.0.1, speaking the real wire protocol and checking what a client sends as the
/// service does: speech-to-text for short audio (<c>POST /speech/recognition/conversation/cognitiveservices/v1?language=..</c>,
/// WAV PCM 16 kHz mono 16-bit or OGG/Opus, JSON <c>RecognitionStatus</c>/<c>DisplayText</c>; 400 without a language or
/// with audio it cannot read, 401 for a wrong key, 403 without one), text-to-speech (<c>POST /cognitiveservices/v1</c>,
/// <c>application/ssml+xml</c> with a voice, <c>X-Microsoft-OutputFormat</c> and a User-Agent; a RIFF WAV tone back) and
/// <c>POST /sts/v1.0/issueToken</c> (a bearer token for the key). It does not understand speech: it hears whether the
/// audio carries sound (not silence) and answers the text the test scripted for the language.
/// </summary>
public sealed class FakeAzureSpeechServer : IAsyncDisposable
{
    public const string Key = "fake-speech-key-0123456789";
    public const string IssuedToken = "eyJhbGciOiJIUzI1NiJ9.fake-speech-token.signature";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> heard = new(StringComparer.OrdinalIgnoreCase);

    private FakeAzureSpeechServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request: path and query, the auth it carried, its content type and body.</summary>
    public ConcurrentQueue<SpeechRequest> Requests { get; } = new();

    public static async Task<FakeAzureSpeechServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAzureSpeechServer(app);
        app.MapPost("/speech/recognition/conversation/cognitiveservices/v1", server.RecognizeAsync);
        app.MapPost("/cognitiveservices/v1", server.SynthesizeAsync);
        app.MapPost("/sts/v1.0/issueToken", server.IssueTokenAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>What the service "recognises" next in <paramref name="locale"/> (each utterance with sound takes the next one).</summary>
    public FakeAzureSpeechServer Hears(string locale, params string[] texts)
    {
        var queue = heard.GetOrAdd(locale, _ => new ConcurrentQueue<string>());
        foreach (var text in texts)
        {
            queue.Enqueue(text);
        }

        return this;
    }

    public SpeechRequest[] Received => [.. Requests];

    private async Task RecognizeAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        var request = Record(context, body);
        if (await RefuseAsync(context, request))
        {
            return;
        }

        var language = context.Request.Query["language"].ToString();
        if (language.Length == 0)
        {
            await ErrorAsync(context, 400, "The language parameter is missing.");
            return;
        }

        var contentType = request.ContentType;
        if (!contentType.StartsWith("audio/wav", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("audio/ogg", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 400, $"Unsupported audio format '{contentType}'.");
            return;
        }

        string status;
        if (contentType.StartsWith("audio/wav", StringComparison.OrdinalIgnoreCase))
        {
            if (Wav.TryRead(body) is not { } wav || wav.SampleRate != 16000 || wav.Channels != 1 || wav.BitsPerSample != 16)
            {
                await ErrorAsync(context, 400, "The audio must be WAV PCM, 16 kHz, 16-bit, mono.");
                return;
            }

            status = wav.Samples.Length == 0 ? "InitialSilenceTimeout" : wav.Rms() < 300 ? "InitialSilenceTimeout" : "Success";
        }
        else
        {
            status = body.Length > 200 ? "Success" : "InitialSilenceTimeout";
        }

        string? text = null;
        if (status == "Success" && !(heard.TryGetValue(language, out var queue) && queue.TryDequeue(out text)))
        {
            status = "NoMatch";
        }

        var result = new JsonObject { ["RecognitionStatus"] = status, ["Offset"] = 1_000_000, ["Duration"] = 25_000_000 };
        if (text is not null)
        {
            result["DisplayText"] = text;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(result.ToJsonString(), context.RequestAborted);
    }

    private async Task SynthesizeAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        var request = Record(context, body);
        if (await RefuseAsync(context, request))
        {
            return;
        }

        if (!request.ContentType.StartsWith("application/ssml+xml", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 415, "Content-Type must be application/ssml+xml.");
            return;
        }

        if (string.IsNullOrWhiteSpace(context.Request.Headers.UserAgent) || context.Request.Headers["X-Microsoft-OutputFormat"].ToString() != "riff-24khz-16bit-mono-pcm")
        {
            await ErrorAsync(context, 400, "User-Agent and a supported X-Microsoft-OutputFormat are required.");
            return;
        }

        string text;
        try
        {
            var ssml = XDocument.Parse(Encoding.UTF8.GetString(body));
            XNamespace ns = "http://www.w3.org/2001/10/synthesis";
            var voice = ssml.Root?.Element(ns + "voice");
            if (ssml.Root?.Name != ns + "speak" || ssml.Root.Attribute(XNamespace.Xml + "lang") is null || voice?.Attribute("name") is null)
            {
                await ErrorAsync(context, 400, "The SSML needs <speak xml:lang> with a <voice name>.");
                return;
            }

            text = voice.Value;
        }
        catch (XmlException)
        {
            await ErrorAsync(context, 400, "The SSML is not well-formed XML.");
            return;
        }

        context.Response.ContentType = "audio/x-wav";
        var tone = Wav.Tone(24000, TimeSpan.FromMilliseconds(Math.Clamp(text.Length * 20, 300, 3000)));
        await context.Response.Body.WriteAsync(tone, context.RequestAborted);
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var request = Record(context, await ReadAsync(context));
        if (request.SubscriptionKey != Key)
        {
            await ErrorAsync(context, request.SubscriptionKey.Length == 0 ? 403 : 401, "Access denied due to invalid subscription key.");
            return;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(IssuedToken, context.RequestAborted);
    }

    /// <summary>A request without the key or the issued token is refused as the service does (403 none, 401 wrong).</summary>
    private static async Task<bool> RefuseAsync(HttpContext context, SpeechRequest request)
    {
        if (request.SubscriptionKey == Key || request.Authorization == "Bearer " + IssuedToken)
        {
            return false;
        }

        var none = request.SubscriptionKey.Length == 0 && request.Authorization.Length == 0;
        await ErrorAsync(context, none ? 403 : 401, none ? "Missing subscription key or token." : "Access denied due to invalid subscription key or token.");
        return true;
    }

    private SpeechRequest Record(HttpContext context, byte[] body)
    {
        var request = new SpeechRequest(
            context.Request.Path.Value + context.Request.QueryString.Value,
            context.Request.Headers["Ocp-Apim-Subscription-Key"].ToString(),
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType ?? "",
            body);
        Requests.Enqueue(request);
        return request;
    }

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture), ["message"] = message } }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>One request the fake speech service received.</summary>
public sealed record SpeechRequest(string PathAndQuery, string SubscriptionKey, string Authorization, string ContentType, byte[] Body);

/// <summary>A PCM WAV file read or written by the speech tests.</summary>
public sealed record Wav(int SampleRate, int Channels, int BitsPerSample, short[] Samples)
{
    /// <summary>The file's PCM samples, or null when it is not a RIFF/WAVE PCM file.</summary>
    public static Wav? TryRead(byte[] file)
    {
        if (file.Length < 44 || Encoding.ASCII.GetString(file, 0, 4) != "RIFF" || Encoding.ASCII.GetString(file, 8, 4) != "WAVE")
        {
            return null;
        }

        int rate = 0, channels = 0, bits = 0;
        for (var at = 12; at + 8 <= file.Length;)
        {
            var id = Encoding.ASCII.GetString(file, at, 4);
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4)), (uint)(file.Length - at - 8));
            if (id == "fmt ")
            {
                if (BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 8)) != 1)
                {
                    return null;
                }

                channels = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 12));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 22));
            }
            else if (id == "data" && bits == 16)
            {
                var samples = new short[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(at + 8 + i * 2));
                }

                return new Wav(rate, channels, bits, samples);
            }

            at += 8 + size + (size & 1);
        }

        return null;
    }

    /// <summary>Root mean square of the samples: silence is near 0, speech in the thousands.</summary>
    public double Rms() => Samples.Length == 0 ? 0 : Math.Sqrt(Samples.Average(s => (double)s * s));

    /// <summary>The same samples with <paramref name="silence"/> after them (so a looping fake microphone pauses).</summary>
    public Wav WithSilence(TimeSpan silence) =>
        this with { Samples = [.. Samples, .. new short[(int)(SampleRate * Channels * silence.TotalSeconds)]] };

    public byte[] ToBytes()
    {
        var data = Samples.Length * 2;
        var file = new byte[44 + data];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(file, 0);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), 36 + data);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(file, 8);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(22), (short)Channels);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), SampleRate * Channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(32), (short)(Channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(file, 36);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(40), data);
        for (var i = 0; i < Samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(44 + i * 2), Samples[i]);
        }

        return file;
    }

    /// <summary>A 440 Hz tone as a mono 16-bit WAV file (what the fake synthesiser answers).</summary>
    public static byte[] Tone(int rate, TimeSpan length)
    {
        var samples = new short[(int)(rate * length.TotalSeconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate));
        }

        return new Wav(rate, 1, 16, samples).ToBytes();
    }
}

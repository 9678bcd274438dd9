namespace AiScheduler.Functions.Providers.Speech;

/// <summary>
/// The speech provider port: speech-to-text for one short utterance and text-to-speech for one line. Azure AI Speech
/// implements it (<see cref="Azure.AzureSpeechClient"/>); without a configured service (<c>Speech:Provider</c> =
/// <c>none</c>, the local default) the meeting room offers text chat only.
/// </summary>
public interface ISpeech
{
    /// <summary>Recognises one utterance (WAV PCM 16 kHz mono, or OGG/Opus; at most 60 s) said in <paramref name="locale"/> ("fr-FR").</summary>
    Task<RecognizedSpeech> RecognizeAsync(ReadOnlyMemory<byte> audio, string contentType, string locale, CancellationToken cancellationToken);

    /// <summary>Speaks <paramref name="text"/> in <paramref name="locale"/> with that language's configured voice: a RIFF WAV file.</summary>
    Task<SynthesizedSpeech> SynthesizeAsync(string text, string locale, CancellationToken cancellationToken);
}

/// <summary>
/// What was heard: <see cref="Text"/> when <see cref="Status"/> is <c>Success</c>; otherwise null (<c>NoMatch</c>,
/// <c>InitialSilenceTimeout</c>, <c>BabbleTimeout</c>: nothing usable was said).
/// </summary>
public sealed record RecognizedSpeech(string Status, string? Text)
{
    public const string Success = "Success";

    public bool Recognized => Status == Success && !string.IsNullOrWhiteSpace(Text);
}

/// <summary>Synthesised speech: the audio file and its media type (<c>audio/wav</c>).</summary>
public sealed record SynthesizedSpeech(byte[] Audio, string ContentType);

/// <summary>The speech service failed or refused the request (bad key, throttled, bad audio); the message says which.</summary>
public sealed class SpeechException(string message, int? status = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status the service answered, when it answered.</summary>
    public int? Status { get; } = status;
}

/// <summary>The speech port when no speech service is configured: every call explains how to configure one.</summary>
internal sealed class NoSpeech : ISpeech
{
    public const string Explanation = "No speech service is configured: set Speech:Provider to 'azure' with Speech:Region and Speech:Key.";

    public Task<RecognizedSpeech> RecognizeAsync(ReadOnlyMemory<byte> audio, string contentType, string locale, CancellationToken cancellationToken) =>
        throw new SpeechException(Explanation);

    public Task<SynthesizedSpeech> SynthesizeAsync(string text, string locale, CancellationToken cancellationToken) =>
        throw new SpeechException(Explanation);
}

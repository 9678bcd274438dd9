using System.Text;
using AiScheduler.Functions.Providers.Speech;
using AiScheduler.Functions.Providers.Speech.Azure;
using AiScheduler.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Speech;

/// <summary>
/// The Azure AI Speech adapter against a server speaking Speech's REST protocol: speech-to-text for short audio (query
/// language and format, WAV content type, RecognitionStatus/DisplayText), text-to-speech (SSML with the locale's voice,
/// escaped text, the RIFF output format), both ways to sign in with the key, and failures named for the operator.
/// </summary>
public sealed class AzureSpeechClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AzureSpeechClient Client(FakeAzureSpeechServer server, string key = FakeAzureSpeechServer.Key, bool issuedToken = false) =>
        new(new HttpClient(), Options.Create(new SpeechOptions
        {
            Provider = SpeechOptions.AzureProvider,
            Endpoint = server.BaseAddress,
            Key = key,
            UseIssuedToken = issuedToken,
        }), TestClocks.StartingAt(TestClocks.Default), NullLogger<AzureSpeechClient>.Instance);

    private static byte[] Spoken() => new Wav(16000, 1, 16, [.. Wav.TryRead(Wav.Tone(16000, TimeSpan.FromSeconds(1)))!.Samples]).ToBytes();

    [Fact]
    public async Task Speech_is_recognised_in_the_locale_with_the_key_header()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync(Ct);
        server.Hears("fr-FR", "Nous avons un budget de cinquante mille euros.");

        var heard = await Client(server).RecognizeAsync(Spoken(), "audio/wav; codecs=audio/pcm; samplerate=16000", "fr-FR", Ct);

        Assert.True(heard.Recognized);
        Assert.Equal(("Success", "Nous avons un budget de cinquante mille euros."), (heard.Status, heard.Text));
        var request = Assert.Single(server.Received);
        Assert.StartsWith("/speech/recognition/conversation/cognitiveservices/v1?language=fr-FR&format=simple", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal((FakeAzureSpeechServer.Key, ""), (request.SubscriptionKey, request.Authorization));
        Assert.StartsWith("audio/wav", request.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_is_not_recognised()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync(Ct);
        server.Hears("en-US", "never said");
        var silence = new Wav(16000, 1, 16, new short[16000]).ToBytes();

        var heard = await Client(server).RecognizeAsync(silence, "audio/wav", "en-US", Ct);

        Assert.False(heard.Recognized);
        Assert.Equal(("InitialSilenceTimeout", null), (heard.Status, heard.Text));
    }

    [Fact]
    public async Task Text_is_spoken_as_escaped_ssml_in_the_locales_voice_and_comes_back_as_riff_wav()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync(Ct);

        var spoken = await Client(server).SynthesizeAsync("שלום <b>דנה</b> & \"צוות\"", "he-IL", Ct);

        Assert.Equal("audio/wav", spoken.ContentType);
        var wav = Wav.TryRead(spoken.Audio);
        Assert.Equal((24000, 1, 16), (wav!.SampleRate, wav.Channels, wav.BitsPerSample));
        var request = Assert.Single(server.Received);
        Assert.Equal("/cognitiveservices/v1", request.PathAndQuery);
        Assert.StartsWith("application/ssml+xml", request.ContentType, StringComparison.Ordinal);
        var ssml = Encoding.UTF8.GetString(request.Body);
        Assert.Contains("xml:lang=\"he-IL\"", ssml, StringComparison.Ordinal);
        Assert.Contains("<voice name=\"he-IL-HilaNeural\">", ssml, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;דנה&lt;/b&gt; &amp; &quot;צוות&quot;", ssml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_issued_tokens_the_key_is_exchanged_once_and_requests_carry_the_bearer_token()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync(Ct);
        server.Hears("en-US", "Yes.", "No.");
        var client = Client(server, issuedToken: true);

        await client.RecognizeAsync(Spoken(), "audio/wav", "en-US", Ct);
        await client.SynthesizeAsync("Thank you.", "en-US", Ct);
        await client.RecognizeAsync(Spoken(), "audio/wav", "en-US", Ct);

        var requests = server.Received;
        Assert.Equal("/sts/v1.0/issueToken", requests[0].PathAndQuery);
        Assert.Equal(FakeAzureSpeechServer.Key, requests[0].SubscriptionKey);
        Assert.Equal(4, requests.Length);
        Assert.All(requests.Skip(1), request =>
            Assert.Equal(("", "Bearer " + FakeAzureSpeechServer.IssuedToken), (request.SubscriptionKey, request.Authorization)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_wrong_key_fails_with_a_message_naming_the_settings(bool issuedToken)
    {
        await using var server = await FakeAzureSpeechServer.StartAsync(Ct);

        var failure = await Assert.ThrowsAsync<SpeechException>(() => Client(server, "wrong-key", issuedToken).SynthesizeAsync("Hello.", "en-US", Ct));

        Assert.Equal(401, failure.Status);
        Assert.Contains("Speech:Key", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_without_a_key_or_region_is_refused_at_start_naming_the_settings()
    {
        var result = new SpeechOptionsValidation().Validate(null, new SpeechOptions { Provider = "azure" });

        Assert.True(result.Failed);
        Assert.Contains("Speech:Region", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Speech:Key", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new SpeechOptionsValidation().Validate(null, new SpeechOptions()).Succeeded);
        Assert.True(new SpeechOptionsValidation().Validate(null, new SpeechOptions { Provider = "azure", Region = "westeurope", Key = "k" }).Succeeded);
        Assert.Equal("https://westeurope.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1",
            new SpeechOptions { Region = "westeurope" }.RecognitionUri.ToString());
        Assert.True(new SpeechOptionsValidation().Validate(null, new SpeechOptions { Provider = "whisper" }).Failed);
    }
}

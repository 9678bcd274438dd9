using AiScheduler.Emulators.Recordings;
using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

public class RecordingTests
{
    private const string Number = "+14255550123";

    [Fact]
    public async Task A_stopped_recording_is_announced_by_Event_Grid_and_downloads_as_16kHz_mono_WAV()
    {
        await using var emulator = await Emulator.StartAsync();
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        var connected = await emulator.Sink.WaitForAsync("CallConnected");
        var serverCallId = connected["data"]!["serverCallId"]!.GetValue<string>();

        var (startStatus, started) = await emulator.Client.PostAsync("/calling/recordings", new
        {
            callLocator = new { kind = "serverCallLocator", serverCallId },
            recordingContentType = "audio",
            recordingChannelType = "mixed",
            recordingFormatType = "wav",
        });
        var recordingId = started!["recordingId"]!.GetValue<string>();
        await emulator.Client.RecognizeAsync(callId, Number, "Hello, this call is recorded.");
        await emulator.Sink.WaitForAsync("RecognizeCompleted");
        var (_, state) = await emulator.Client.SendAsync(HttpMethod.Get, $"/calling/recordings/{recordingId}?{SignedAcsClient.ApiVersion}");
        var (stopStatus, _) = await emulator.Client.SendAsync(HttpMethod.Delete, $"/calling/recordings/{recordingId}?{SignedAcsClient.ApiVersion}");
        var file = await emulator.Sink.WaitForAsync("RecordingFileStatusUpdated");
        var chunk = file["data"]!["recordingStorageInfo"]!["recordingChunks"]![0]!;
        var content = new Uri(chunk["contentLocation"]!.GetValue<string>());
        var (downloadStatus, _) = await emulator.Client.SendAsync(HttpMethod.Get, content.PathAndQuery);
        var wav = await DownloadAsync(emulator, content);
        var (samples, rate) = WavFile.Read(wav);

        Assert.Equal(200, startStatus);
        Assert.Equal("active", started["recordingState"]!.GetValue<string>());
        Assert.Equal("active", state!["recordingState"]!.GetValue<string>());
        Assert.Equal(204, stopStatus);
        Assert.Equal(200, downloadStatus);
        Assert.Equal(16000, rate);
        Assert.NotEmpty(samples);
        var changes = emulator.Sink.Events.Where(e => EventSink.Type(e) == "RecordingStateChanged").Select(e => e["data"]!["state"]!.GetValue<string>()).ToList();
        Assert.Equal(["active", "inactive"], changes);
        var (_, metadata) = await emulator.Client.SendAsync(HttpMethod.Get, new Uri(chunk["metadataLocation"]!.GetValue<string>()).PathAndQuery);
        Assert.Contains(metadata!["transcript"]!.AsArray(), l => l!["text"]!.GetValue<string>() == "Hello, this call is recorded.");
    }

    [Fact]
    public async Task A_call_that_ends_while_recording_finishes_its_recording()
    {
        await using var emulator = await Emulator.StartAsync();
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");
        await emulator.Client.PostAsync("/calling/recordings", new { callConnectionId = callId });

        await emulator.Client.SendAsync(HttpMethod.Delete, $"/calling/callConnections/{callId}?{SignedAcsClient.ApiVersion}");
        var file = await emulator.Sink.WaitForAsync("RecordingFileStatusUpdated");

        Assert.Equal("CallEnded", file["data"]!["sessionEndReason"]!.GetValue<string>());
        await emulator.Sink.WaitForAsync("CallDisconnected");
    }

    [Fact]
    public async Task Recordings_are_speech_when_espeak_ng_is_installed_and_silence_of_the_same_shape_otherwise()
    {
        var espeak = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "espeak-ng")));
        await using var emulator = await Emulator.StartAsync(o => o.RenderSpeech = true);
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");
        await emulator.Client.PostAsync("/calling/recordings", new { callConnectionId = callId });
        await emulator.Client.RecognizeAsync(callId, Number, "Good morning, this is the scheduling assistant.");
        await emulator.Sink.WaitForAsync("RecognizeCompleted");

        await emulator.Client.PostAsync($"/calling/callConnections/{callId}:terminate", new { });
        var file = await emulator.Sink.WaitForAsync("RecordingFileStatusUpdated");
        var content = new Uri(file["data"]!["recordingStorageInfo"]!["recordingChunks"]![0]!["contentLocation"]!.GetValue<string>());
        var (samples, rate) = WavFile.Read(await DownloadAsync(emulator, content));

        Assert.Equal(16000, rate);
        Assert.True(samples.Length > rate, "two utterances last more than a second");
        Assert.Equal(espeak, samples.Any(s => Math.Abs((int)s) > 1000));
    }

    [Fact]
    public void Written_WAV_files_read_back_and_resample()
    {
        var tone = Enumerable.Range(0, 22050).Select(i => (short)(Math.Sin(i / 10.0) * 8000)).ToArray();

        var (samples, rate) = WavFile.Read(WavFile.Write(tone, 22050));
        var resampled = WavFile.Resample(samples, rate, 16000);

        Assert.Equal(tone, samples);
        Assert.Equal(16000, resampled.Length);
    }

    private static async Task<byte[]> DownloadAsync(Emulator emulator, Uri content)
    {
        // The signed client reads JSON; fetch the bytes with the same signature scheme by hand.
        var client = new SignedAcsClient(emulator.Host.Endpoint, emulator.Host.AccessKey);
        byte[]? bytes = null;
        client.Tamper = async (request, _) =>
        {
            using var http = new HttpClient();
            using var copy = new HttpRequestMessage(request.Method, content);
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            using var response = await http.SendAsync(copy);
            bytes = await response.Content.ReadAsByteArrayAsync();
        };
        await client.SendAsync(HttpMethod.Get, content.PathAndQuery);
        client.Dispose();
        return bytes!;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Speech;
using AiScheduler.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AiScheduler.Functions.Tests.Meetings.Room;

/// <summary>
/// Voice in the meeting room with a speech service configured (a server speaking Azure AI Speech's REST protocol): in
/// Debian's Chromium with a fake microphone playing a sentence espeak-ng spoke, the lead presses Speak, the page records
/// 16 kHz mono WAV through an AudioWorklet and sends it with the room token; the answer is recognised in the lead's
/// language, enters the interview like a typed one, and the AI's reply comes back as synthesised audio the page plays.
/// Without a speech service the room says it is text chat and the speech endpoint refuses (409).
/// </summary>
public sealed class MeetingRoomVoiceTests(PostgresFixture postgres)
{
    private const string Said = "Our sales team loses about ten hours every week booking meetings by hand.";
    private const string Recognised = "Our sales team loses about 10 hours every week booking meetings by hand.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_lead_answers_by_voice_in_the_browser_and_hears_the_AIs_reply()
    {
        await using var speech = await FakeAzureSpeechServer.StartAsync(Ct);
        await using var host = await StartAsync(speech);
        var (meeting, locale) = await RoomMeetingAsync(host);
        speech.Hears(locale, Recognised);
        var microphone = await SpokenWavAsync(Said);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = MeetingRoomBrowserTests.Chromium,
            Headless = true,
            Args =
            [
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={microphone.Path}",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        await using var context = await browser.NewContextAsync();
        await BrowserClock.PinAsync(context, host.Clock);
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await page.GotoAsync(Local(host, meeting.JoinUrl));
        await Expect(page.GetByTestId("connection")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("mode")).ToContainTextAsync("Voice and text chat");
        var aiLines = page.Locator("[data-testid=transcript] li.line-ai .line-text");
        await Expect(aiLines).ToHaveCountAsync(1);
        var replyAudio = page.WaitForResponseAsync(response => response.Url.Contains("/speech/lines/", StringComparison.Ordinal));

        await page.GetByTestId("mic").ClickAsync();
        await Expect(page.GetByTestId("mic")).ToHaveTextAsync("Stop and send");
        // Let the fake microphone play the whole sentence (it loops the file: sentence, then silence).
        await Task.Delay(microphone.Speech + TimeSpan.FromMilliseconds(700), Ct);
        await page.GetByTestId("mic").ClickAsync();

        await Expect(page.GetByTestId("voice-note")).ToContainTextAsync($"Heard: “{Recognised}”", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=transcript] li.line-lead .line-text")).ToHaveTextAsync([Recognised]);
        await Expect(aiLines).ToHaveCountAsync(2);
        // The reply is fetched as synthesised speech and played.
        var audio = await replyAudio;
        Assert.Equal(200, audio.Status);
        Assert.StartsWith("audio/wav", audio.Headers["content-type"], StringComparison.Ordinal);
        // The page played the WAV to its end (the audio element's "ended"), so the browser decoded it.
        await Expect(page.GetByTestId("ai-audio")).ToHaveTextAsync("The AI assistant answered aloud.", new() { Timeout = 30_000 });
        Assert.Empty(pageErrors);

        // What the browser sent: 16 kHz mono 16-bit WAV carrying the sentence (not silence), recognised in the lead's
        // language with the key; the reply spoken with the English voice.
        var recognition = Assert.Single(speech.Received, r => r.PathAndQuery.StartsWith("/speech/recognition/", StringComparison.Ordinal));
        // The lead's own locale (a London number: en-GB).
        Assert.Contains($"language={locale}", recognition.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(FakeAzureSpeechServer.Key, recognition.SubscriptionKey);
        var sent = Wav.TryRead(recognition.Body)!;
        Assert.Equal((16000, 1, 16), (sent.SampleRate, sent.Channels, sent.BitsPerSample));
        Assert.True(sent.Samples.Length >= 16000 * 3, $"the recording holds {sent.Samples.Length / 16000.0:0.0} s");
        Assert.True(sent.Rms() > 300, $"the recording is silent (RMS {sent.Rms():0})");
        Assert.Contains(speech.Received, r => r.PathAndQuery == "/cognitiveservices/v1"
            && System.Text.Encoding.UTF8.GetString(r.Body).Contains("en-US-JennyNeural", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_speech_endpoint_takes_the_room_token_feeds_the_interview_and_speaks_the_AIs_lines()
    {
        await using var speech = await FakeAzureSpeechServer.StartAsync(Ct);
        await using var host = await StartAsync(speech);
        var (meeting, locale) = await RoomMeetingAsync(host);
        speech.Hears(locale, Recognised);
        var links = (await host.Client.GetFromJsonAsync<RoomLinks>($"/api/meetings/{meeting.Id:D}/room", MeetingTestHost.Json, Ct))!;
        var token = TokenOf(links.Lead);
        var interviews = host.App.Services.GetRequiredService<MeetingInterviews>();
        await interviews.BeginAsync(Workspaces.DefaultId, meeting.Id, "room", Ct);
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };

        using (var unsigned = await anonymous.PostAsync($"/meet/{meeting.Id:D}/speech", Audio(Wav.Tone(16000, TimeSpan.FromSeconds(1))), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        using (var text = new HttpRequestMessage(HttpMethod.Post, $"/meet/{meeting.Id:D}/speech") { Content = new StringContent("hello") })
        {
            text.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var refused = await anonymous.SendAsync(text, Ct);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        }

        using var spoken = new HttpRequestMessage(HttpMethod.Post, $"/meet/{meeting.Id:D}/speech") { Content = Audio(Wav.Tone(16000, TimeSpan.FromSeconds(1))) };
        spoken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answered = await anonymous.SendAsync(spoken, Ct);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var heard = (await answered.Content.ReadFromJsonAsync<RoomHeard>(MeetingTestHost.Json, Ct))!;
        Assert.Equal((Recognised, "Success"), (heard.Heard, heard.Status));
        var transcript = await interviews.TranscriptAsync(Workspaces.DefaultId, meeting.Id, Ct);
        Assert.Equal(Recognised, transcript.Single(line => line.Speaker == TranscriptSpeakers.Lead).Text);
        var reply = transcript.Last(line => line.Speaker == TranscriptSpeakers.Ai);

        using var line = new HttpRequestMessage(HttpMethod.Get, $"/meet/{meeting.Id:D}/speech/lines/{reply.Seq}");
        line.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var voiced = await anonymous.SendAsync(line, Ct);
        Assert.Equal(HttpStatusCode.OK, voiced.StatusCode);
        Assert.Equal("audio/wav", voiced.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(Wav.TryRead(await voiced.Content.ReadAsByteArrayAsync(Ct)));
        var ssml = System.Text.Encoding.UTF8.GetString(speech.Received.Last().Body);
        Assert.Contains(System.Security.SecurityElement.Escape(reply.Text), ssml, StringComparison.Ordinal);

        using var leadLine = new HttpRequestMessage(HttpMethod.Get,
            $"/meet/{meeting.Id:D}/speech/lines/{transcript.Single(l => l.Speaker == TranscriptSpeakers.Lead).Seq}");
        leadLine.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var notAi = await anonymous.SendAsync(leadLine, Ct);
        Assert.Equal(HttpStatusCode.NotFound, notAi.StatusCode);
    }

    [Fact]
    public async Task Without_a_speech_service_the_speech_endpoint_says_the_room_is_text_chat()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var (meeting, _) = await RoomMeetingAsync(host);
        var links = (await host.Client.GetFromJsonAsync<RoomLinks>($"/api/meetings/{meeting.Id:D}/room", MeetingTestHost.Json, Ct))!;
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
        using var spoken = new HttpRequestMessage(HttpMethod.Post, $"/meet/{meeting.Id:D}/speech") { Content = Audio(Wav.Tone(16000, TimeSpan.FromSeconds(1))) };
        spoken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(links.Lead));

        using var refused = await anonymous.SendAsync(spoken, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("voice needs a configured speech service", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private Task<MeetingTestHost> StartAsync(FakeAzureSpeechServer speech) =>
        MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct, settings: new Dictionary<string, string?>
        {
            ["Speech:Provider"] = "azure",
            ["Speech:Endpoint"] = speech.BaseAddress.ToString(),
            ["Speech:Key"] = FakeAzureSpeechServer.Key,
        });

    /// <summary>A meeting held in the room, and its lead's language (the speech locale the room recognises in).</summary>
    private static async Task<(MeetingDetails Meeting, string Locale)> RoomMeetingAsync(MeetingTestHost host)
    {
        var lead = await host.AddLeadAsync("Dana Levi", "+442079460958", "dana@example.com", Ct);
        using var created = await host.Client.PostAsJsonAsync("/api/meetings",
            new { leadId = lead.Id, startUtc = host.LondonWorkdayAt(10), joinMode = "room" }, MeetingTestHost.Json, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return ((await created.Content.ReadFromJsonAsync<MeetingDetails>(MeetingTestHost.Json, Ct))!,
            RoomSpeech.LocaleFor(lead.Language.Split('-')[0], lead.Language));
    }

    private static ByteArrayContent Audio(byte[] wav)
    {
        var content = new ByteArrayContent(wav);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return content;
    }

    private static string TokenOf(string link) => System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["t"]!;

    private static string Local(MeetingTestHost host, string link) => new Uri(host.Client.BaseAddress!, new Uri(link).PathAndQuery).ToString();

    /// <summary>
    /// The sentence spoken by espeak-ng (test.sh installs it) as the fake microphone's file, followed by three seconds of
    /// silence, and how long the speech itself lasts.
    /// </summary>
    private static async Task<(string Path, TimeSpan Speech)> SpokenWavAsync(string sentence)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"aischeduler-voice-{Guid.NewGuid():N}.wav");
        using var espeak = Process.Start(new ProcessStartInfo("espeak-ng", ["-v", "en-us", "-s", "150", "-w", path, sentence])
        {
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("espeak-ng did not start; install it (apt-get install espeak-ng), as test.sh does.");
        await espeak.WaitForExitAsync(Ct);
        Assert.True(espeak.ExitCode == 0, "espeak-ng failed: " + await espeak.StandardError.ReadToEndAsync(Ct));
        var wav = Wav.TryRead(await File.ReadAllBytesAsync(path, Ct))!;
        await File.WriteAllBytesAsync(path, wav.WithSilence(TimeSpan.FromSeconds(3)).ToBytes(), Ct);
        return (path, TimeSpan.FromSeconds(wav.Samples.Length / (double)wav.SampleRate));
    }
}

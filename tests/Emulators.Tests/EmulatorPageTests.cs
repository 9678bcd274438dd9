using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

public class EmulatorPageTests
{
    [Fact]
    public async Task The_page_lists_live_and_finished_calls_with_transcripts_HTML_encoded()
    {
        var persona = new Persona("<script>alert(1)</script>", ["+14255550123"], "en-US", AnswerKind.Human, 0, [new PersonaReply("Tom & <b>Jerry</b>")], OutOfRepliesBehaviour.Silence);
        await using var emulator = await Emulator.StartAsync(null, persona);
        var finished = await emulator.Client.CreateCallAsync("+14255550123", emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");
        await emulator.Client.RecognizeAsync(finished, "+14255550123", "Hello <there>");
        await emulator.Sink.WaitForAsync("RecognizeCompleted");
        await emulator.Client.PostAsync($"/calling/callConnections/{finished}:terminate", new { });
        var live = await emulator.Client.CreateCallAsync("+14255550123", emulator.Sink.Callbacks());
        using var http = new HttpClient { BaseAddress = emulator.Host.Endpoint };

        var html = await http.GetStringAsync("/emulator", TestContext.Current.CancellationToken);

        Assert.Contains("Live calls", html);
        Assert.Contains("Finished calls", html);
        Assert.True(html.IndexOf(live, StringComparison.Ordinal) < html.IndexOf("Finished calls", StringComparison.Ordinal));
        Assert.True(html.IndexOf(finished, StringComparison.Ordinal) > html.IndexOf("Finished calls", StringComparison.Ordinal));
        Assert.Contains("Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;", html);
        Assert.Contains("Hello &lt;there&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("+14255550123", html);
    }
}

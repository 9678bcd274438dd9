using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

/// <summary>
/// The official JavaScript Call Automation SDK (installed by ./test.sh into node/) drives the emulator unchanged:
/// HMAC connection string, create call, play, recognize speech with a prompt, callbacks parsed by the SDK's own
/// parseCallAutomationEvent, hang up.
/// </summary>
public class SdkCompatibilityTests
{
    [Fact]
    public async Task The_official_JavaScript_SDK_drives_a_whole_call_against_the_emulator()
    {
        var folder = NodeFolder();
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "@azure", "communication-call-automation")),
            $"Run npm install in {folder} (./test.sh does it) before this test.");
        var persona = new Persona("sdk", ["+14255550123"], "en-US", AnswerKind.Human, 1, [new PersonaReply("I would like to book a meeting")], OutOfRepliesBehaviour.Silence);
        await using var emulator = await Emulator.StartAsync(o => o.TimeScale = 0.05, persona);

        var start = new ProcessStartInfo("node", "compat.js")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ACS_CONNECTION_STRING"] = emulator.Host.ConnectionString;
        start.Environment["TARGET_NUMBER"] = "+14255550123";
        start.Environment["SOURCE_NUMBER"] = "+14255550100";
        start.Environment["EXPECTED_SPEECH"] = "I would like to book a meeting";
        start.Environment["TIMEOUT_MS"] = "15000";
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {await stderr}{await stdout}");
        var result = JsonNode.Parse((await stdout).Trim().Split('\n').Last())!;
        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.Equal(
            ["CallConnected", "PlayStarted", "PlayCompleted", "RecognizeCompleted", "CallDisconnected"],
            result["kinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("I would like to book a meeting", result["speech"]!.GetValue<string>());
        Assert.Equal(0, emulator.Host.Counters.RejectedSignatures);
        Assert.Equal("disconnected", emulator.Host.Switchboard.FindCall(result["callConnectionId"]!.GetValue<string>())!.State);
    }

    private static string NodeFolder([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "node");
}

using System.Diagnostics;

namespace AiScheduler.Functions.Tests.AzureFunctions;

/// <summary>
/// The Azure Functions app started as its own process, the way the Functions host starts a worker (its gRPC settings in
/// the environment): it carries no emulator, so the embedded default's telephony stops it at start with what to set.
/// </summary>
public sealed class FunctionsStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_telephony_settings_the_Functions_app_refuses_to_start_naming_them()
    {
        var workingDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-functions-" + Guid.NewGuid().ToString("N")));
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // Beside the tests (a project reference), with the deps file its build wrote.
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AiScheduler.Functions.dll"));
            // What the Functions host hands a worker it starts; nothing listens on port 9 (discard), and nothing is asked.
            start.Environment["Functions__Worker__HostEndpoint"] = "http://127.0.0.1:9";
            start.Environment["Functions__Worker__WorkerId"] = "startup-test";
            start.Environment["Functions__Worker__RequestId"] = "startup-test";
            start.Environment["Functions__Worker__GrpcMaxMessageLength"] = "2147483647";
            foreach (var inherited in new[] { "AISCHEDULER_PROFILE", "Profile", "Telephony__Provider" })
            {
                start.Environment.Remove(inherited);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var error = process.StandardError.ReadToEndAsync(Ct);
            using (var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct))
            {
                // A worker that started after all would wait for its host for ever.
                patience.CancelAfter(TimeSpan.FromMinutes(2));
                try
                {
                    await process.WaitForExitAsync(patience.Token);
                }
                catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail("The Functions app started without telephony settings instead of refusing to.");
                }
            }

            var said = await output + await error;

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("OptionsValidationException: Telephony:Provider is 'emulator' (the embedded default), but only the self-host (src/Host)", said);
            Assert.Contains("Telephony:Acs:ConnectionString", said);
            Assert.Contains("the standalone emulator's endpoint=http://127.0.0.1:7081/", said);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }
}

using System.Diagnostics;

namespace AiScheduler.Functions.Tests.EndToEnd;

/// <summary>
/// The app as its own OS process (<c>dotnet AiScheduler.Host.dll</c>, the serve verb) on a fixed loopback port,
/// configured through environment variables like a Functions host. Killed with SIGKILL, not asked to stop.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The OS process id (for its memory figures under /proc).</summary>
    public int ProcessId => process.Id;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<HostProcess> StartAsync(int port, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var start = Start(settings);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drained so a chatty host never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, port);
        await host.WaitHealthyAsync(cancellationToken);
        return host;
    }

    /// <summary>
    /// An API key with every scope for the default workspace of the store <paramref name="settings"/> name, made the way
    /// an operator makes one: <c>admin create-api-key</c> (which migrates the store first).
    /// </summary>
    public static async Task<string> CreateApiKeyAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var start = Start(settings);
        foreach (var argument in new[] { "admin", "create-api-key", "--workspace", "Default", "--scopes", "read,write,campaigns", "--name", "tests" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"admin create-api-key exited with {process.ExitCode}: {await error}");
    }

    /// <summary>A client of this host sending <paramref name="key"/> as its Bearer token.</summary>
    public HttpClient CreateClient(string key, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static ProcessStartInfo Start(IReadOnlyDictionary<string, string?> settings)
    {
        var workingDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-host-" + Guid.NewGuid().ToString("N"))).FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Beside the tests (a project reference); the crash benchmark names a built host with AISCHEDULER_HOST_DLL.
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("AISCHEDULER_HOST_DLL") ?? Path.Combine(AppContext.BaseDirectory, "AiScheduler.Host.dll"));
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Tests and benchmarks poll and burst far past one production caller's share (RateLimits:*).
        start.Environment.TryAdd("RateLimits__PermitsPerMinute", "1000000");
        start.Environment.TryAdd("RateLimits__UploadsPerMinute", "1000000");
        return start;
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host process on port {Port} exited with {process.ExitCode} while starting.");
            }

            try
            {
                using var response = await client.GetAsync("/healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while it starts.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The host process on port {Port} did not become healthy within 2 minutes.");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}

using System.Diagnostics;

namespace AiScheduler.Durable.Tests;

/// <summary>A durable host in its own process (tests/Durable.Worker), to be killed with SIGKILL.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private WorkerProcess(TestDatabase database, string name, int leaseMilliseconds)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "AiScheduler.Durable.Worker.dll"), database.Backend, database.ConnectionString,
            database.Effects.ConnectionString, name,
            leaseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Record(e.Data, ready: e.Data == "ready");
        _process.ErrorDataReceived += (_, e) => Record(e.Data, ready: false);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(TestDatabase database, string name, int leaseMilliseconds = 1000)
    {
        var worker = new WorkerProcess(database, name, leaseMilliseconds);
        var exited = worker._process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(worker._ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        if (first != worker._ready.Task)
        {
            throw new InvalidOperationException($"Worker {name} exited before it was ready:\n{worker.Output}");
        }

        return worker;
    }

    /// <summary>SIGKILL: no shutdown hooks, no graceful stop, leases left behind.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    private void Record(string? line, bool ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (ready)
        {
            _ready.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}

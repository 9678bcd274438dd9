using System.Diagnostics;
using System.Text.Json;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>Runs one command of node/storage-compat.js (the official Azure Storage JS SDKs) and parses its JSON answer.</summary>
internal static class StorageCompatScript
{
    public static async Task<JsonElement> RunAsync(string connectionString, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = AzuriteFixture.NodeFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("storage-compat.js");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AZURE_STORAGE_CONNECTION_STRING"] = connectionString;
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start; install Node.js 18+.");
        var stdout = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        await node.WaitForExitAsync(cancellationToken);
        Assert.True(node.ExitCode == 0, $"storage-compat.js {string.Join(' ', arguments)} exited {node.ExitCode}: {await stderr}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }
}

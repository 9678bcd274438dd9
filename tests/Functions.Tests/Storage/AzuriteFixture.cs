using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AiScheduler.Functions.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(AiScheduler.Functions.Tests.Storage.AzuriteFixture))]

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>
/// A real Azurite (from tests/Functions.Tests/node, installed there by ./test.sh) on free loopback ports with a
/// throwaway workspace, shared by the test assembly; every test uses its own container and queue names. A missing
/// install is an error with the command that fixes it, never a skip.
/// </summary>
public class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _workspace;
    private int _counter;

    /// <summary>Serve HTTPS with a throwaway self-signed certificate and accept Entra ID bearer tokens (Azurite's basic OAuth).</summary>
    protected virtual bool OAuth => false;

    /// <summary>The self-signed certificate of an <see cref="OAuth"/> instance.</summary>
    protected X509Certificate2? Certificate { get; private set; }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;");

    /// <summary>The folder with package.json, node_modules and the compatibility script.</summary>
    public static string NodeFolder { get; } = FindNodeFolder();

    /// <summary>A name no other test uses, valid as a container or queue name.</summary>
    public string UniqueName(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..8]}");

    public async ValueTask InitializeAsync()
    {
        var executable = Path.GetFullPath(Path.Combine(NodeFolder, "node_modules", ".bin", "azurite"));
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {executable}. Run 'cd tests/Functions.Tests/node && npm install' (./test.sh does this).");
        }

        _workspace = Path.Combine(Path.GetTempPath(), "aischeduler-azurite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_workspace);
        BlobPort = LoopbackPorts.Free();
        QueuePort = LoopbackPorts.Free();
        var tablePort = LoopbackPorts.Free();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
                     "--location", _workspace, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (OAuth)
        {
            var (certificate, key) = WriteSelfSignedCertificate(_workspace);
            foreach (var argument in new[] { "--cert", certificate, "--key", key, "--oauth", "basic" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (!(await AcceptsAsync(BlobPort) && await AcceptsAsync(QueuePort)))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"Azurite did not start listening (exit: {(_process.HasExited ? _process.ExitCode : "still running")}): {Output}");
            }

            await Task.Delay(100);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Certificate?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_workspace is not null && Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }


    private (string Certificate, string Key) WriteSelfSignedCertificate(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        // Real time: Azurite's TLS stack and the client judge the certificate's validity by the machine's clock.
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Certificate = X509CertificateLoader.LoadCertificate(created.Export(X509ContentType.Cert));
        var certificatePath = Path.Combine(folder, "azurite-cert.pem");
        var keyPath = Path.Combine(folder, "azurite-key.pem");
        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static string FindNodeFolder()
    {
        var besideSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "node"));
        if (Directory.Exists(besideSource))
        {
            return besideSource;
        }

        // Source paths can be mapped away (deterministic CI builds); then look upwards from where the tests run.
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "tests", "Functions.Tests", "node");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        return besideSource;
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}

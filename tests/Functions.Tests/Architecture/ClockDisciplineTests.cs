using System.Text.RegularExpressions;

namespace AiScheduler.Functions.Tests.Architecture;

/// <summary>
/// The brief's rule, checked on the test sources: tests pass on any day at any hour, so a test that depends on "now"
/// runs on a frozen or anchored clock (<c>TestClocks</c>, <c>ManualClock</c>, <c>FakeTimeProvider</c>) and polling loops
/// measure their patience with a <c>Stopwatch</c>, which reads no date. Every project under tests/ but the benchmarks
/// is scanned for reads of the real clock; a read is allowed only in the files listed below, each saying why it needs
/// real time, and only of the kinds listed for it.
/// </summary>
public sealed partial class ClockDisciplineTests
{
    /// <summary>The files that read the real clock on purpose: the reason, and which reads (path relative to tests/).</summary>
    private static readonly Allowed[] AllowList =
    [
        new("Functions.Tests/Infrastructure/TestClocks.cs",
            "Microsoft's in-memory durable engine takes no clock and gives orchestrations the system's time, so the app beside it reads the same clock",
            RealClock.TimeProviderSystem),
        new("Functions.Tests/Infrastructure/ClockCompositionTests.cs",
            "checks that an app without Clock:StartAt is composed with the system clock (compares references, reads no time)",
            RealClock.TimeProviderSystem),
        new("Functions.Tests/Storage/AzuriteFixture.cs",
            "the self-signed certificate Azurite serves must be valid by the machine's clock, which the TLS stack checks",
            RealClock.DateTimeOffsetUtcNow),
        new("Functions.Tests/Storage/AzuriteOAuthFixture.cs",
            "the Entra ID token handed to Azurite: Azurite checks its nbf/exp, and Azure.Core its expiry, against the machine's clock",
            RealClock.DateTimeOffsetUtcNow),
        new("Functions.Tests/Storage/AzureBlobStoreTests.cs",
            "SAS links signed for a real Azurite, which checks their start and expiry against the machine's clock",
            RealClock.TimeProviderSystem, RealClock.DateTimeOffsetUtcNow),
        new("Functions.Tests/Storage/EntraIdStorageTests.cs",
            "user delegation SAS links signed for a real Azurite, which checks their start and expiry against the machine's clock",
            RealClock.TimeProviderSystem),
        new("Functions.Tests/Llm/LlmAgentTests.cs",
            "a self-signed certificate's validity and Azure.Core's token refresh are judged by the machine's clock",
            RealClock.DateTimeOffsetUtcNow),
        new("Functions.Tests/Telephony/AcsResilienceTests.cs",
            "requests are dated (x-ms-date) for the emulator, which refuses a date 15 minutes away from real time as ACS does",
            RealClock.TimeProviderSystem),
        new("Functions.Tests/Telephony/AcsCallbackJwtTests.cs",
            "the end-to-end callback token is stamped as ACS stamps it, on real time, and checked by the host against real time",
            RealClock.DateTimeOffsetUtcNow),
        new("Emulators.Tests/Support/SignedAcsClient.cs",
            "requests are dated (x-ms-date) for the emulator, which refuses a date 15 minutes away from real time as ACS does",
            RealClock.DateTimeOffsetUtcNow),
        new("Durable.Tests/EngineGapTests.cs",
            "a scheduled start placed two seconds after now on the engine's clock, the system's in these engine tests: only the interval matters",
            RealClock.DateTimeOffsetUtcNow),
        new("Durable.Tests/OrchestrationTests.cs",
            "instances' creation times are stamped by the database clock, so the query and purge ranges are placed around real time",
            RealClock.DateTimeOffsetUtcNow),
        new("Durable.Tests/StoreSharingTests.cs",
            "history events written straight to the store carry a timestamp the store keeps but never compares; no outcome depends on it",
            RealClock.DateTimeUtcNow),
    ];

    /// <summary>Where this file sits, relative to tests/: it names the reads it looks for, so it does not scan itself.</summary>
    private const string Self = "Functions.Tests/Architecture/ClockDisciplineTests.cs";

    private enum RealClock
    {
        DateTimeOffsetUtcNow,
        DateTimeOffsetNow,
        DateTimeUtcNow,
        DateTimeNow,
        DateTimeToday,
        TimeProviderSystem,
    }

    [Fact]
    public void No_test_reads_the_real_clock_outside_the_allow_list()
    {
        var reads = Reads();
        Assert.True(reads.Files > 100, $"only {reads.Files} test sources were found under {TestsFolder()}");

        var violations = reads.Found
            .Where(read => !AllowList.Any(allowed => allowed.Path == read.Path && allowed.Reads.Contains(read.Kind)))
            .Select(read => $"{read.Path}:{read.Line}: {read.Text}")
            .ToList();

        Assert.True(violations.Count == 0,
            "These test lines read the real clock. A test that depends on the date or hour takes a frozen or anchored clock " +
            "(TestClocks, ManualClock); a wait measures itself with a Stopwatch; a read that must be real time goes into " +
            $"{nameof(ClockDisciplineTests)}.{nameof(AllowList)} with its reason:{Environment.NewLine}" +
            string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Every_allowed_file_still_makes_each_real_clock_read_it_is_allowed()
    {
        var found = Reads().Found;

        var stale = AllowList
            .SelectMany(allowed => allowed.Reads.Select(kind => (allowed.Path, Kind: kind)))
            .Where(entry => !found.Any(read => read.Path == entry.Path && read.Kind == entry.Kind))
            .Select(entry => $"{entry.Path}: {entry.Kind}")
            .ToList();

        Assert.True(stale.Count == 0,
            $"These allow-list entries no longer match a read; remove them so the list stays short:{Environment.NewLine}" +
            string.Join(Environment.NewLine, stale));
    }

    [Fact]
    public void The_scan_finds_each_kind_of_read_and_skips_comments()
    {
        var lines = new[]
        {
            "var a = DateTimeOffset" + ".UtcNow;",
            "var b = DateTimeOffset" + ".Now;",
            "var c = DateTime" + ".UtcNow;",
            "var d = DateTime" + ".Now;",
            "var e = DateTime" + ".Today;",
            "Use(TimeProvider" + ".System);",
            "// reads TimeProvider" + ".System in a comment",
            "/// <see cref=\"TimeProvider" + ".System\"/>",
            "var f = DateTimeOffset" + ".UtcNowish;",
            "var g = stopwatch.Elapsed;",
        };

        var kinds = lines.Select((line, i) => (Line: i + 1, Text: line)).SelectMany(l => ReadsIn("x.cs", l.Line, l.Text)).Select(r => r.Kind);

        Assert.Equal(
            [RealClock.DateTimeOffsetUtcNow, RealClock.DateTimeOffsetNow, RealClock.DateTimeUtcNow, RealClock.DateTimeNow, RealClock.DateTimeToday,
                RealClock.TimeProviderSystem],
            kinds);
    }

    private static (int Files, List<Read> Found) Reads()
    {
        var tests = TestsFolder();
        var files = Directory.EnumerateDirectories(tests)
            .Where(project => Path.GetFileName(project) != "Benchmarks")
            .SelectMany(project => Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(tests, file).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj" or "node_modules") && path != Self)
            .Order(StringComparer.Ordinal)
            .ToList();

        var found = files
            .SelectMany(path => File.ReadLines(Path.Combine(tests, path)).Select((text, i) => (Line: i + 1, Text: text))
                .SelectMany(line => ReadsIn(path, line.Line, line.Text)))
            .ToList();
        return (files.Count, found);
    }

    private static IEnumerable<Read> ReadsIn(string path, int line, string text)
    {
        var code = text.TrimStart();
        if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith('*') || code.StartsWith("/*", StringComparison.Ordinal))
        {
            return [];
        }

        return RealClockRead().Matches(text)
            .Select(match => new Read(path, line, Enum.Parse<RealClock>(match.Value.Replace(".", "", StringComparison.Ordinal)), code))
            .ToList();
    }

    [GeneratedRegex(@"\b(?:DateTimeOffset\.(?:UtcNow|Now)|DateTime\.(?:UtcNow|Now|Today)|TimeProvider\.System)\b")]
    private static partial Regex RealClockRead();

    private static string TestsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AiScheduler.sln")))
            {
                return Path.Combine(folder.FullName, "tests");
            }
        }

        throw new InvalidOperationException($"No AiScheduler.sln above {AppContext.BaseDirectory}.");
    }

    private sealed record Allowed(string Path, string Reason, params RealClock[] Reads);

    private sealed record Read(string Path, int Line, RealClock Kind, string Text);
}

using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Observability;

/// <summary>
/// The README's table of the <c>AiScheduler</c> meter names exactly the instruments the running app publishes: an
/// instrument added without its row, or a row left behind by a renamed instrument, fails here.
/// </summary>
public sealed partial class MetricNamesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_readme_lists_exactly_the_instruments_the_running_app_publishes_on_its_meter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: ct);
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        // The call session's instruments are made with the first call; resolving them here stands for that call.
        app.Services.GetRequiredService<CallMetrics>();

        var published = new SortedSet<string>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            // Only this app's meters: other tests' apps run in the same process with meters of the same name.
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == CallMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    lock (published)
                    {
                        published.Add(instrument.Name);
                    }
                }
            };
            listener.Start();
        }

        Assert.Equal(ReadmeInstruments(), published);
    }

    private static SortedSet<string> ReadmeInstruments()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var heading = Array.FindIndex(readme, line => line.StartsWith("The `AiScheduler` meter's instruments", StringComparison.Ordinal));
        Assert.True(heading >= 0, "README.md has no table of the AiScheduler meter's instruments.");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in readme.Skip(heading + 1).SkipWhile(line => !line.StartsWith('|')).TakeWhile(line => line.StartsWith('|')))
        {
            var name = InstrumentCell().Match(line);
            if (name.Success)
            {
                names.Add(name.Groups["name"].Value);
            }
        }

        Assert.NotEmpty(names);
        return names;
    }

    [GeneratedRegex(@"^\|\s*`(?<name>aischeduler\.[a-z.]+)`")]
    private static partial Regex InstrumentCell();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AiScheduler.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AiScheduler.sln above {AppContext.BaseDirectory}.");
    }
}

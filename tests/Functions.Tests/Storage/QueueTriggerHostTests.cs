using System.Collections.Concurrent;
using System.Diagnostics;
using AiScheduler.Functions.Hosting.Queues;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>
/// The queue trigger host over each queue adapter: the embedded table on SQLite and PostgreSQL, and Azure Storage
/// Queues on Azurite. A test handler succeeds, fails a few times, or always fails, by message text.
/// </summary>
public sealed class QueueTriggerHostTests(PostgresFixture postgres, AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aischeduler-trigger-" + Guid.NewGuid().ToString("N")[..12]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("azure")]
    public async Task Handled_messages_are_deleted_failures_are_retried_and_the_fifth_failure_moves_a_message_to_the_poison_queue(string adapter)
    {
        var queueName = new QueueName(azurite.UniqueName("imports"));
        var journal = new HandlerJournal();
        using var host = await StartHostAsync(adapter, queueName, journal, clock: null);
        var queue = host.Services.GetRequiredService<IMessageQueue>();

        await queue.EnqueueAsync(queueName, "succeed", TimeSpan.Zero, Ct);
        await queue.EnqueueAsync(queueName, "fail 2 times", TimeSpan.Zero, Ct);
        await queue.EnqueueAsync(queueName, "fail always", TimeSpan.Zero, Ct);
        var poisoned = await WaitForPoisonAsync(queue, queueName);
        await WaitUntilAsync(() => journal.Succeeded.Count == 2);
        await WaitUntilAsync(async () => await queue.CountAsync(queueName, Ct) == 0);
        await host.StopAsync(Ct);

        Assert.Equal("fail always", poisoned.Text);
        Assert.Equal(5, journal.Attempts["fail always"]);
        Assert.Equal(3, journal.Attempts["fail 2 times"]);
        Assert.Equal(1, journal.Attempts["succeed"]);
        Assert.Equal(["fail 2 times", "succeed"], journal.Succeeded.Order(StringComparer.Ordinal));
        Assert.Equal(0, await queue.CountAsync(queueName.Poison, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_message_whose_handlers_kept_dying_goes_to_the_poison_queue_without_running_again(string adapter)
    {
        var queueName = new QueueName("lead-imports");
        var clock = new ManualClock(TestClocks.MondayMorning);
        var journal = new HandlerJournal();
        using var host = await StartHostAsync(adapter, queueName, journal, clock, start: false);
        var queue = host.Services.GetRequiredService<IMessageQueue>();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(Ct);
        await queue.EnqueueAsync(queueName, "crashes its host", TimeSpan.Zero, Ct);
        // Five host processes each took the message and died before settling it.
        for (var i = 0; i < 5; i++)
        {
            Assert.Single(await queue.ReceiveAsync(queueName, 1, TimeSpan.FromMinutes(1), Ct));
            clock.Advance(TimeSpan.FromMinutes(2));
        }

        await host.StartAsync(Ct);
        var poisoned = await WaitForPoisonAsync(queue, queueName);
        await host.StopAsync(Ct);

        Assert.Equal("crashes its host", poisoned.Text);
        Assert.Empty(journal.Attempts);
        Assert.Equal(0, await queue.CountAsync(queueName, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("azure")]
    public async Task A_handler_that_outlasts_the_message_lease_keeps_the_message_hidden_and_completes_it_once(string adapter)
    {
        var queueName = new QueueName(azurite.UniqueName("slow"));
        var journal = new HandlerJournal();
        using var host = await StartHostAsync(adapter, queueName, journal, clock: null, messageLease: "00:00:02");
        var queue = host.Services.GetRequiredService<IMessageQueue>();

        await queue.EnqueueAsync(queueName, "take 4000 ms", TimeSpan.Zero, Ct);
        await WaitUntilAsync(() => journal.Attempts.ContainsKey("take 4000 ms"));
        var stolen = new List<QueueMessage>();
        while (journal.Succeeded.IsEmpty)
        {
            // Another host process polling the same queue while the handler runs past its two-second lease.
            stolen.AddRange(await queue.ReceiveAsync(queueName, 32, TimeSpan.FromSeconds(30), Ct));
            await Task.Delay(100, Ct);
        }

        await WaitUntilAsync(async () => await queue.CountAsync(queueName, Ct) == 0);
        await host.StopAsync(Ct);

        Assert.Empty(stolen);
        Assert.Equal(1, journal.Attempts["take 4000 ms"]);
    }

    private async Task<IHost> StartHostAsync(string adapter, QueueName queueName, HandlerJournal journal, TimeProvider? clock, bool start = true,
        string messageLease = "00:01:00")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = adapter == "postgres" ? "postgres" : "sqlite",
            ["Store:ConnectionString"] = adapter == "postgres"
                ? await postgres.Server.CreateDatabaseAsync("trigger", Ct)
                : $"Data Source={Path.Combine(_folder, "store.db")}",
            ["Storage:Provider"] = adapter == "azure" ? "azure" : "local",
            ["Storage:ConnectionString"] = adapter == "azure" ? azurite.ConnectionString : null,
            ["Storage:Blobs:Directory"] = Path.Combine(_folder, "blobs"),
            ["extensions:queues:minPollingInterval"] = "00:00:00.020",
            ["extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["extensions:queues:batchSize"] = "4",
            ["extensions:queues:messageLease"] = messageLease,
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddStore();
        builder.Services.AddStorage();
        builder.Services.AddSingleton(journal);
        builder.Services.AddQueueTrigger<FlakyImportHandler>(_ => queueName.Value);
        var host = builder.Build();
        if (start)
        {
            await host.StartAsync(Ct);
        }

        return host;
    }

    private static async Task<QueueMessage> WaitForPoisonAsync(IMessageQueue queue, QueueName queueName)
    {
        QueueMessage? poisoned = null;
        await WaitUntilAsync(async () =>
        {
            var messages = await queue.ReceiveAsync(queueName.Poison, 32, TimeSpan.FromMinutes(5), Ct);
            poisoned ??= messages.SingleOrDefault();
            foreach (var message in messages)
            {
                await queue.DeleteAsync(queueName.Poison, message, Ct);
            }

            return poisoned is not null;
        });
        return poisoned!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // A generous limit for a loaded machine; a passing run finishes in well under a second per wait.
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The queue trigger did not reach the expected state within 60 seconds.");
            }

            await Task.Delay(50, Ct);
        }
    }

    /// <summary>What the test handler saw, shared across the scopes it is resolved in.</summary>
    public sealed class HandlerJournal
    {
        public ConcurrentDictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);

        public ConcurrentBag<string> Succeeded { get; } = [];
    }

    /// <summary>
    /// "succeed" succeeds, "fail N times" fails its first N attempts, "fail always" never succeeds, "take N ms" succeeds
    /// after working that long.
    /// </summary>
    public sealed class FlakyImportHandler(HandlerJournal journal) : IQueueTriggerHandler
    {
        public async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
        {
            var attempt = journal.Attempts.AddOrUpdate(message.Text, 1, (_, count) => count + 1);
            Assert.Equal(attempt, message.DequeueCount);
            var failures = message.Text switch
            {
                "fail always" => int.MaxValue,
                "fail 2 times" => 2,
                _ => 0,
            };
            if (attempt <= failures)
            {
                throw new InvalidOperationException($"Attempt {attempt} of '{message.Text}' fails on purpose.");
            }

            if (message.Text.StartsWith("take ", StringComparison.Ordinal))
            {
                await Task.Delay(int.Parse(message.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            }

            journal.Succeeded.Add(message.Text);
        }
    }
}

using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Embedded;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Storage;

public sealed class StoreTableMessageQueueTests(PostgresFixture postgres)
{
    private static readonly QueueName Queue = new("lead-imports");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_received_message_stays_invisible_until_its_visibility_timeout_and_then_returns_with_a_higher_dequeue_count(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, _clock);
        var id = await queue.EnqueueAsync(Queue, """{"importId":"42"}""", TimeSpan.Zero, Ct);

        var first = Assert.Single(await queue.ReceiveAsync(Queue, 10, TimeSpan.FromSeconds(30), Ct));
        _clock.Advance(TimeSpan.FromSeconds(29));
        var hidden = await queue.ReceiveAsync(Queue, 10, TimeSpan.FromSeconds(30), Ct);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var again = Assert.Single(await queue.ReceiveAsync(Queue, 10, TimeSpan.FromSeconds(30), Ct));

        Assert.Equal(id, first.Id);
        Assert.Equal("""{"importId":"42"}""", first.Text);
        Assert.Equal(1, first.DequeueCount);
        Assert.Empty(hidden);
        Assert.Equal(id, again.Id);
        Assert.Equal(2, again.DequeueCount);
        Assert.NotEqual(first.Receipt, again.Receipt);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_receiver_whose_lease_expired_can_neither_delete_nor_release_the_message(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, _clock);
        await queue.EnqueueAsync(Queue, "work", TimeSpan.Zero, Ct);
        var stale = Assert.Single(await queue.ReceiveAsync(Queue, 1, TimeSpan.FromSeconds(10), Ct));
        _clock.Advance(TimeSpan.FromSeconds(11));
        var current = Assert.Single(await queue.ReceiveAsync(Queue, 1, TimeSpan.FromSeconds(10), Ct));

        Assert.False(await queue.DeleteAsync(Queue, stale, Ct));
        Assert.False(await queue.ReleaseAsync(Queue, stale, TimeSpan.Zero, Ct));
        Assert.True(await queue.DeleteAsync(Queue, current, Ct));
        Assert.Equal(0, await queue.CountAsync(Queue, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_released_message_comes_back_after_the_delay_and_a_delayed_enqueue_waits_its_turn(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, _clock);
        await queue.EnqueueAsync(Queue, "later", TimeSpan.FromMinutes(1), Ct);
        await queue.EnqueueAsync(Queue, "now", TimeSpan.Zero, Ct);

        var now = Assert.Single(await queue.ReceiveAsync(Queue, 32, TimeSpan.FromMinutes(5), Ct));
        Assert.True(await queue.ReleaseAsync(Queue, now, TimeSpan.FromSeconds(10), Ct));
        var nothingYet = await queue.ReceiveAsync(Queue, 32, TimeSpan.FromMinutes(5), Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var both = await queue.ReceiveAsync(Queue, 32, TimeSpan.FromMinutes(5), Ct);

        Assert.Equal("now", now.Text);
        Assert.Empty(nothingYet);
        Assert.Equal(["later", "now"], both.Select(m => m.Text).Order(StringComparer.Ordinal));
        Assert.Equal(2, both.Single(m => m.Text == "now").DequeueCount);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Renewing_a_lease_keeps_the_message_hidden_past_its_first_timeout(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, _clock);
        await queue.EnqueueAsync(Queue, "long import", TimeSpan.Zero, Ct);
        var received = Assert.Single(await queue.ReceiveAsync(Queue, 1, TimeSpan.FromSeconds(10), Ct));

        _clock.Advance(TimeSpan.FromSeconds(8));
        var renewed = await queue.RenewLeaseAsync(Queue, received, TimeSpan.FromSeconds(10), Ct);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var hidden = await queue.ReceiveAsync(Queue, 1, TimeSpan.FromSeconds(10), Ct);

        Assert.NotNull(renewed);
        Assert.Empty(hidden);
        Assert.True(await queue.DeleteAsync(Queue, renewed, Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_poller_waiting_on_an_empty_queue_is_woken_by_an_enqueue_in_the_same_process(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, TestClocks.StartingAt(TestClocks.Default));

        var waiting = queue.WaitForMessagesAsync(Queue, TimeSpan.FromHours(1), Ct);
        var stillWaiting = !waiting.IsCompleted;
        await queue.EnqueueAsync(Queue.Poison, "another queue", TimeSpan.Zero, Ct);
        var ignoresOtherQueues = !waiting.IsCompleted;
        await queue.EnqueueAsync(Queue, "upload", TimeSpan.Zero, Ct);
        // The hour-long wait must end now; the 30-second guard only turns a regression into a failure instead of a hang.
        await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(stillWaiting);
        Assert.True(ignoresOtherQueues);
        Assert.Equal("upload", Assert.Single(await queue.ReceiveAsync(Queue, 1, TimeSpan.FromMinutes(1), Ct)).Text);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Queues_in_one_table_do_not_see_each_others_messages(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, _clock);
        await queue.EnqueueAsync(Queue, "import", TimeSpan.Zero, Ct);
        await queue.EnqueueAsync(Queue.Poison, "poisoned", TimeSpan.Zero, Ct);

        Assert.Equal("import", Assert.Single(await queue.ReceiveAsync(Queue, 32, TimeSpan.FromMinutes(1), Ct)).Text);
        Assert.Equal("poisoned", Assert.Single(await queue.ReceiveAsync(Queue.Poison, 32, TimeSpan.FromMinutes(1), Ct)).Text);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_receivers_with_their_own_connections_never_receive_the_same_message(string provider)
    {
        await using var store = await StoreDatabases.CreateAsync(provider, postgres, Ct);
        var queue = new StoreTableMessageQueue(store, TestClocks.StartingAt(TestClocks.Default));
        const int messages = 200;
        for (var i = 0; i < messages; i++)
        {
            await queue.EnqueueAsync(Queue, i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero, Ct);
        }

        // Each receiver is what a separate host process would be: its own connections, racing for the same rows.
        var receivers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (true)
            {
                var batch = await queue.ReceiveAsync(Queue, 7, TimeSpan.FromMinutes(5), Ct);
                if (batch.Count == 0)
                {
                    return mine;
                }

                foreach (var message in batch)
                {
                    Assert.True(await queue.DeleteAsync(Queue, message, Ct));
                    mine.Add(message.Text);
                }
            }
        }, Ct)).ToList();
        var received = (await Task.WhenAll(receivers)).SelectMany(texts => texts).ToList();

        Assert.Equal(messages, received.Count);
        Assert.Equal(messages, received.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0, await queue.CountAsync(Queue, Ct));
    }
}

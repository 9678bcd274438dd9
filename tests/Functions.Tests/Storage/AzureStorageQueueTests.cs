using System.Diagnostics;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;
using AiScheduler.Functions.Tests.Infrastructure;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>The queue adapter (Azure.Storage.Queues) against a real Azurite, cross-checked with the official JavaScript SDK.</summary>
public sealed class AzureStorageQueueTests(AzuriteFixture azurite)
{
    private readonly AzureStorageClients _clients = new(StorageAccount.Parse(azurite.ConnectionString), null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The adapter reads its clock only to wait between polls; visibility and expiry are Azurite's.
    private AzureStorageQueue NewQueue() => new(_clients.Queues, TestClocks.StartingAt(TestClocks.Default));

    [Fact]
    public async Task A_received_message_is_hidden_for_its_visibility_timeout_then_returns_with_a_higher_dequeue_count()
    {
        var queue = NewQueue();
        var name = new QueueName(azurite.UniqueName("visibility"));
        var id = await queue.EnqueueAsync(name, "import 42", TimeSpan.Zero, Ct);

        // The service's clock decides visibility, so this waits for real: long enough that a loaded machine cannot
        // reach the second receive after the timeout, short enough to keep the test quick.
        var first = Assert.Single(await queue.ReceiveAsync(name, 32, TimeSpan.FromSeconds(3), Ct));
        var hidden = await queue.ReceiveAsync(name, 32, TimeSpan.FromSeconds(3), Ct);
        var again = await ReceiveWithinAsync(queue, name, TimeSpan.FromSeconds(10));

        Assert.Equal(id, first.Id);
        Assert.Equal("import 42", first.Text);
        Assert.Equal(1, first.DequeueCount);
        Assert.Empty(hidden);
        Assert.Equal(id, again.Id);
        Assert.Equal(2, again.DequeueCount);
        Assert.False(await queue.DeleteAsync(name, first, Ct));
        Assert.True(await queue.DeleteAsync(name, again, Ct));
        Assert.Equal(0, await queue.CountAsync(name, Ct));
    }

    [Fact]
    public async Task A_released_message_is_visible_again_at_once()
    {
        var queue = NewQueue();
        var name = new QueueName(azurite.UniqueName("release"));
        await queue.EnqueueAsync(name, "retry me", TimeSpan.Zero, Ct);

        var first = Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromMinutes(5), Ct));
        Assert.True(await queue.ReleaseAsync(name, first, TimeSpan.Zero, Ct));
        var second = Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromMinutes(5), Ct));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.False(await queue.ReleaseAsync(name, first, TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task Renewing_a_lease_issues_a_new_receipt_and_only_that_one_completes_the_message()
    {
        var queue = NewQueue();
        var name = new QueueName(azurite.UniqueName("renew"));
        await queue.EnqueueAsync(name, "long import", TimeSpan.Zero, Ct);
        var received = Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromSeconds(30), Ct));

        var renewed = await queue.RenewLeaseAsync(name, received, TimeSpan.FromMinutes(5), Ct);

        Assert.NotNull(renewed);
        Assert.NotEqual(received.Receipt, renewed.Receipt);
        Assert.False(await queue.DeleteAsync(name, received, Ct));
        Assert.True(await queue.DeleteAsync(name, renewed, Ct));
    }

    [Fact]
    public async Task The_JavaScript_SDK_receives_our_message_as_base64_text_like_a_Functions_trigger()
    {
        var queue = NewQueue();
        var name = new QueueName(azurite.UniqueName("to-sdk"));
        const string text = """{"importId":"0195-ab","blob":"imports/שלום.csv"}""";
        await queue.EnqueueAsync(name, text, TimeSpan.Zero, Ct);

        var sdk = await StorageCompatScript.RunAsync(azurite.ConnectionString, Ct, "receive-message", name.Value);

        Assert.True(sdk.GetProperty("found").GetBoolean());
        Assert.Equal(text, sdk.GetProperty("text").GetString());
        Assert.Equal(1, sdk.GetProperty("dequeueCount").GetInt32());
        Assert.Equal(0, await queue.CountAsync(name, Ct));
    }

    [Fact]
    public async Task We_receive_what_the_JavaScript_SDK_sent()
    {
        var queue = NewQueue();
        var name = new QueueName(azurite.UniqueName("from-sdk"));
        const string text = "lead-import: imports/2026/leads.csv";

        var sent = await StorageCompatScript.RunAsync(azurite.ConnectionString, Ct, "send-message", name.Value, text);
        var received = Assert.Single(await queue.ReceiveAsync(name, 32, TimeSpan.FromSeconds(30), Ct));

        Assert.Equal(sent.GetProperty("messageId").GetString(), received.Id);
        Assert.Equal(text, received.Text);
        Assert.True(await queue.DeleteAsync(name, received, Ct));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_is_moved_to_the_poison_queue_and_never_received()
    {
        var queue = NewQueue();
        var name = new QueueName(azurite.UniqueName("raw"));
        await queue.CountAsync(name, Ct);
        var raw = new global::Azure.Storage.Queues.QueueClient(azurite.ConnectionString, name.Value);
        await raw.SendMessageAsync("not base64 at all!", Ct);

        var received = await queue.ReceiveAsync(name, 32, TimeSpan.FromSeconds(30), Ct);
        var poisoned = Assert.Single(await queue.ReceiveAsync(name.Poison, 32, TimeSpan.FromSeconds(30), Ct));

        Assert.Empty(received);
        Assert.Equal("not base64 at all!", poisoned.Text);
        Assert.Equal(0, await queue.CountAsync(name, Ct));
    }

    [Fact]
    public async Task A_message_too_large_for_the_service_is_refused_before_sending()
    {
        var queue = NewQueue();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            queue.EnqueueAsync(new QueueName("oversized"), new string('x', 50_000), TimeSpan.Zero, Ct));

        Assert.Contains("blob", error.Message, StringComparison.Ordinal);
    }

    private static async Task<QueueMessage> ReceiveWithinAsync(AzureStorageQueue queue, QueueName name, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit)
        {
            var messages = await queue.ReceiveAsync(name, 32, TimeSpan.FromSeconds(30), Ct);
            if (messages.Count > 0)
            {
                return Assert.Single(messages);
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException($"No message became visible on {name} within {limit}.");
    }
}

using System.Collections.Concurrent;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// <see cref="IMessageQueue"/> on Azure.Storage.Queues. Message text travels base64-encoded (UTF-8,
/// <see cref="QueueMessageEncoding.Base64"/>), the encoding Azure Functions queue triggers expect; a message that is
/// not base64 is moved to the poison queue (see <see cref="AzureStorageClients"/>). Queues are created on first use.
/// </summary>
internal sealed class AzureStorageQueue(QueueServiceClient service, TimeProvider clock) : IMessageQueue
{
    /// <summary>The Queue service refuses message bodies over 64 KiB (after base64).</summary>
    public const int MaxEncodedMessageBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, QueueClient> _created = new(StringComparer.Ordinal);

    public async Task<string> EnqueueAsync(QueueName queue, string text, TimeSpan initialVisibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encodedLength = (Encoding.UTF8.GetByteCount(text) + 2) / 3 * 4;
        if (encodedLength > MaxEncodedMessageBytes)
        {
            throw new ArgumentException(
                $"The message is {encodedLength} bytes once base64-encoded; queue messages hold at most {MaxEncodedMessageBytes}. " +
                "Store large payloads as a blob and enqueue its name.", nameof(text));
        }

        var client = await QueueAsync(queue, cancellationToken);
        try
        {
            var receipt = await client.SendMessageAsync(BinaryData.FromString(text), Clamp(initialVisibilityDelay), timeToLive: null, cancellationToken);
            return receipt.Value.MessageId;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Put Message");
        }
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(QueueName queue, int maxMessages, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        if (visibilityTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout,
                "Azure Storage Queues take a visibility timeout of at least one second.");
        }

        var client = await QueueAsync(queue, cancellationToken);
        try
        {
            var received = await client.ReceiveMessagesAsync(maxMessages, Clamp(visibilityTimeout), cancellationToken);
            return received.Value
                .Select(message => new QueueMessage(message.MessageId, message.PopReceipt, message.Body.ToString(),
                    (int)message.DequeueCount, message.InsertedOn ?? DateTimeOffset.UnixEpoch))
                .ToList();
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Get Messages");
        }
    }

    public async Task<bool> DeleteAsync(QueueName queue, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var client = await QueueAsync(queue, cancellationToken);
        try
        {
            await client.DeleteMessageAsync(message.Id, message.Receipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (LeaseLost(ex))
        {
            return false;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Delete Message");
        }
    }

    public async Task<bool> ReleaseAsync(QueueName queue, QueueMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        await UpdateVisibilityAsync(queue, message, delay, cancellationToken) is not null;

    public async Task<QueueMessage?> RenewLeaseAsync(QueueName queue, QueueMessage message, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        // Every update issues a new pop receipt; the old one no longer deletes the message.
        return await UpdateVisibilityAsync(queue, message, visibilityTimeout, cancellationToken) is { } receipt
            ? message with { Receipt = receipt }
            : null;
    }

    /// <summary>The service has no push for queues: the poller simply waits out <paramref name="maxWait"/>.</summary>
    public async Task WaitForMessagesAsync(QueueName queue, TimeSpan maxWait, CancellationToken cancellationToken) =>
        await Task.Delay(maxWait, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public async Task<int> CountAsync(QueueName queue, CancellationToken cancellationToken)
    {
        var client = await QueueAsync(queue, cancellationToken);
        try
        {
            return (await client.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Get Queue Metadata");
        }
    }

    /// <summary>Update Message without a body: changes only the visibility. The new receipt, or null when the lease was lost.</summary>
    private async Task<string?> UpdateVisibilityAsync(QueueName queue, QueueMessage message, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var client = await QueueAsync(queue, cancellationToken);
        try
        {
            var updated = await client.UpdateMessageAsync(message.Id, message.Receipt, message: null, Clamp(visibility), cancellationToken);
            return updated.Value.PopReceipt;
        }
        catch (RequestFailedException ex) when (LeaseLost(ex))
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Update Message");
        }
    }

    private async Task<QueueClient> QueueAsync(QueueName queue, CancellationToken cancellationToken)
    {
        if (_created.TryGetValue(queue.Value, out var existing))
        {
            return existing;
        }

        var client = service.GetQueueClient(queue.Value);
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Create Queue");
        }

        return _created.GetOrAdd(queue.Value, client);
    }

    // 404 MessageNotFound: the message is gone; 400 PopReceiptMismatch: someone else received it since.
    private static bool LeaseLost(RequestFailedException error) =>
        error.ErrorCode == QueueErrorCode.MessageNotFound || error.ErrorCode == QueueErrorCode.PopReceiptMismatch;

    // Whole seconds, as the service counts them; never negative.
    private static TimeSpan Clamp(TimeSpan span) => TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling(span.TotalSeconds)));
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// <see cref="IMessageQueue"/> on the Queue service REST API. Message text travels base64-encoded (UTF-8), the
/// encoding Azure Functions queue triggers expect, so messages interoperate with Functions apps and the SDKs'
/// base64 policies. Queues are created on first use.
/// </summary>
internal sealed class AzureStorageQueue(HttpClient http, StorageAccount account, TimeProvider clock) : IMessageQueue
{
    /// <summary>The Queue service refuses message bodies over 64 KiB (after base64).</summary>
    public const int MaxEncodedMessageBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    public async Task<string> EnqueueAsync(QueueName queue, string text, TimeSpan initialVisibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        if (encoded.Length > MaxEncodedMessageBytes)
        {
            throw new ArgumentException(
                $"The message is {encoded.Length} bytes once base64-encoded; queue messages hold at most {MaxEncodedMessageBytes}. " +
                "Store large payloads as a blob and enqueue its name.", nameof(text));
        }

        await EnsureQueueAsync(queue, cancellationToken);
        var body = new XElement("QueueMessage", new XElement("MessageText", encoded)).ToString(SaveOptions.DisableFormatting);
        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesUri(queue,
            "visibilitytimeout=" + Seconds(initialVisibilityDelay)));
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "Put Message", cancellationToken);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (string?)document.Root?.Element("QueueMessage")?.Element("MessageId")
               ?? throw new InvalidDataException("Put Message answered without a MessageId.");
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

        await EnsureQueueAsync(queue, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, MessagesUri(queue,
            $"numofmessages={maxMessages.ToString(CultureInfo.InvariantCulture)}&visibilitytimeout={Seconds(visibilityTimeout)}"));
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "Get Messages", cancellationToken);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (document.Root?.Elements("QueueMessage") ?? [])
            .Select(message => new QueueMessage(
                (string)message.Element("MessageId")!,
                (string)message.Element("PopReceipt")!,
                Decode((string?)message.Element("MessageText") ?? string.Empty),
                int.Parse((string?)message.Element("DequeueCount") ?? "1", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse((string?)message.Element("InsertionTime") ?? "1970-01-01T00:00:00Z", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal)))
            .ToList();
    }

    public async Task<bool> DeleteAsync(QueueName queue, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = new HttpRequestMessage(HttpMethod.Delete, MessageUri(queue, message, null));
        using var response = await http.SendAsync(request, cancellationToken);
        // 404: the message is gone or the pop receipt no longer matches (someone else received it since).
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest &&
            ErrorCode(response) is "MessageNotFound" or "PopReceiptMismatch")
        {
            return false;
        }

        await EnsureSuccessAsync(response, "Delete Message", cancellationToken);
        return true;
    }

    public async Task<bool> ReleaseAsync(QueueName queue, QueueMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = new HttpRequestMessage(HttpMethod.Put, MessageUri(queue, message, "visibilitytimeout=" + Seconds(delay)));
        // Update Message without a body changes only the visibility; an empty content gives the signed Content-Length 0.
        request.Content = new ByteArrayContent([]);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest &&
            ErrorCode(response) is "MessageNotFound" or "PopReceiptMismatch")
        {
            return false;
        }

        await EnsureSuccessAsync(response, "Update Message", cancellationToken);
        return true;
    }

    public async Task<QueueMessage?> RenewLeaseAsync(QueueName queue, QueueMessage message, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        using var request = new HttpRequestMessage(HttpMethod.Put, MessageUri(queue, message, "visibilitytimeout=" + Seconds(visibilityTimeout)));
        request.Content = new ByteArrayContent([]);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest &&
            ErrorCode(response) is "MessageNotFound" or "PopReceiptMismatch")
        {
            return null;
        }

        await EnsureSuccessAsync(response, "Update Message", cancellationToken);
        // Every update issues a new pop receipt; the old one no longer deletes the message.
        return response.Headers.TryGetValues("x-ms-popreceipt", out var receipts) && receipts.FirstOrDefault() is { Length: > 0 } receipt
            ? message with { Receipt = receipt }
            : throw new InvalidDataException("Update Message answered without x-ms-popreceipt.");
    }

    /// <summary>The service has no push for queues: the poller simply waits out <paramref name="maxWait"/>.</summary>
    public async Task WaitForMessagesAsync(QueueName queue, TimeSpan maxWait, CancellationToken cancellationToken) =>
        await Task.Delay(maxWait, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public async Task<int> CountAsync(QueueName queue, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(queue, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Head, StorageAccount.Combine(account.QueueEndpoint, queue.Value, "comp=metadata"));
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "Get Queue Metadata", cancellationToken);
        return response.Headers.TryGetValues("x-ms-approximate-messages-count", out var values) &&
               int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;
    }

    private async Task EnsureQueueAsync(QueueName queue, CancellationToken cancellationToken)
    {
        if (_created.ContainsKey(queue.Value))
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, StorageAccount.Combine(account.QueueEndpoint, queue.Value));
        request.Content = new ByteArrayContent([]);
        using var response = await http.SendAsync(request, cancellationToken);
        // 201 created, 204 already there; 409 only when it exists with other metadata, still usable.
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureSuccessAsync(response, "Create Queue", cancellationToken);
        }

        _created[queue.Value] = true;
    }

    /// <summary>
    /// Base64 as Functions writes it; text that is not base64 (put raw by a tool or an SDK without an encoding policy)
    /// is passed through rather than lost, so the handler can still see and reject it.
    /// </summary>
    private static string Decode(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : text;
    }

    private Uri MessagesUri(QueueName queue, string query) =>
        StorageAccount.Combine(account.QueueEndpoint, queue.Value + "/messages", query);

    private Uri MessageUri(QueueName queue, QueueMessage message, string? extraQuery) =>
        StorageAccount.Combine(account.QueueEndpoint, queue.Value + "/messages/" + Uri.EscapeDataString(message.Id),
            "popreceipt=" + Uri.EscapeDataString(message.Receipt) + (extraQuery is null ? string.Empty : "&" + extraQuery));

    private static string Seconds(TimeSpan span) =>
        ((long)Math.Max(0, Math.Ceiling(span.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    private static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await StorageRequestException.FromResponseAsync(response, operation, cancellationToken);
        }
    }
}

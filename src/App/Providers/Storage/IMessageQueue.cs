namespace AiScheduler.Functions.Providers.Storage;

/// <summary>
/// At-least-once message queues with Azure Storage Queue semantics: a received message becomes invisible for a
/// visibility timeout and comes back (with a higher <see cref="QueueMessage.DequeueCount"/>) unless it is deleted with
/// the receipt it was received with. A table in the data store on the embedded default, Azure Storage Queues (Azurite
/// locally) on the scale-out stack. Queues are created on first use.
/// </summary>
public interface IMessageQueue
{
    /// <summary>Adds a message, visible after <paramref name="initialVisibilityDelay"/>; returns its id.</summary>
    Task<string> EnqueueAsync(QueueName queue, string text, TimeSpan initialVisibilityDelay, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="maxMessages"/> (1-32) visible messages, each hidden from every other receiver for
    /// <paramref name="visibilityTimeout"/> and counted as one more dequeue.
    /// </summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(QueueName queue, int maxMessages, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken);

    /// <summary>Completes a received message. False when its lease was lost (it timed out and was received again).</summary>
    Task<bool> DeleteAsync(QueueName queue, QueueMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a received message back without completing it: it becomes visible again after <paramref name="delay"/>.
    /// False when its lease was already lost.
    /// </summary>
    Task<bool> ReleaseAsync(QueueName queue, QueueMessage message, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a received message hidden for another <paramref name="visibilityTimeout"/> from now, for work that outlasts
    /// its lease. Returns the message with the receipt to use from now on, or null when the lease was already lost.
    /// </summary>
    Task<QueueMessage?> RenewLeaseAsync(QueueName queue, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="maxWait"/> for a message to arrive on an empty queue, returning early when this
    /// adapter learns of one (the embedded queue hears enqueues made in its own process); never throws on cancellation.
    /// Pollers call it between empty receives instead of sleeping.
    /// </summary>
    Task WaitForMessagesAsync(QueueName queue, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>How many messages the queue holds, visible or not (for status pages and tests).</summary>
    Task<int> CountAsync(QueueName queue, CancellationToken cancellationToken);
}

/// <summary>A received message; <see cref="Receipt"/> proves the lease when deleting or releasing it.</summary>
public sealed record QueueMessage(string Id, string Receipt, string Text, int DequeueCount, DateTimeOffset InsertedAt);

/// <summary>
/// A queue name with Azure's rules, so a name that works on the embedded queue also works on Azure: 3-63 characters,
/// lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
/// </summary>
public readonly record struct QueueName
{
    public QueueName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var valid = value.Length is >= 3 and <= 63 &&
                    value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') &&
                    value[0] != '-' && value[^1] != '-' &&
                    !value.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"Queue name '{value}' is not valid: use 3-63 lowercase letters, digits and single hyphens, starting and ending " +
                "with a letter or digit (e.g. 'lead-imports').", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    /// <summary>Where messages go after failing too often, as the Functions host names it: <c>&lt;name&gt;-poison</c>.</summary>
    public QueueName Poison => new(Value + "-poison");

    public override string ToString() => Value;
}

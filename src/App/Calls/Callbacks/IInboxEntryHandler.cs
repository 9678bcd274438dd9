namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Handles the inbox entries of one <see cref="Source"/> (ACS callbacks, Event Grid events). An entry can be handled
/// again after a crash or a failed try, so handling must be idempotent; throwing makes the inbox retry the entry later
/// (the entry's lane waits meanwhile), and after <see cref="CallInboxOptions.MaxAttempts"/> tries it is closed as failed.
/// </summary>
public interface IInboxEntryHandler
{
    string Source { get; }

    Task HandleAsync(InboxEntry entry, CancellationToken ct);
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AiScheduler.Domain.Conversation;

namespace AiScheduler.Functions.Calls;

/// <summary>Something that happened on a live call: a transcript line, or the call's end with its outcome.</summary>
public sealed record LiveCallUpdate(string CallId, Guid WorkspaceId, TranscriptTurn? Turn, CallOutcome? EndedWith);

/// <summary>
/// In-process fan-out of live call updates to whoever listens (the dashboard's live view). Each subscriber has its own
/// bounded buffer; a slow one loses its oldest updates instead of slowing calls down. The transcript in the store stays
/// the record; this is only the live view of it.
/// </summary>
public sealed class LiveCallFeed
{
    private const int BufferPerSubscriber = 512;
    private readonly ConcurrentDictionary<Guid, Channel<LiveCallUpdate>> subscribers = new();

    public int SubscriberCount => subscribers.Count;

    public void Publish(LiveCallUpdate update)
    {
        foreach (var channel in subscribers.Values)
        {
            channel.Writer.TryWrite(update);
        }
    }

    /// <summary>Updates from now on, until <paramref name="cancellationToken"/> ends the subscription.</summary>
    public async IAsyncEnumerable<LiveCallUpdate> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<LiveCallUpdate>(new BoundedChannelOptions(BufferPerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        subscribers[id] = channel;
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            subscribers.TryRemove(id, out _);
        }
    }
}

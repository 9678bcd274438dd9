using Dapper;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// The Event Grid webhook's table, <c>event_grid_deliveries</c>: the event ids handled (Event Grid delivers at least
/// once). Queried directly with Dapper like every feature store.
/// </summary>
public sealed class EventGridStore(DataStore store, TimeProvider clock)
{
    /// <summary>Claims an event id before handling it; false when it was handled (or is being handled) already.</summary>
    public async Task<bool> TryClaimAsync(string eventId, string eventType, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO event_grid_deliveries (event_id, event_type, received_at) VALUES (@eventId, @eventType, @now)
            ON CONFLICT (event_id) DO NOTHING
            """,
            new { eventId, eventType, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>Gives a claim back when handling failed, so Event Grid's redelivery is handled rather than skipped.</summary>
    public async Task ReleaseAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM event_grid_deliveries WHERE event_id = @eventId", new { eventId }, cancellationToken: cancellationToken));
    }
}

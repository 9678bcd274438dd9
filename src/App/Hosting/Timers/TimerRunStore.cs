using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Hosting.Timers;

/// <summary>A claimed occurrence as recorded in <c>timer_runs</c>.</summary>
public sealed record TimerRun(string Schedule, DateTimeOffset OccurrenceAt, string HostId, bool PastDue, DateTimeOffset ClaimedAt,
    DateTimeOffset? CompletedAt, string? Error);

/// <summary>Claims and records timer occurrences in the store, written once for both dialects.</summary>
public sealed class TimerRunStore(DataStore store, TimeProvider clock)
{
    private const int MaxErrorLength = 1000;

    /// <summary>Claims (schedule, occurrence) for <paramref name="hostId"/>; true for exactly one caller across all processes.</summary>
    public async Task<bool> TryClaimAsync(string schedule, DateTimeOffset occurrenceUtc, string hostId, bool pastDue,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO timer_runs (schedule, occurrence_at, host_id, past_due, claimed_at)
            VALUES (@schedule, @occurrenceUtc, @hostId, @pastDue, @now)
            ON CONFLICT (schedule, occurrence_at) DO NOTHING
            """,
            new { schedule, occurrenceUtc, hostId, pastDue, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task CompleteAsync(string schedule, DateTimeOffset occurrenceUtc, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE timer_runs SET completed_at = @now, error = @error WHERE schedule = @schedule AND occurrence_at = @occurrenceUtc",
            new
            {
                schedule, occurrenceUtc, now = clock.GetUtcNow(),
                error = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>The latest occurrence any host claimed for <paramref name="schedule"/>, or null if it never ran.</summary>
    public async Task<DateTimeOffset?> LatestOccurrenceAsync(string schedule, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT occurrence_at FROM timer_runs WHERE schedule = @schedule ORDER BY occurrence_at DESC LIMIT 1",
            new { schedule }, cancellationToken: cancellationToken));
    }

    /// <summary>Runs of <paramref name="schedule"/>, oldest first.</summary>
    public async Task<IReadOnlyList<TimerRun>> ListAsync(string schedule, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TimerRunRow>(new CommandDefinition(
            """
            SELECT schedule, occurrence_at, host_id, past_due, claimed_at, completed_at, error
            FROM timer_runs WHERE schedule = @schedule ORDER BY occurrence_at
            """,
            new { schedule }, cancellationToken: cancellationToken));
        return rows.Select(row => new TimerRun(row.Schedule, row.OccurrenceAt, row.HostId, row.PastDue, row.ClaimedAt, row.CompletedAt, row.Error))
            .ToList();
    }

    private sealed class TimerRunRow
    {
        public string Schedule { get; set; } = "";
        public DateTimeOffset OccurrenceAt { get; set; }
        public string HostId { get; set; } = "";
        public bool PastDue { get; set; }
        public DateTimeOffset ClaimedAt { get; set; }
        public DateTimeOffset? CompletedAt { get; set; }
        public string? Error { get; set; }
    }
}

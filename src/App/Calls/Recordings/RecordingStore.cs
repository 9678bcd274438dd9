using Dapper;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls.Recordings;

/// <summary>A recording chunk kept in the blob store for one of our calls.</summary>
public sealed record CallRecordingFile(string CallId, string DocumentId, int ChunkIndex, string? RecordingId, string BlobName,
    string ContentType, long Length, long? DurationMs, DateTimeOffset StoredAt);

/// <summary>
/// The recording tables: <c>call_server_links</c> (which of our calls a service-side call id belongs to; recording
/// events name only the server call id) and <c>call_recordings</c> (the chunks stored per call). Created by
/// <see cref="EventGrid.M0520_EventGrid"/>, which shipped before recordings moved here and is applied by its id as it
/// was. Queried directly with Dapper like every feature store.
/// </summary>
public sealed class RecordingStore(DataStore store, TimeProvider clock)
{
    /// <summary>Remembers which call a server call id belongs to; the first link wins.</summary>
    public async Task LinkServerCallAsync(string serverCallId, string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO call_server_links (server_call_id, call_id, linked_at) VALUES (@serverCallId, @callId, @now)
            ON CONFLICT (server_call_id) DO NOTHING
            """,
            new { serverCallId, callId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<string?> CallOfServerCallAsync(string serverCallId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT call_id FROM call_server_links WHERE server_call_id = @serverCallId", new { serverCallId }, cancellationToken: cancellationToken));
    }

    /// <summary>Links a stored recording chunk to its call; a repeat of the same chunk replaces the earlier row.</summary>
    public async Task SaveRecordingAsync(CallRecordingFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO call_recordings (call_id, document_id, chunk_index, recording_id, blob_name, content_type, length, duration_ms, stored_at)
            VALUES (@CallId, @DocumentId, @ChunkIndex, @RecordingId, @BlobName, @ContentType, @Length, @DurationMs, @StoredAt)
            ON CONFLICT (call_id, document_id, chunk_index) DO UPDATE SET
                recording_id = excluded.recording_id, blob_name = excluded.blob_name, content_type = excluded.content_type,
                length = excluded.length, duration_ms = excluded.duration_ms, stored_at = excluded.stored_at
            """,
            file, cancellationToken: cancellationToken));
    }

    /// <summary>The recordings of <paramref name="callId"/> when the call belongs to <paramref name="workspaceId"/>
    /// (another workspace's call has none, as far as the caller can tell).</summary>
    public async Task<IReadOnlyList<CallRecordingFile>> RecordingsAsync(Guid workspaceId, string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var owned = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_sessions WHERE call_id = @callId AND workspace_id = @workspaceId",
            new { callId, workspaceId }, cancellationToken: cancellationToken));
        return owned == 0 ? [] : await RecordingsAsync(callId, cancellationToken);
    }

    /// <summary>The call's recording chunks, first chunk first (the newest recording when there were several).</summary>
    public async Task<IReadOnlyList<CallRecordingFile>> RecordingsAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RecordingRow>(new CommandDefinition(
            """
            SELECT call_id AS CallId, document_id AS DocumentId, chunk_index AS ChunkIndex, recording_id AS RecordingId,
                   blob_name AS BlobName, content_type AS ContentType, length AS Length, duration_ms AS DurationMs, stored_at AS StoredAt
            FROM call_recordings WHERE call_id = @callId ORDER BY stored_at DESC, chunk_index
            """,
            new { callId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToFile()).ToList();
    }

    private sealed class RecordingRow
    {
        public string CallId { get; set; } = "";
        public string DocumentId { get; set; } = "";
        public int ChunkIndex { get; set; }
        public string? RecordingId { get; set; }
        public string BlobName { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long Length { get; set; }
        public long? DurationMs { get; set; }
        public DateTimeOffset StoredAt { get; set; }

        public CallRecordingFile ToFile() => new(CallId, DocumentId, ChunkIndex, RecordingId, BlobName, ContentType, Length, DurationMs, StoredAt);
    }
}

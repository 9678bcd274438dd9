using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Calls.Recordings;

/// <summary>The recordings of the person's calls: every stored chunk's blob is deleted, then its row.</summary>
internal sealed class RecordingErasure(DataStore store, IBlobStore blobs) : IPersonalDataEraser
{
    public string Covers => "call recordings (blobs and rows)";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.CallIds.Count == 0)
        {
            return 0;
        }

        var ids = subject.CallIds.ToArray();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var names = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT blob_name FROM call_recordings WHERE {store.Dialect.InList("call_id", "@ids")}", new { ids },
            cancellationToken: cancellationToken))).Distinct(StringComparer.Ordinal).ToList();
        var changed = 0;
        foreach (var name in names)
        {
            changed += await blobs.DeleteAsync(new BlobName(name), cancellationToken) ? 1 : 0;
        }

        // Rows go after their blobs, so an interrupted erasure still knows which blobs to delete when asked again.
        changed += await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM call_recordings WHERE {store.Dialect.InList("call_id", "@ids")}", new { ids }, cancellationToken: cancellationToken));
        return changed;
    }
}

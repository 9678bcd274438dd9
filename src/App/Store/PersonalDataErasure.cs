namespace AiScheduler.Functions.Store;

/// <summary>
/// The person whose data is being erased (<c>DELETE /api/leads/{id}</c>), as known before anything was erased: the
/// lead, the phone (E.164), email and name it had, and the calls and meetings that were about them. Each feature that
/// keeps a copy of personal data erases its own copy from this.
/// </summary>
public sealed record PersonalDataSubject(
    Guid WorkspaceId,
    Guid LeadId,
    string? Phone,
    string? Email,
    string? Name,
    IReadOnlyList<string> CallIds,
    IReadOnlyList<Guid> MeetingIds)
{
    /// <summary>
    /// <see cref="MeetingIds"/> as a list parameter for <see cref="SqlDialect.InList"/>: canonical lowercase text on
    /// SQLite, a uuid array on PostgreSQL.
    /// </summary>
    public object MeetingIdsParameter(DataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Provider == StoreProvider.Postgres ? MeetingIds.ToArray() : MeetingIds.Select(id => id.ToString("D")).ToArray();
    }
}

/// <summary>
/// One feature's part of an erasure: removes or anonymises the copies of a person's data that the feature owns (its
/// tables, blobs or files). Idempotent: erasing again finds nothing left and succeeds.
/// </summary>
public interface IPersonalDataEraser
{
    /// <summary>What this eraser covers, for the erasure report (e.g. "call sessions and transcripts").</summary>
    string Covers { get; }

    /// <summary>Erases the subject's data; returns how many rows, blobs or files were changed or removed.</summary>
    Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken);
}

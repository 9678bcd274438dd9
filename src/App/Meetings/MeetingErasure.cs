using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The person's meetings: each keeps its times, status and calendar (the statistics) with the attendee address replaced
/// by <see cref="MeetingStore.ErasedAttendee"/> (so the calendar feed and any later email leave the person out); the
/// interview (its personalised plan, state and last words), its transcript lines and the meeting's analysis (quotes,
/// pain points) are deleted. The lead's overall score stays on the anonymised lead row.
/// </summary>
internal sealed class MeetingErasure(DataStore store) : IPersonalDataEraser
{
    public string Covers => "meetings, interviews, meeting transcripts and analyses";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.MeetingIds.Count == 0)
        {
            return 0;
        }

        // DynamicParameters expands the id list at run time (SQLite: one parameter per id; PostgreSQL: a uuid array).
        var ids = subject.MeetingIdsParameter(store);
        var inList = store.Dialect.InList("meeting_id", "@ids");
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var meetings = new DynamicParameters(new { erased = MeetingStore.ErasedAttendee, workspaceId = subject.WorkspaceId });
            meetings.Add("ids", ids);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE meetings SET attendee_email = @erased WHERE workspace_id = @workspaceId AND {store.Dialect.InList("id", "@ids")}",
                meetings, transaction, cancellationToken: cancellationToken));
            foreach (var table in new[] { "meeting_transcript_lines", "meeting_interviews", "meeting_analyses" })
            {
                var byMeeting = new DynamicParameters();
                byMeeting.Add("ids", ids);
                changed += await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {table} WHERE {inList}", byMeeting, transaction, cancellationToken: cancellationToken));
            }

            return changed;
        }, cancellationToken);
    }
}

using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Emails;

/// <summary>
/// The emails sent to or about the person (the lead's, its meetings', or to its address): each record keeps its kind,
/// status, tries and times (delivery statistics) with the address and subject replaced by <see cref="Erased"/> and the
/// last error dropped (providers quote addresses in errors); the message itself (the outbox's <c>.eml</c> file, with the
/// body, the invite and any attachment) is deleted. SendGrid keeps its own activity log of sent messages for its
/// retention period (see the README).
/// </summary>
internal sealed class EmailErasure(DataStore store, OutboxEmailSender outbox) : IPersonalDataEraser
{
    public const string Erased = "erased";

    public string Covers => "email records and .eml files";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var byMeeting = subject.MeetingIds.Count == 0 ? "" : " OR " + store.Dialect.InList("meeting_id", "@meetingIds");
        var byAddress = subject.Email is null ? "" : " OR LOWER(to_address) = LOWER(@email)";
        // DynamicParameters expands id lists at run time (SQLite: one parameter per id; PostgreSQL: an array).
        var find = new DynamicParameters(new { workspaceId = subject.WorkspaceId, leadId = subject.LeadId, email = subject.Email ?? "" });
        find.Add("meetingIds", subject.MeetingIdsParameter(store));
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            $"SELECT id FROM emails WHERE workspace_id = @workspaceId AND (lead_id = @leadId{byMeeting}{byAddress})", find,
            cancellationToken: cancellationToken))).ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        var update = new DynamicParameters(new { erased = Erased });
        update.Add("ids", store.Provider == StoreProvider.Postgres ? ids : ids.Select(id => id.ToString("D")).ToArray());
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE emails SET to_address = @erased, subject = @erased, last_error = NULL WHERE {store.Dialect.InList("id", "@ids")}",
            update, cancellationToken: cancellationToken));
        foreach (var id in ids)
        {
            var file = Path.Combine(outbox.Directory, OutboxEmailSender.FileNameFor(id));
            if (File.Exists(file))
            {
                File.Delete(file);
                changed++;
            }
        }

        return changed;
    }
}

using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Leads.Erasure;

/// <summary>
/// <c>DELETE /api/leads/{id}</c>: erases a person's data everywhere the app keeps a copy. It first notes who the person
/// is (phone, email, name) and which calls and meetings were about them, hands that to every
/// <see cref="IPersonalDataEraser"/> (each feature erases its own copies: transcripts, sessions, meetings, emails and
/// their files, recordings, uploads, the do-not-call list, durable history...), then anonymises the lead row last, so
/// an erasure interrupted half-way is finished by asking again. Anonymised statistics (status, language, zone, region,
/// call outcomes and durations, meeting counts) are kept. The list of copies is in the README ("Erasure: where
/// personal data lives").
/// </summary>
public sealed class LeadErasure(DataStore store, LeadStore leads, IEnumerable<IPersonalDataEraser> erasers, ILogger<LeadErasure> logger)
{
    public async Task<LeadEraseOutcome> EraseAsync(Guid workspaceId, Guid leadId, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(workspaceId, leadId, cancellationToken);
        if (lead is null)
        {
            return LeadEraseOutcome.NotFound;
        }

        var subject = await SubjectAsync(lead, cancellationToken);
        foreach (var eraser in erasers)
        {
            var changed = await eraser.EraseAsync(subject, cancellationToken);
            Log.ErasedPart(logger, leadId, eraser.Covers, changed);
        }

        return await leads.EraseAsync(workspaceId, leadId, cancellationToken);
    }

    private async Task<PersonalDataSubject> SubjectAsync(Lead lead, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var byPhone = lead.Phone is null ? "" : " OR lead_phone = @phone";
        var callIds = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT call_id FROM call_sessions WHERE workspace_id = @workspaceId AND (lead_id = @leadId{byPhone}) ORDER BY call_id",
            new { workspaceId = lead.WorkspaceId, leadId = lead.Id, phone = lead.Phone ?? "" }, cancellationToken: cancellationToken))).ToList();
        var meetingIds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM meetings WHERE workspace_id = @workspaceId AND lead_id = @leadId ORDER BY id",
            new { workspaceId = lead.WorkspaceId, leadId = lead.Id }, cancellationToken: cancellationToken))).ToList();
        return new PersonalDataSubject(lead.WorkspaceId, lead.Id, lead.Phone, lead.Email, lead.Name, callIds, meetingIds);
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1290, Level = LogLevel.Information, Message = "Erasure of lead {LeadId}: {Covers}, {Changed} row(s), blob(s) or file(s) changed")]
    public static partial void ErasedPart(ILogger logger, Guid leadId, string covers, int changed);
}

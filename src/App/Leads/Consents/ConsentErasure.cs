using AiScheduler.Functions.Leads.Erasure;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Leads.Consents;

/// <summary>The lead's consent records (their wording and proof references are about the person): deleted.</summary>
internal sealed class ConsentErasure(DataStore store) : IPersonalDataEraser
{
    public string Covers => "consent records";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM lead_consents WHERE workspace_id = @WorkspaceId AND lead_id = @LeadId", new { subject.WorkspaceId, subject.LeadId },
            cancellationToken: cancellationToken));
    }
}

using System.Data.Common;
using Dapper;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// The one way the system moves a lead's status (campaign calls, the call session, the do-not-call path): other features
/// ask it on their own open connection and, where the move must commit with their own rows, inside their transaction -
/// no extra connection or round trip. A lead that opted out stays <c>do-not-call</c> (possibly settled on another call or
/// by the call session directly); only a person lifts that, through <see cref="LeadStore.UpdateAsync"/>. A person's
/// <c>new</c> and a meeting's conclusions (<see cref="LeadStore.RecordQualificationAsync"/>) are not written here.
/// </summary>
public static class LeadStatusWriter
{
    private const string Set = "UPDATE leads SET status = @status, updated_at = @now WHERE workspace_id = @workspaceId AND id = @leadId";

    private const string SetUnlessOptedOut = Set + " AND status <> @doNotCall";

    /// <summary>
    /// Sets the lead's status to <paramref name="status"/> unless the lead opted out (do-not-call is sticky). True when
    /// the row changed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="status"/> is not one the system sets on a call's behalf.</exception>
    public static async Task<bool> SetAsync(DbConnection connection, DbTransaction? transaction, Guid workspaceId, Guid leadId,
        LeadStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        EnsureSystemMove(status);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            status == LeadStatus.DoNotCall ? Set : SetUnlessOptedOut,
            new { status = status.Value, now, workspaceId, leadId, doNotCall = LeadStatus.DoNotCall.Value }, transaction,
            cancellationToken: cancellationToken));
        return changed > 0;
    }

    private static void EnsureSystemMove(LeadStatus status)
    {
        if (status.Value is null)
        {
            throw new ArgumentException("A lead status is required.", nameof(status));
        }

        if (status == LeadStatus.New)
        {
            throw new ArgumentException("'new' is a person's decision (PUT /api/leads/{id}); a call or campaign never sets it.", nameof(status));
        }

        if (status.IsQualification)
        {
            throw new ArgumentException(
                $"'{status}' is what a meeting's analysis concludes; it is recorded with its score through LeadStore.RecordQualificationAsync.",
                nameof(status));
        }
    }
}

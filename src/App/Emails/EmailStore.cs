using System.Text;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Emails;

/// <summary>The <c>emails</c> table: one row per email, keyed for idempotency, written once for both dialects.</summary>
public sealed class EmailStore(DataStore store, TimeProvider clock)
{
    private const string Columns =
        "id, kind, to_address, subject, status, attempts, provider, provider_message_id, last_error, meeting_id, lead_id, " +
        "created_at, updated_at, sent_at";

    // Longer provider errors are cut: the column is for a person reading the dashboard, not for stack traces.
    private const int MaxErrorLength = 1000;

    /// <summary>Records the email as queued unless a row with the same key exists; returns the row either way.</summary>
    public async Task<EmailRecord> RecordQueuedAsync(Guid workspaceId, EmailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO emails (id, workspace_id, idempotency_key, kind, to_address, subject, status, attempts, meeting_id, lead_id,
                                created_at, updated_at)
            VALUES (@Id, @WorkspaceId, @Key, @Kind, @To, @Subject, @Status, 0, @MeetingId, @LeadId, @Now, @Now)
            ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
            """,
            new
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, request.Key, request.Kind, To = request.To.Address,
                request.Subject, Status = EmailStatus.Queued, request.MeetingId, request.LeadId, Now = now,
            },
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<EmailRow>(new CommandDefinition(
            $"SELECT {Columns} FROM emails WHERE workspace_id = @workspaceId AND idempotency_key = @key",
            new { workspaceId, key = request.Key }, cancellationToken: cancellationToken));
        return row.ToRecord();
    }

    /// <summary>Counts one more attempt of a queued or failed email; null when it was sent meanwhile.</summary>
    public async Task<int?> BeginAttemptAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            """
            UPDATE emails SET attempts = attempts + 1, updated_at = @Now
            WHERE workspace_id = @workspaceId AND id = @id AND status <> @Sent
            RETURNING attempts
            """,
            new { workspaceId, id, Now = clock.GetUtcNow(), Sent = EmailStatus.Sent }, cancellationToken: cancellationToken));
    }

    public async Task MarkSentAsync(Guid workspaceId, Guid id, string provider, string providerMessageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE emails SET status = @Sent, provider = @provider, provider_message_id = @providerMessageId, last_error = NULL,
                              sent_at = @now, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id
            """,
            new { workspaceId, id, provider, providerMessageId, now, Sent = EmailStatus.Sent }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a failed attempt; <paramref name="final"/> marks the email failed, otherwise it stays queued.</summary>
    public async Task RecordFailureAsync(Guid workspaceId, Guid id, string provider, string error, bool final, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE emails SET status = @status, provider = @provider, last_error = @error, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id AND status <> @Sent
            """,
            new
            {
                workspaceId, id, provider, now = clock.GetUtcNow(), Sent = EmailStatus.Sent,
                status = final ? EmailStatus.Failed : EmailStatus.Queued,
                error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error,
            },
            cancellationToken: cancellationToken));
    }

    public async Task<EmailRecord?> GetAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EmailRow>(new CommandDefinition(
            $"SELECT {Columns} FROM emails WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id },
            cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>A page of emails, newest first, filtered by status, kind, lead and meeting.</summary>
    public async Task<EmailPage> ListAsync(Guid workspaceId, EmailQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder("workspace_id = @WorkspaceId");
        var parameters = new DynamicParameters();
        parameters.Add("WorkspaceId", workspaceId);
        if (query.Status is not null)
        {
            where.Append(" AND status = @Status");
            parameters.Add("Status", query.Status);
        }

        if (query.Kind is not null)
        {
            where.Append(" AND kind = @Kind");
            parameters.Add("Kind", query.Kind);
        }

        if (query.LeadId is { } leadId)
        {
            where.Append(" AND lead_id = @LeadId");
            parameters.Add("LeadId", leadId);
        }

        if (query.MeetingId is { } meetingId)
        {
            where.Append(" AND meeting_id = @MeetingId");
            parameters.Add("MeetingId", meetingId);
        }

        parameters.Add("Limit", query.PageSize);
        parameters.Add("Offset", (long)(query.Page - 1) * query.PageSize);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM emails WHERE {where}", parameters, cancellationToken: cancellationToken));
        // UUIDv7 ids only order by millisecond; the creation instant orders within one, the id breaks exact ties.
        var rows = await connection.QueryAsync<EmailRow>(new CommandDefinition(
            $"SELECT {Columns} FROM emails WHERE {where} ORDER BY created_at DESC, id DESC LIMIT @Limit OFFSET @Offset", parameters,
            cancellationToken: cancellationToken));
        return new EmailPage(rows.Select(row => row.ToRecord()).ToList(), total, query.Page, query.PageSize);
    }

    /// <summary>Emails per status, for the demo summary and health views.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM emails WHERE workspace_id = @workspaceId GROUP BY status", new { workspaceId },
            cancellationToken: cancellationToken));
        return EmailStatus.All.ToDictionary(status => status,
            status => rows.Where(row => string.Equals(row.Status, status, StringComparison.Ordinal)).Sum(row => row.Count),
            StringComparer.Ordinal);
    }

    private sealed class EmailRow
    {
        public Guid Id { get; set; }
        public string Kind { get; set; } = "";
        public string ToAddress { get; set; } = "";
        public string Subject { get; set; } = "";
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public string? Provider { get; set; }
        public string? ProviderMessageId { get; set; }
        public string? LastError { get; set; }
        public Guid? MeetingId { get; set; }
        public Guid? LeadId { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? SentAt { get; set; }

        public EmailRecord ToRecord() => new(Id, Kind, ToAddress, Subject, Status, Attempts, Provider, ProviderMessageId, LastError,
            MeetingId, LeadId, CreatedAt, UpdatedAt, SentAt);
    }
}

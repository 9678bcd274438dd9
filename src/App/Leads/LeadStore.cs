using System.Data.Common;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Store;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace AiScheduler.Functions.Leads;

/// <summary>Filters and paging for <see cref="LeadStore.ListAsync"/>.</summary>
public sealed record LeadQuery(
    string? Status = null,
    string? Language = null,
    Guid? CampaignId = null,
    string? Search = null,
    int Page = 1,
    int PageSize = 50,
    Guid? After = null,
    bool IncludeErased = false);

/// <summary>One page of leads; <see cref="NextCursor"/> continues after the last item (null on the last page).</summary>
public sealed record LeadPage(IReadOnlyList<Lead> Items, long Total, int? Page, int PageSize, Guid? NextCursor);

/// <summary>What a batch upsert did: new leads and existing leads (matched by phone) that were updated.</summary>
public sealed record LeadBatchResult(int Inserted, int Updated);

/// <summary>Outcome of an erase request.</summary>
public enum LeadEraseOutcome
{
    Erased,
    AlreadyErased,
    NotFound,
}

/// <summary>The phone is already held by another lead in the workspace.</summary>
public sealed class LeadPhoneTakenException(Guid existingLeadId)
    : Exception($"Another lead ({existingLeadId}) already has this phone number.")
{
    public Guid ExistingLeadId { get; } = existingLeadId;
}

/// <summary>Lead rows in the store, written once for both dialects.</summary>
public sealed class LeadStore(DataStore store, TimeProvider clock)
{
    private const string Columns =
        "id, workspace_id, name, phone, email, company, region, language, language_source, time_zone, time_zone_source, " +
        "notes, custom_fields, status, campaign_id, created_at, updated_at, erased_at";

    /// <summary>What reads return: the written columns and what the last analysed meeting concluded.</summary>
    private const string SelectColumns = Columns + ", score, insights, last_meeting_id, last_meeting_at";

    public async Task<Lead?> GetAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LeadRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM leads WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id },
            cancellationToken: cancellationToken));
        return row?.ToLead();
    }

    public async Task<Lead?> FindByPhoneAsync(Guid workspaceId, string phone, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LeadRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM leads WHERE workspace_id = @workspaceId AND phone = @phone", new { workspaceId, phone },
            cancellationToken: cancellationToken));
        return row?.ToLead();
    }

    public async Task<LeadPage> ListAsync(Guid workspaceId, LeadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Filter(workspaceId, query);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM leads WHERE {where}", parameters, cancellationToken: cancellationToken));

        var pageWhere = where;
        if (query.After is { } after)
        {
            pageWhere += " AND id > @After";
            parameters.Add("After", after);
        }

        parameters.Add("Limit", query.PageSize + 1);
        parameters.Add("Offset", query.After is null ? (long)(query.Page - 1) * query.PageSize : 0L);
        var rows = (await connection.QueryAsync<LeadRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM leads WHERE {pageWhere} ORDER BY id LIMIT @Limit OFFSET @Offset", parameters,
            cancellationToken: cancellationToken))).ToList();

        var hasMore = rows.Count > query.PageSize;
        var items = rows.Take(query.PageSize).Select(row => row.ToLead()).ToList();
        return new LeadPage(items, total, query.After is null ? query.Page : null, query.PageSize,
            hasMore ? items[^1].Id : null);
    }

    /// <summary>
    /// Every lead <paramref name="query"/>'s filters select (its paging ignored), in id order, read from the store as the
    /// caller consumes them, so an export of any size never sits whole in memory.
    /// </summary>
    public async IAsyncEnumerable<Lead> StreamAsync(Guid workspaceId, LeadQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Filter(workspaceId, query);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<LeadRow>(
                           $"SELECT {SelectColumns} FROM leads WHERE {where} ORDER BY id", parameters).WithCancellation(cancellationToken))
        {
            yield return row.ToLead();
        }
    }

    private (string Where, DynamicParameters Parameters) Filter(Guid workspaceId, LeadQuery query)
    {
        var where = new StringBuilder("workspace_id = @WorkspaceId");
        var parameters = new DynamicParameters();
        parameters.Add("WorkspaceId", workspaceId);
        if (!query.IncludeErased)
        {
            where.Append(" AND erased_at IS NULL");
        }

        if (query.Status is not null)
        {
            where.Append(" AND status = @Status");
            parameters.Add("Status", query.Status);
        }

        if (query.Language is not null)
        {
            // "fr" also finds "fr-CA"; "fr-CA" finds only itself.
            where.Append(" AND (language = @Language OR language LIKE @LanguagePrefix ").Append(store.Dialect.LikeEscape).Append(')');
            parameters.Add("Language", query.Language);
            parameters.Add("LanguagePrefix", SqlDialect.EscapeLike(query.Language) + "-%");
        }

        if (query.CampaignId is { } campaignId)
        {
            where.Append(" AND campaign_id = @CampaignId");
            parameters.Add("CampaignId", campaignId);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var like = store.Dialect.CaseInsensitiveLike;
            var escape = store.Dialect.LikeEscape;
            var text = query.Search.Trim();
            where.Append(FormattableString.Invariant(
                $" AND (name {like} @SearchText {escape} OR email {like} @SearchText {escape}"));
            parameters.Add("SearchText", "%" + SqlDialect.EscapeLike(text) + "%");
            // Phone search only for phone-like text ("514-555", "+1 (212)"), so "Lead 42" does not match every 42 in numbers.
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= 3 && text.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')' or '.'))
            {
                where.Append(FormattableString.Invariant($" OR phone LIKE @SearchDigits {escape}"));
                parameters.Add("SearchDigits", "%" + digits + "%");
            }

            where.Append(')');
        }

        return (where.ToString(), parameters);
    }

    /// <summary>Adds a new lead; throws <see cref="LeadPhoneTakenException"/> when its phone is already used.</summary>
    public async Task<Lead> InsertAsync(Guid workspaceId, LeadDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        try
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO leads ({Columns})
                VALUES (@Id, @WorkspaceId, @Name, @Phone, @Email, @Company, @Region, @Language, @LanguageSource, @TimeZone,
                        @TimeZoneSource, @Notes, {store.Dialect.Json("@CustomFields")}, @Status, @CampaignId, @Now, @Now, NULL)
                """,
                Parameters(id, workspaceId, draft, now), cancellationToken: cancellationToken));
        }
        catch (DbException ex) when (store.Dialect.IsUniqueViolation(ex))
        {
            var existing = await FindByPhoneAsync(workspaceId, draft.Phone, cancellationToken);
            throw new LeadPhoneTakenException(existing?.Id ?? Guid.Empty);
        }

        return (await GetAsync(workspaceId, id, cancellationToken))!;
    }

    /// <summary>
    /// Replaces a lead's editable fields. Returns null when there is no such lead; throws
    /// <see cref="LeadPhoneTakenException"/> when the new phone belongs to another lead.
    /// </summary>
    public async Task<Lead?> UpdateAsync(Guid workspaceId, Guid id, LeadDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        int changed;
        try
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            changed = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE leads SET name = @Name, phone = @Phone, email = @Email, company = @Company, region = @Region,
                    language = @Language, language_source = @LanguageSource, time_zone = @TimeZone,
                    time_zone_source = @TimeZoneSource, notes = @Notes, custom_fields = {store.Dialect.Json("@CustomFields")},
                    status = @Status, campaign_id = @CampaignId, updated_at = @Now
                WHERE workspace_id = @WorkspaceId AND id = @Id AND erased_at IS NULL
                """,
                Parameters(id, workspaceId, draft, clock.GetUtcNow()), cancellationToken: cancellationToken));
        }
        catch (DbException ex) when (store.Dialect.IsUniqueViolation(ex))
        {
            var existing = await FindByPhoneAsync(workspaceId, draft.Phone, cancellationToken);
            throw new LeadPhoneTakenException(existing?.Id ?? Guid.Empty);
        }

        return changed == 0 ? null : await GetAsync(workspaceId, id, cancellationToken);
    }

    /// <summary>
    /// Records what a meeting concluded about a lead: its status (<c>qualified</c>, <c>nurture</c> or <c>disqualified</c>),
    /// the overall score, the key insights and the meeting. A meeting older than the one already recorded changes
    /// nothing, so a late retry of an earlier meeting's completion cannot overwrite a newer result. False when there is
    /// no such lead (or it was erased). A lead that opted out keeps <c>do-not-call</c>: the score, insights and meeting
    /// are recorded, but a meeting's conclusion never lifts an opt-out (only a person does, through <see cref="UpdateAsync"/>).
    /// </summary>
    public async Task<bool> RecordQualificationAsync(Guid workspaceId, Guid id, string status, int score, IReadOnlyList<string> insights,
        Guid meetingId, DateTimeOffset meetingAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insights);
        if (!LeadStatus.TryParse(status, out var parsed) || !parsed.IsQualification)
        {
            throw new ArgumentException($"a meeting sets a lead to qualified, nurture or disqualified, not '{status}'", nameof(status));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(score, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 100);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE leads SET status = CASE WHEN status = @doNotCall THEN status ELSE @status END, score = @score,
                insights = @insights, last_meeting_id = @meetingId,
                last_meeting_at = @meetingAt, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id AND erased_at IS NULL
              AND (last_meeting_at IS NULL OR last_meeting_at <= @meetingAt)
            """,
            new
            {
                workspaceId, id, status = parsed.Value, doNotCall = LeadStatus.DoNotCall.Value, score,
                insights = JsonSerializer.Serialize(insights), meetingId,
                meetingAt = meetingAt.ToUniversalTime(), now = clock.GetUtcNow(),
            }, cancellationToken: cancellationToken));
        return changed > 0;
    }

    /// <summary>
    /// Erases a lead's personal data (name, phone, email, company, notes, custom fields, insights) and keeps the anonymised row, so
    /// statistics by status, language, zone and region stay whole.
    /// </summary>
    public async Task<LeadEraseOutcome> EraseAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var erased = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE leads SET name = NULL, phone = NULL, email = NULL, company = NULL, notes = NULL, custom_fields = NULL, insights = NULL,
                erased_at = @now, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id AND erased_at IS NULL
            """, new { workspaceId, id, now }, cancellationToken: cancellationToken));
        if (erased > 0)
        {
            return LeadEraseOutcome.Erased;
        }

        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM leads WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id },
            cancellationToken: cancellationToken));
        return exists > 0 ? LeadEraseOutcome.AlreadyErased : LeadEraseOutcome.NotFound;
    }

    /// <summary>
    /// Inserts or merges leads by phone in one transaction. On a match, values present in the draft win, absent ones
    /// keep what is stored, custom fields are merged, a declared language or zone is never replaced by an inferred
    /// one, and status is left alone. <paramref name="drafts"/> must have distinct phones and are counted as inserted or
    /// updated; <paramref name="merges"/> (later rows for phones already written) are merged after them, uncounted.
    /// </summary>
    public Task<LeadBatchResult> UpsertBatchAsync(Guid workspaceId, IReadOnlyList<LeadDraft> drafts,
        IReadOnlyList<LeadDraft> merges, CancellationToken cancellationToken) =>
        UpsertBatchAsync(workspaceId, drafts, merges, null, cancellationToken);

    /// <summary>
    /// As <see cref="UpsertBatchAsync(Guid, IReadOnlyList{LeadDraft}, IReadOnlyList{LeadDraft}, CancellationToken)"/>, and
    /// runs <paramref name="alsoInTransaction"/> (given what the batch did) before the commit, so a caller's bookkeeping
    /// (an import's checkpoint) commits or rolls back with the rows. PostgreSQL receives the rows by binary <c>COPY</c>
    /// into a staging table and merges them with one statement; SQLite runs one prepared statement per row.
    /// </summary>
    public async Task<LeadBatchResult> UpsertBatchAsync(Guid workspaceId, IReadOnlyList<LeadDraft> drafts,
        IReadOnlyList<LeadDraft> merges, Func<DbConnection, DbTransaction, LeadBatchResult, Task>? alsoInTransaction,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(merges);
        if (drafts.Count == 0 && merges.Count == 0)
        {
            return new LeadBatchResult(0, 0);
        }

        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var inserted = connection is NpgsqlConnection postgres
                ? await CopyUpsertAsync(postgres, transaction, workspaceId, drafts, now, cancellationToken)
                : await UpsertEachAsync(connection, transaction, workspaceId, drafts, now, cancellationToken);

            // One statement may not touch the same row twice, so each repeat of a phone goes on its own.
            foreach (var merge in merges)
            {
                await UpsertEachAsync(connection, transaction, workspaceId, [merge], now, cancellationToken);
            }

            var result = new LeadBatchResult(inserted, drafts.Count - inserted);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(connection, transaction, result);
            }

            return result;
        }, cancellationToken);
    }

    private const string UpsertColumns =
        "id, workspace_id, name, phone, email, company, region, language, language_source, time_zone, time_zone_source, " +
        "notes, custom_fields, status, campaign_id, created_at, updated_at";

    /// <summary>The merge rule of <see cref="UpsertBatchAsync(Guid, IReadOnlyList{LeadDraft}, IReadOnlyList{LeadDraft}, CancellationToken)"/> in SQL.</summary>
    private string OnConflictMerge()
    {
        const string declared = InferenceSource.Declared;
        return $"""
            ON CONFLICT (workspace_id, phone) WHERE phone IS NOT NULL DO UPDATE SET
                name = COALESCE(excluded.name, leads.name),
                email = COALESCE(excluded.email, leads.email),
                company = COALESCE(excluded.company, leads.company),
                region = COALESCE(excluded.region, leads.region),
                language = CASE WHEN excluded.language_source = '{declared}' OR leads.language_source <> '{declared}'
                                THEN excluded.language ELSE leads.language END,
                language_source = CASE WHEN excluded.language_source = '{declared}' OR leads.language_source <> '{declared}'
                                THEN excluded.language_source ELSE leads.language_source END,
                time_zone = CASE WHEN excluded.time_zone_source = '{declared}' OR leads.time_zone_source <> '{declared}'
                                THEN excluded.time_zone ELSE leads.time_zone END,
                time_zone_source = CASE WHEN excluded.time_zone_source = '{declared}' OR leads.time_zone_source <> '{declared}'
                                THEN excluded.time_zone_source ELSE leads.time_zone_source END,
                notes = COALESCE(excluded.notes, leads.notes),
                custom_fields = CASE WHEN leads.custom_fields IS NULL THEN excluded.custom_fields
                                     WHEN excluded.custom_fields IS NULL THEN leads.custom_fields
                                     ELSE {store.Dialect.JsonMerge("leads.custom_fields", "excluded.custom_fields")} END,
                campaign_id = COALESCE(excluded.campaign_id, leads.campaign_id),
                updated_at = excluded.updated_at
            RETURNING id
            """;
    }

    /// <summary>
    /// One prepared upsert executed per row (SQLite: no round trips, so a reused statement in one transaction is the bulk
    /// path). Returns how many rows were new: the upsert returns the id it kept, ours only for an insert.
    /// </summary>
    private async Task<int> UpsertEachAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId,
        IReadOnlyList<LeadDraft> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sqlite = connection is not NpgsqlConnection;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO leads ({UpsertColumns})
            VALUES (@id, @workspace, @name, @phone, @email, @company, @region, @language, @language_source, @time_zone,
                    @time_zone_source, @notes, {store.Dialect.Json("@custom_fields")}, @status, @campaign, @now, @now)
            {OnConflictMerge()}
            """;
        var parameters = new[]
        {
            "id", "workspace", "name", "phone", "email", "company", "region", "language", "language_source", "time_zone",
            "time_zone_source", "notes", "custom_fields", "status", "campaign", "now",
        }.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        object Id(Guid id) => sqlite ? id.ToString("D") : id;
        parameters[1].Value = Id(workspaceId);
        parameters[15].Value = sqlite ? StoreTypeHandlers.FormatSqliteInstant(now) : now.ToUniversalTime();
        if (sqlite)
        {
            // Npgsql prepares from typed parameters; on PostgreSQL this path only merges the odd repeated phone.
            await command.PrepareAsync(cancellationToken);
        }

        var inserted = 0;
        foreach (var draft in rows)
        {
            var id = Guid.CreateVersion7(now);
            parameters[0].Value = Id(id);
            parameters[2].Value = (object?)draft.Name ?? DBNull.Value;
            parameters[3].Value = draft.Phone;
            parameters[4].Value = (object?)draft.Email ?? DBNull.Value;
            parameters[5].Value = (object?)draft.Company ?? DBNull.Value;
            parameters[6].Value = (object?)draft.Region ?? DBNull.Value;
            parameters[7].Value = draft.Language;
            parameters[8].Value = draft.LanguageSource;
            parameters[9].Value = draft.TimeZone;
            parameters[10].Value = draft.TimeZoneSource;
            parameters[11].Value = (object?)draft.Notes ?? DBNull.Value;
            parameters[12].Value = (object?)CustomFieldsJson(draft) ?? DBNull.Value;
            parameters[13].Value = draft.Status;
            parameters[14].Value = draft.CampaignId is { } campaign ? Id(campaign) : DBNull.Value;
            var kept = await command.ExecuteScalarAsync(cancellationToken);
            if (kept is not null && (kept is Guid guid ? guid == id : string.Equals(kept as string, id.ToString("D"), StringComparison.Ordinal)))
            {
                inserted++;
            }
        }

        return inserted;
    }

    /// <summary>PostgreSQL: binary COPY of the batch into a staging table, then one upsert from it. Returns how many rows were new.</summary>
    private async Task<int> CopyUpsertAsync(NpgsqlConnection connection, DbTransaction transaction, Guid workspaceId, IReadOnlyList<LeadDraft> rows,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = (NpgsqlTransaction)transaction;
            create.CommandText = "CREATE TEMP TABLE lead_import_stage (LIKE leads INCLUDING DEFAULTS) ON COMMIT DROP";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var ids = new HashSet<Guid>(rows.Count);
        var instant = now.ToUniversalTime();
        await using (var import = await connection.BeginBinaryImportAsync(
            $"COPY lead_import_stage ({UpsertColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var draft in rows)
            {
                var id = Guid.CreateVersion7(now);
                ids.Add(id);
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync(workspaceId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteTextAsync(import, draft.Name, cancellationToken);
                await WriteTextAsync(import, draft.Phone, cancellationToken);
                await WriteTextAsync(import, draft.Email, cancellationToken);
                await WriteTextAsync(import, draft.Company, cancellationToken);
                await WriteTextAsync(import, draft.Region, cancellationToken);
                await WriteTextAsync(import, draft.Language, cancellationToken);
                await WriteTextAsync(import, draft.LanguageSource, cancellationToken);
                await WriteTextAsync(import, draft.TimeZone, cancellationToken);
                await WriteTextAsync(import, draft.TimeZoneSource, cancellationToken);
                await WriteTextAsync(import, draft.Notes, cancellationToken);
                if (CustomFieldsJson(draft) is { } json)
                {
                    await import.WriteAsync(json, NpgsqlDbType.Jsonb, cancellationToken);
                }
                else
                {
                    await import.WriteNullAsync(cancellationToken);
                }

                await WriteTextAsync(import, draft.Status, cancellationToken);
                if (draft.CampaignId is { } campaign)
                {
                    await import.WriteAsync(campaign, NpgsqlDbType.Uuid, cancellationToken);
                }
                else
                {
                    await import.WriteNullAsync(cancellationToken);
                }

                await import.WriteAsync(instant, NpgsqlDbType.TimestampTz, cancellationToken);
                await import.WriteAsync(instant, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        var kept = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"INSERT INTO leads ({UpsertColumns}) SELECT {UpsertColumns} FROM lead_import_stage {OnConflictMerge()}",
            transaction: transaction, cancellationToken: cancellationToken));
        return kept.Count(ids.Contains);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter import, string? value, CancellationToken cancellationToken) =>
        value is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static string? CustomFieldsJson(LeadDraft draft) =>
        draft.CustomFields is { Count: > 0 } fields ? JsonSerializer.Serialize(fields) : null;

    private static DynamicParameters Parameters(Guid id, Guid workspaceId, LeadDraft draft, DateTimeOffset now)
    {
        var parameters = new DynamicParameters();
        parameters.Add("Id", id);
        parameters.Add("WorkspaceId", workspaceId);
        parameters.Add("Name", draft.Name);
        parameters.Add("Phone", draft.Phone);
        parameters.Add("Email", draft.Email);
        parameters.Add("Company", draft.Company);
        parameters.Add("Region", draft.Region);
        parameters.Add("Language", draft.Language);
        parameters.Add("LanguageSource", draft.LanguageSource);
        parameters.Add("TimeZone", draft.TimeZone);
        parameters.Add("TimeZoneSource", draft.TimeZoneSource);
        parameters.Add("Notes", draft.Notes);
        parameters.Add("CustomFields", draft.CustomFields is { Count: > 0 } fields ? JsonSerializer.Serialize(fields) : null);
        parameters.Add("Status", draft.Status);
        parameters.Add("CampaignId", draft.CampaignId);
        parameters.Add("Now", now);
        return parameters;
    }

    /// <summary>Row shape as Dapper reads it (snake_case columns map by name).</summary>
    private sealed class LeadRow
    {
        public Guid Id { get; set; }
        public Guid WorkspaceId { get; set; }
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Company { get; set; }
        public string? Region { get; set; }
        public string Language { get; set; } = "";
        public string LanguageSource { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public string TimeZoneSource { get; set; } = "";
        public string? Notes { get; set; }
        public string? CustomFields { get; set; }
        public string Status { get; set; } = "";
        public Guid? CampaignId { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? ErasedAt { get; set; }
        public int? Score { get; set; }
        public string? Insights { get; set; }
        public Guid? LastMeetingId { get; set; }
        public DateTimeOffset? LastMeetingAt { get; set; }

        public Lead ToLead() => new(Id, WorkspaceId, Name, Phone, Email, Company, Region, Language, LanguageSource, TimeZone,
            TimeZoneSource, Notes,
            CustomFields is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(CustomFields),
            Status, CampaignId, CreatedAt, UpdatedAt, ErasedAt)
        {
            Score = Score,
            Insights = Insights is null ? null : JsonSerializer.Deserialize<List<string>>(Insights),
            LastMeetingId = LastMeetingId,
            LastMeetingAt = LastMeetingAt,
        };
    }
}

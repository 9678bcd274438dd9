using System.Data.Common;
using System.Text.Json;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Meetings.Questions;

/// <summary>A follow-up rule as the API shows it: <c>when</c> is vague, missing-number or competitor.</summary>
public sealed record FollowUpView(string When, IReadOnlyDictionary<string, string> Text);

/// <summary>A question as the API shows it: position in the set (0-based), dimension name, text per language.</summary>
public sealed record QuestionView(Guid Id, string Key, int Position, string Dimension, IReadOnlyDictionary<string, string> Text,
    IReadOnlyList<FollowUpView> FollowUps)
{
    public Question ToDomain()
    {
        BantDimensions.TryParse(Dimension, out var dimension);
        return new Question(Key, dimension, Text, FollowUps
            .Select(rule => FollowUpTriggers.TryParse(rule.When, out var when) ? new FollowUpRule(when, rule.Text) : null)
            .OfType<FollowUpRule>()
            .ToList());
    }
}

/// <summary>A question set with its questions in order.</summary>
public sealed record QuestionSetView(Guid Id, string Name, string? Description, bool IsDefault, IReadOnlyList<string> Competitors,
    IReadOnlyList<QuestionView> Questions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public QuestionSet ToDomain() => new(Name, Questions.Select(q => q.ToDomain()).ToList(), Competitors);
}

/// <summary>One line of <c>GET /api/question-sets</c>.</summary>
public sealed record QuestionSetSummary(Guid Id, string Name, string? Description, bool IsDefault, int QuestionCount, DateTimeOffset UpdatedAt);

/// <summary>A set's own fields, validated.</summary>
public sealed record QuestionSetDraft(string Name, string? Description, IReadOnlyList<string> Competitors);

/// <summary>What a change to a set or its questions did.</summary>
public enum QuestionSetChange
{
    Changed,
    NotFound,
    QuestionNotFound,
    DuplicateKey,
    IsDefault,
    TooManyQuestions,
    NotAPermutation,
    TargetNotFound,
}

/// <summary>
/// The question sets of a workspace and their questions. The product's default set (<see cref="DefaultQuestionSet"/>)
/// is copied into a workspace the first time its sets are read, guarded by the unique index on the default flag so
/// concurrent first reads seed it once.
/// </summary>
public sealed class QuestionSetStore(DataStore store, TimeProvider clock)
{
    public const int MaxQuestions = 50;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<QuestionSetSummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            """
            SELECT s.id, s.name, s.description, s.is_default,
                   (SELECT count(*) FROM question_set_questions q WHERE q.set_id = s.id) AS question_count, s.updated_at
            FROM question_sets s WHERE s.workspace_id = @workspaceId
            ORDER BY s.is_default DESC, s.name, s.id
            """, new { workspaceId }, cancellationToken: cancellationToken));
        return rows.Select(r => new QuestionSetSummary(r.Id, r.Name, r.Description, r.IsDefault == 1, (int)r.QuestionCount, r.UpdatedAt)).ToList();
    }

    public async Task<QuestionSetView?> GetAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, null, workspaceId, id, cancellationToken);
    }

    public async Task<QuestionSetView> GetDefaultAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            "SELECT id FROM question_sets WHERE workspace_id = @workspaceId AND is_default = 1", new { workspaceId },
            cancellationToken: cancellationToken));
        return (await GetAsync(connection, null, workspaceId, id, cancellationToken))!;
    }

    /// <summary>
    /// The set a meeting's interview uses: the one the meeting names, else the one its lead's campaign names, else the
    /// workspace's default.
    /// </summary>
    public async Task<QuestionSetView> ResolveForMeetingAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var named = (await connection.QueryFirstOrDefaultAsync<SetIdRow>(new CommandDefinition(
            """
            SELECT COALESCE(m.question_set_id, c.question_set_id) AS set_id
            FROM meetings m
            LEFT JOIN leads l ON l.id = m.lead_id AND l.workspace_id = m.workspace_id
            LEFT JOIN campaigns c ON c.id = l.campaign_id AND c.workspace_id = m.workspace_id
            WHERE m.workspace_id = @workspaceId AND m.id = @meetingId
            """, new { workspaceId, meetingId }, cancellationToken: cancellationToken)))?.SetId;
        if (named is { } setId && await GetAsync(connection, null, workspaceId, setId, cancellationToken) is { } set)
        {
            return set;
        }

        return await GetDefaultAsync(workspaceId, cancellationToken);
    }

    public async Task<QuestionSetView> CreateAsync(Guid workspaceId, QuestionSetDraft draft, IReadOnlyList<Question> questions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(questions);
        var id = Guid.CreateVersion7();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            await InsertSetAsync(connection, transaction, workspaceId, id, draft, isDefault: false, cancellationToken);
            for (var i = 0; i < questions.Count; i++)
            {
                await InsertQuestionAsync(connection, transaction, workspaceId, id, questions[i], i, cancellationToken);
            }

            return (await GetAsync(connection, transaction, workspaceId, id, cancellationToken))!;
        }, cancellationToken);
    }

    public async Task<(QuestionSetChange Change, QuestionSetView? Set)> UpdateAsync(Guid workspaceId, Guid id, QuestionSetDraft draft,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE question_sets SET name = @Name, description = @Description, competitors = {store.Dialect.Json("@competitors")},
                    updated_at = @now
                WHERE workspace_id = @workspaceId AND id = @id
                """,
                new { workspaceId, id, draft.Name, draft.Description, competitors = JsonSerializer.Serialize(draft.Competitors, Json), now = clock.GetUtcNow() },
                transaction, cancellationToken: cancellationToken));
            return changed == 0
                ? (QuestionSetChange.NotFound, null)
                : (QuestionSetChange.Changed, await GetAsync(connection, transaction, workspaceId, id, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Deletes a set that is not the default; campaigns and meetings naming it fall back to the default.</summary>
    public async Task<QuestionSetChange> DeleteAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var isDefault = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT is_default FROM question_sets WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id }, transaction,
                cancellationToken: cancellationToken));
            if (isDefault is null)
            {
                return QuestionSetChange.NotFound;
            }

            if (isDefault == 1)
            {
                return QuestionSetChange.IsDefault;
            }

            var arguments = new { workspaceId, id };
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE meetings SET question_set_id = NULL WHERE workspace_id = @workspaceId AND question_set_id = @id", arguments, transaction,
                cancellationToken: cancellationToken));
            await CampaignStore.ClearQuestionSetAsync(connection, transaction, workspaceId, id, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM question_set_questions WHERE workspace_id = @workspaceId AND set_id = @id", arguments, transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM question_sets WHERE workspace_id = @workspaceId AND id = @id", arguments, transaction, cancellationToken: cancellationToken));
            return QuestionSetChange.Changed;
        }, cancellationToken);
    }

    /// <summary>Adds a question at <paramref name="position"/> (0-based; past the end or null appends).</summary>
    public async Task<(QuestionSetChange Change, QuestionSetView? Set)> AddQuestionAsync(Guid workspaceId, Guid setId, Question question,
        int? position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        return await EditAsync(workspaceId, setId, async (connection, transaction, set) =>
        {
            if (set.Questions.Count >= MaxQuestions)
            {
                return QuestionSetChange.TooManyQuestions;
            }

            if (set.Questions.Any(q => q.Key == question.Key))
            {
                return QuestionSetChange.DuplicateKey;
            }

            var at = Math.Clamp(position ?? set.Questions.Count, 0, set.Questions.Count);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE question_set_questions SET position = position + 1 WHERE set_id = @setId AND position >= @at",
                new { setId, at }, transaction, cancellationToken: cancellationToken));
            await InsertQuestionAsync(connection, transaction, workspaceId, setId, question, at, cancellationToken);
            return null;
        }, cancellationToken);
    }

    public async Task<(QuestionSetChange Change, QuestionSetView? Set)> UpdateQuestionAsync(Guid workspaceId, Guid setId, Guid questionId,
        Question question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        return await EditAsync(workspaceId, setId, async (connection, transaction, set) =>
        {
            if (set.Questions.All(q => q.Id != questionId))
            {
                return QuestionSetChange.QuestionNotFound;
            }

            if (set.Questions.Any(q => q.Key == question.Key && q.Id != questionId))
            {
                return QuestionSetChange.DuplicateKey;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE question_set_questions SET question_key = @Key, dimension = @dimension, text = {store.Dialect.Json("@text")},
                    follow_ups = {store.Dialect.Json("@followUps")}, updated_at = @now
                WHERE set_id = @setId AND id = @questionId
                """,
                new
                {
                    setId, questionId, question.Key, dimension = question.Dimension.Name(), text = JsonSerializer.Serialize(question.Text, Json),
                    followUps = SerializeFollowUps(question.FollowUps), now = clock.GetUtcNow(),
                }, transaction, cancellationToken: cancellationToken));
            return null;
        }, cancellationToken);
    }

    public async Task<(QuestionSetChange Change, QuestionSetView? Set)> RemoveQuestionAsync(Guid workspaceId, Guid setId, Guid questionId,
        CancellationToken cancellationToken)
    {
        return await EditAsync(workspaceId, setId, async (connection, transaction, set) =>
        {
            var question = set.Questions.FirstOrDefault(q => q.Id == questionId);
            if (question is null)
            {
                return QuestionSetChange.QuestionNotFound;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM question_set_questions WHERE set_id = @setId AND id = @questionId", new { setId, questionId }, transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE question_set_questions SET position = position - 1 WHERE set_id = @setId AND position > @Position",
                new { setId, question.Position }, transaction, cancellationToken: cancellationToken));
            return null;
        }, cancellationToken);
    }

    /// <summary>Puts the questions in the order of <paramref name="questionIds"/>, which must name each question once.</summary>
    public async Task<(QuestionSetChange Change, QuestionSetView? Set)> ReorderAsync(Guid workspaceId, Guid setId, IReadOnlyList<Guid> questionIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questionIds);
        return await EditAsync(workspaceId, setId, async (connection, transaction, set) =>
        {
            if (questionIds.Count != set.Questions.Count || !set.Questions.Select(q => q.Id).ToHashSet().SetEquals(questionIds))
            {
                return QuestionSetChange.NotAPermutation;
            }

            for (var i = 0; i < questionIds.Count; i++)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE question_set_questions SET position = @i WHERE set_id = @setId AND id = @id", new { setId, id = questionIds[i], i },
                    transaction, cancellationToken: cancellationToken));
            }

            return null;
        }, cancellationToken);
    }

    /// <summary>Names the set a meeting (<paramref name="table"/> "meetings") or a campaign ("campaigns") uses; null clears it.</summary>
    public async Task<QuestionSetChange> AssignAsync(Guid workspaceId, QuestionSetTarget table, Guid targetId, Guid? setId,
        CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            if (setId is { } id && await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                    "SELECT 1 FROM question_sets WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id }, transaction,
                    cancellationToken: cancellationToken)) is null)
            {
                return QuestionSetChange.NotFound;
            }

            // A campaign's row is the Campaigns folder's to write.
            var changed = table == QuestionSetTarget.Meeting
                ? await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE meetings SET question_set_id = @setId WHERE workspace_id = @workspaceId AND id = @targetId",
                    new { workspaceId, targetId, setId }, transaction, cancellationToken: cancellationToken))
                : await CampaignStore.SetQuestionSetAsync(connection, transaction, workspaceId, targetId, setId, cancellationToken);
            return changed == 0 ? QuestionSetChange.TargetNotFound : QuestionSetChange.Changed;
        }, cancellationToken);
    }

    /// <summary>The set a meeting or campaign names itself (null when it names none).</summary>
    public async Task<Guid?> AssignedAsync(Guid workspaceId, QuestionSetTarget table, Guid targetId, CancellationToken cancellationToken)
    {
        var tableName = table == QuestionSetTarget.Meeting ? "meetings" : "campaigns";
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryFirstOrDefaultAsync<SetIdRow>(new CommandDefinition(
            $"SELECT question_set_id AS set_id FROM {tableName} WHERE workspace_id = @workspaceId AND id = @targetId", new { workspaceId, targetId },
            cancellationToken: cancellationToken)))?.SetId;
    }

    /// <summary>Copies the product's default set into the workspace unless it has one.</summary>
    public async Task EnsureDefaultAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                    "SELECT 1 FROM question_sets WHERE workspace_id = @workspaceId AND is_default = 1", new { workspaceId },
                    cancellationToken: cancellationToken)) is not null)
            {
                return;
            }
        }

        try
        {
            await store.InTransactionAsync(async (connection, transaction) =>
            {
                var id = Guid.CreateVersion7();
                var defaults = DefaultQuestionSet.Create();
                await InsertSetAsync(connection, transaction, workspaceId, id,
                    new QuestionSetDraft(defaults.Name, "Ships with the product: need, decision makers, budget, timeline, in five languages.",
                        defaults.Competitors), isDefault: true, cancellationToken);
                for (var i = 0; i < defaults.Questions.Count; i++)
                {
                    await InsertQuestionAsync(connection, transaction, workspaceId, id, defaults.Questions[i], i, cancellationToken);
                }

                return true;
            }, cancellationToken);
        }
        catch (DbException ex) when (store.Dialect.IsUniqueViolation(ex))
        {
            // Another request seeded it first; theirs is the default.
        }
    }

    private async Task InsertSetAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId, Guid id, QuestionSetDraft draft,
        bool isDefault, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO question_sets (id, workspace_id, name, description, is_default, competitors, created_at, updated_at)
            VALUES (@id, @workspaceId, @Name, @Description, @isDefault, {store.Dialect.Json("@competitors")}, @now, @now)
            """,
            new { id, workspaceId, draft.Name, draft.Description, isDefault = isDefault ? 1 : 0, competitors = JsonSerializer.Serialize(draft.Competitors, Json), now },
            transaction, cancellationToken: cancellationToken));
    }

    private async Task InsertQuestionAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId, Guid setId, Question question,
        int position, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO question_set_questions (id, set_id, workspace_id, position, question_key, dimension, text, follow_ups, created_at, updated_at)
            VALUES (@id, @setId, @workspaceId, @position, @Key, @dimension, {store.Dialect.Json("@text")}, {store.Dialect.Json("@followUps")}, @now, @now)
            """,
            new
            {
                id = Guid.CreateVersion7(), setId, workspaceId, position, question.Key, dimension = question.Dimension.Name(),
                text = JsonSerializer.Serialize(question.Text, Json), followUps = SerializeFollowUps(question.FollowUps), now,
            }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// One edit of a set's questions in a transaction: <paramref name="edit"/> sees the set as it is and either refuses
    /// (returns why) or changes it (returns null); a changed set is touched and read back. A missing set is
    /// <see cref="QuestionSetChange.NotFound"/>.
    /// </summary>
    private async Task<(QuestionSetChange Change, QuestionSetView? Set)> EditAsync(Guid workspaceId, Guid setId,
        Func<DbConnection, DbTransaction, QuestionSetView, Task<QuestionSetChange?>> edit, CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(workspaceId, cancellationToken);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var set = await GetAsync(connection, transaction, workspaceId, setId, cancellationToken);
            if (set is null)
            {
                return (QuestionSetChange.NotFound, null);
            }

            if (await edit(connection, transaction, set) is { } refused)
            {
                return (refused, set);
            }

            await TouchAsync(connection, transaction, setId, cancellationToken);
            return (QuestionSetChange.Changed, await GetAsync(connection, transaction, workspaceId, setId, cancellationToken));
        }, cancellationToken);
    }

    private async Task TouchAsync(DbConnection connection, DbTransaction transaction, Guid setId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE question_sets SET updated_at = @now WHERE id = @setId", new { setId, now = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));

    private static string SerializeFollowUps(IReadOnlyList<FollowUpRule> rules) =>
        JsonSerializer.Serialize(rules.Select(rule => new FollowUpView(rule.When.Name(), rule.Text)).ToList(), Json);

    private static async Task<QuestionSetView?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid workspaceId, Guid id,
        CancellationToken cancellationToken)
    {
        var set = await connection.QuerySingleOrDefaultAsync<SetRow>(new CommandDefinition(
            """
            SELECT id, name, description, is_default, competitors, created_at, updated_at
            FROM question_sets WHERE workspace_id = @workspaceId AND id = @id
            """, new { workspaceId, id }, transaction, cancellationToken: cancellationToken));
        if (set is null)
        {
            return null;
        }

        var questions = await connection.QueryAsync<QuestionRow>(new CommandDefinition(
            """
            SELECT id, position, question_key, dimension, text, follow_ups
            FROM question_set_questions WHERE set_id = @id ORDER BY position, created_at
            """, new { id }, transaction, cancellationToken: cancellationToken));
        return new QuestionSetView(set.Id, set.Name, set.Description, set.IsDefault == 1,
            JsonSerializer.Deserialize<List<string>>(set.Competitors, Json) ?? [],
            questions.Select(q => new QuestionView(q.Id, q.QuestionKey, q.Position, q.Dimension,
                JsonSerializer.Deserialize<Dictionary<string, string>>(q.Text, Json) ?? [],
                JsonSerializer.Deserialize<List<FollowUpView>>(q.FollowUps, Json) ?? [])).ToList(),
            set.CreatedAt, set.UpdatedAt);
    }

    // A nullable id read through a row: Dapper hands a bare NULL scalar to the id type handler.
    private sealed class SetIdRow
    {
        public Guid? SetId { get; set; }
    }

    private sealed class SummaryRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public long IsDefault { get; set; }
        public long QuestionCount { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }

    private sealed class SetRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public long IsDefault { get; set; }
        public string Competitors { get; set; } = "[]";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }

    private sealed class QuestionRow
    {
        public Guid Id { get; set; }
        public int Position { get; set; }
        public string QuestionKey { get; set; } = "";
        public string Dimension { get; set; } = "";
        public string Text { get; set; } = "{}";
        public string FollowUps { get; set; } = "[]";
    }
}

/// <summary>What can name a question set.</summary>
public enum QuestionSetTarget
{
    Meeting,
    Campaign,
}

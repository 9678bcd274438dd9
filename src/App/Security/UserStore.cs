using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Security;

/// <summary>A user account: one per email, across workspaces.</summary>
public sealed record UserAccount(
    Guid Id, string Email, string Name, string? PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt,
    int FailedSignIns, DateTimeOffset? FirstFailedAt, DateTimeOffset? LockedUntil);

/// <summary>A user's role in one workspace.</summary>
public sealed record Membership(Guid WorkspaceId, string WorkspaceName, string Role);

/// <summary>A member of a workspace as <c>GET /api/users</c> lists them.</summary>
public sealed record WorkspaceMember(Guid Id, string Email, string Name, string Role, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>The email is already a member of the workspace.</summary>
public sealed class AlreadyMemberException(string email) : Exception($"{email} is already a member of this workspace.");

/// <summary>Users and memberships (<c>users</c>, <c>memberships</c>); passwords arrive here already hashed.</summary>
public sealed class UserStore(DataStore store, TimeProvider clock)
{
    private const string UserColumns =
        "u.id, u.email, u.name, u.password_hash, u.created_at, u.disabled_at, u.failed_sign_ins, u.first_failed_at, u.locked_until";

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    public async Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users u WHERE u.normalized_email = @email", new { email = Normalize(email) },
            cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    public async Task<UserAccount?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users u WHERE u.id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    /// <summary>Adds <paramref name="email"/> to the workspace with <paramref name="role"/>, creating the user with
    /// <paramref name="passwordHash"/> when the email is new (an existing user keeps their password).</summary>
    public async Task<UserAccount> AddMemberAsync(
        Guid workspaceId, string email, string name, string role, string? passwordHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
                $"SELECT {UserColumns} FROM users u WHERE u.normalized_email = @email", new { email = Normalize(email) }, transaction,
                cancellationToken: cancellationToken));
            var user = existing?.ToUser();
            if (user is null)
            {
                user = new UserAccount(Guid.CreateVersion7(now), email.Trim(), name.Trim(), passwordHash, now, null, 0, null, null);
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO users (id, email, normalized_email, name, password_hash, created_at, failed_sign_ins)
                    VALUES (@Id, @Email, @normalized, @Name, @PasswordHash, @CreatedAt, 0)
                    """,
                    new { user.Id, user.Email, normalized = Normalize(email), user.Name, user.PasswordHash, user.CreatedAt }, transaction,
                    cancellationToken: cancellationToken));
            }

            var added = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (@workspaceId, @userId, @role, @now)
                ON CONFLICT (workspace_id, user_id) DO NOTHING
                """,
                new { workspaceId, userId = user.Id, role, now }, transaction, cancellationToken: cancellationToken));
            return added == 1 ? user : throw new AlreadyMemberException(user.Email);
        }, cancellationToken);
    }

    /// <summary>The user's workspaces (none when the account is disabled).</summary>
    public async Task<IReadOnlyList<Membership>> MembershipsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MembershipRow>(new CommandDefinition(
            """
            SELECT m.workspace_id, w.name AS workspace_name, m.role FROM memberships m
            JOIN workspaces w ON w.id = m.workspace_id JOIN users u ON u.id = m.user_id
            WHERE m.user_id = @userId AND u.disabled_at IS NULL ORDER BY w.name
            """,
            new { userId }, cancellationToken: cancellationToken));
        return rows.Select(row => new Membership(row.WorkspaceId, row.WorkspaceName, row.Role)).ToList();
    }

    /// <summary>The user's role in the workspace, or null when they are not a member or are disabled.</summary>
    public async Task<string?> RoleAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = @workspaceId AND m.user_id = @userId AND u.disabled_at IS NULL
            """,
            new { workspaceId, userId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<WorkspaceMember>> MembersAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(
            """
            SELECT u.id, u.email, u.name, m.role, u.disabled_at, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = @workspaceId ORDER BY m.created_at, u.email
            """,
            new { workspaceId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToMember()).ToList();
    }

    public async Task<WorkspaceMember?> MemberAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken) =>
        (await MembersAsync(workspaceId, cancellationToken)).FirstOrDefault(member => member.Id == userId);

    public async Task<bool> SetRoleAsync(Guid workspaceId, Guid userId, string role, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE memberships SET role = @role WHERE workspace_id = @workspaceId AND user_id = @userId",
            new { workspaceId, userId, role }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Disables or re-enables the account (everywhere: an account is one person).</summary>
    public async Task SetDisabledAsync(Guid userId, bool disabled, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET disabled_at = @at WHERE id = @userId",
            new { userId, at = disabled ? clock.GetUtcNow() : (DateTimeOffset?)null }, cancellationToken: cancellationToken));
    }

    public async Task<bool> RemoveMembershipAsync(Guid workspaceId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM memberships WHERE workspace_id = @workspaceId AND user_id = @userId",
            new { workspaceId, userId }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<int> CountOwnersAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM memberships WHERE workspace_id = @workspaceId AND role = @owner",
            new { workspaceId, owner = Roles.Owner }, cancellationToken: cancellationToken));
    }

    /// <summary>Counts a failed sign-in; when it is the <paramref name="threshold"/>th within <paramref name="window"/>
    /// the account is locked for <paramref name="window"/> and the count starts again.</summary>
    public async Task RecordFailureAsync(Guid userId, int threshold, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE users SET
                    failed_sign_ins = CASE WHEN first_failed_at IS NULL OR first_failed_at < @windowStart THEN 1 ELSE failed_sign_ins + 1 END,
                    first_failed_at = CASE WHEN first_failed_at IS NULL OR first_failed_at < @windowStart THEN @now ELSE first_failed_at END
                WHERE id = @userId
                """,
                new { userId, now, windowStart = now - window }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE users SET locked_until = @lockedUntil, failed_sign_ins = 0, first_failed_at = NULL
                WHERE id = @userId AND failed_sign_ins >= @threshold
                """,
                new { userId, threshold, lockedUntil = now + window }, transaction, cancellationToken: cancellationToken));
            return 0;
        }, cancellationToken);
    }

    /// <summary>A successful sign-in clears the failure count; <paramref name="rehashed"/> replaces a hash made with
    /// older settings.</summary>
    public async Task RecordSuccessAsync(Guid userId, string? rehashed, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            rehashed is null
                ? "UPDATE users SET failed_sign_ins = 0, first_failed_at = NULL, locked_until = NULL WHERE id = @userId"
                : "UPDATE users SET failed_sign_ins = 0, first_failed_at = NULL, locked_until = NULL, password_hash = @rehashed WHERE id = @userId",
            new { userId, rehashed }, cancellationToken: cancellationToken));
    }

    public async Task SetPasswordHashAsync(Guid userId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash WHERE id = @userId", new { userId, passwordHash },
            cancellationToken: cancellationToken));
    }

    private sealed class UserRow
    {
        public Guid Id { get; set; }

        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string? PasswordHash { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset? DisabledAt { get; set; }

        public long FailedSignIns { get; set; }

        public DateTimeOffset? FirstFailedAt { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }

        public UserAccount ToUser() =>
            new(Id, Email, Name, PasswordHash, CreatedAt, DisabledAt, (int)FailedSignIns, FirstFailedAt, LockedUntil);
    }

    private sealed class MembershipRow
    {
        public Guid WorkspaceId { get; set; }

        public string WorkspaceName { get; set; } = "";

        public string Role { get; set; } = "";
    }

    private sealed class MemberRow
    {
        public Guid Id { get; set; }

        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public DateTimeOffset? DisabledAt { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public WorkspaceMember ToMember() => new(Id, Email, Name, Role, DisabledAt is not null, CreatedAt);
    }
}

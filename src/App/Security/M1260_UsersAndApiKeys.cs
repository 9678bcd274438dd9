using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Security;

/// <summary>
/// Sign-in and API keys: users (one account across workspaces, the password hash, the lockout counters), memberships
/// (a user's role in a workspace) and workspace API keys (only the SHA-256 of the key is kept). Workspace names become
/// unique so operators can name them on the command line.
/// </summary>
internal sealed class M1260_UsersAndApiKeys : PortableMigration
{
    public override int Version => 1260;

    public override string Name => "users, memberships and API keys";

    protected override string Schema => """
        CREATE UNIQUE INDEX workspaces_name ON workspaces (name);
        CREATE TABLE users (
            id {uuid} PRIMARY KEY,
            email {text} NOT NULL,
            normalized_email {text} NOT NULL,
            name {text} NOT NULL,
            password_hash {text},
            created_at {timestamp} NOT NULL,
            disabled_at {timestamp},
            failed_sign_ins {integer} NOT NULL DEFAULT 0,
            first_failed_at {timestamp},
            locked_until {timestamp}
        );
        CREATE UNIQUE INDEX users_normalized_email ON users (normalized_email);
        CREATE TABLE memberships (
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            user_id {uuid} NOT NULL REFERENCES users (id),
            role {text} NOT NULL,
            created_at {timestamp} NOT NULL,
            PRIMARY KEY (workspace_id, user_id)
        );
        CREATE INDEX memberships_user ON memberships (user_id);
        CREATE TABLE api_keys (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            name {text} NOT NULL,
            prefix {text} NOT NULL,
            secret_hash {text} NOT NULL,
            scopes {text} NOT NULL,
            created_by {uuid},
            created_at {timestamp} NOT NULL,
            last_used_at {timestamp},
            revoked_at {timestamp}
        );
        CREATE UNIQUE INDEX api_keys_prefix ON api_keys (prefix);
        CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at);
        """;
}

namespace AiScheduler.Functions.Security;

/// <summary>What a request may need. Every route needs <see cref="Read"/> for safe methods (GET, HEAD) and
/// <see cref="Write"/> for the others, unless it names another permission (<c>RequirePermission</c> on the route).</summary>
public enum Permission
{
    Read,
    Write,
    Campaigns,
    Admin,
    Owner,
}

/// <summary>The workspace roles and the permission table (README "Security: sign-in, workspaces and API keys").</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Member, Viewer];

    public static bool IsKnown(string? role) => role is Owner or Admin or Member or Viewer;

    /// <summary>The permission table: viewer reads; member also writes (leads, meetings, campaigns, question sets,
    /// do-not-call); admin also manages users and API keys; owner also manages owners and the workspace.</summary>
    public static bool Grants(string role, Permission permission) => (role, permission) switch
    {
        (Owner, _) => true,
        (Admin, not Permission.Owner) => true,
        (Member, Permission.Read or Permission.Write or Permission.Campaigns) => true,
        (Viewer, Permission.Read) => true,
        _ => false,
    };

    /// <summary>How much a role may do, to check that an admin does not hand out more than they have.</summary>
    public static int Rank(string role) => role switch
    {
        Owner => 3,
        Admin => 2,
        Member => 1,
        _ => 0,
    };
}

/// <summary>API key scopes: <c>read</c> (safe methods), <c>write</c> (the other methods) and <c>campaigns</c> (start,
/// pause, resume, cancel and create campaigns). Keys never manage users, keys or the workspace.</summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Campaigns = "campaigns";

    public static readonly IReadOnlyList<string> All = [Read, Write, Campaigns];

    public static bool IsKnown(string? scope) => scope is Read or Write or Campaigns;

    public static bool Grants(IEnumerable<string> scopes, Permission permission) => permission switch
    {
        Permission.Read => scopes.Contains(Read, StringComparer.Ordinal),
        Permission.Write => scopes.Contains(Write, StringComparer.Ordinal),
        Permission.Campaigns => scopes.Contains(Campaigns, StringComparer.Ordinal),
        _ => false,
    };
}

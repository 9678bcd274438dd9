using System.CommandLine;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// <c>admin</c>: the operator's first set-up against the configured store (migrated first): <c>create-workspace NAME</c>,
/// <c>create-user --workspace NAME --email E --role R</c> (the password is read from standard input) and
/// <c>create-api-key --workspace NAME --scopes read,write</c> (prints the key once: only its hash is kept).
/// </summary>
internal static class AdminCommands
{
    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var admin = new Command("admin", "Operator set-up: workspaces, users and API keys, in the configured store.");

        var workspaceName = new Argument<string>("name") { Description = "The new workspace's name (unique)." };
        var createWorkspace = new Command("create-workspace", "Create a workspace and print its id.") { workspaceName };
        createWorkspace.TreatUnmatchedTokensAsErrors = false;
        createWorkspace.SetAction((parse, ct) => RunAsync(parse.UnmatchedTokens, error, async (services, token) =>
        {
            var workspace = await services.GetRequiredService<WorkspaceStore>().CreateAsync(parse.GetValue(workspaceName)!, token);
            await output.WriteLineAsync($"Created workspace '{workspace.Name}' ({workspace.Id:D}).");
            return 0;
        }, ct));
        admin.Subcommands.Add(createWorkspace);

        var workspace = new Option<string>("--workspace") { Description = "The workspace's name.", Required = true };
        var email = new Option<string>("--email") { Description = "The user's email (their sign-in name).", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the email)." };
        var createUser = new Command("create-user", "Add a user to a workspace; a new user's password is read from standard input.")
        {
            workspace, email, role, name,
        };
        createUser.TreatUnmatchedTokensAsErrors = false;
        createUser.SetAction((parse, ct) => RunAsync(parse.UnmatchedTokens, error, (services, token) =>
            CreateUserAsync(services, parse.GetValue(workspace)!, parse.GetValue(email)!, parse.GetValue(role)!, parse.GetValue(name),
                input, output, error, token), ct));
        admin.Subcommands.Add(createUser);

        var keyWorkspace = new Option<string>("--workspace") { Description = "The workspace's name.", Required = true };
        var scopes = new Option<string>("--scopes") { Description = $"Comma-separated: {string.Join(", ", Scopes.All)}.", Required = true };
        var keyName = new Option<string?>("--name") { Description = "What the key is for (default: cli)." };
        var createKey = new Command("create-api-key", "Create an API key and print it (shown this once).") { keyWorkspace, scopes, keyName };
        createKey.TreatUnmatchedTokensAsErrors = false;
        createKey.SetAction((parse, ct) => RunAsync(parse.UnmatchedTokens, error, async (services, token) =>
        {
            var target = await FindWorkspaceAsync(services, parse.GetValue(keyWorkspace)!, error, token);
            if (target is null)
            {
                return 1;
            }

            var list = parse.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var label = parse.GetValue(keyName) ?? "cli";
            var problems = ApiKeysApi.Validate(label, list);
            if (problems.Count > 0)
            {
                await error.WriteLineAsync(string.Join(" ", problems.Select(problem => $"--{problem.Key}: {string.Join("; ", problem.Value)}.")));
                return 1;
            }

            var key = await services.GetRequiredService<ApiKeyStore>().CreateAsync(target.Id, label, list, null, token);
            await output.WriteLineAsync(key.Key);
            return 0;
        }, ct));
        admin.Subcommands.Add(createKey);
        return admin;
    }

    private static async Task<int> CreateUserAsync(IServiceProvider services, string workspaceName, string email, string role, string? name,
        TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Roles.IsKnown(role))
        {
            await error.WriteLineAsync($"--role: '{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
            return 1;
        }

        if (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsControl))
        {
            await error.WriteLineAsync($"--email: '{email}' is not an email address.");
            return 1;
        }

        var target = await FindWorkspaceAsync(services, workspaceName, error, cancellationToken);
        if (target is null)
        {
            return 1;
        }

        var users = services.GetRequiredService<UserStore>();
        string? hash = null;
        if (await users.FindByEmailAsync(email, cancellationToken) is null)
        {
            var password = await input.ReadLineAsync(cancellationToken);
            if (Passwords.Problem(password) is { } problem)
            {
                await error.WriteLineAsync($"Password (standard input, one line): {problem}.");
                return 1;
            }

            hash = services.GetRequiredService<Passwords>().Hash(password!);
        }

        try
        {
            var user = await users.AddMemberAsync(target.Id, email, name ?? email, role, hash, cancellationToken);
            await output.WriteLineAsync($"{user.Email} is {role} of '{target.Name}' (user {user.Id:D}).");
            return 0;
        }
        catch (AlreadyMemberException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static async Task<Workspace?> FindWorkspaceAsync(IServiceProvider services, string name, TextWriter error, CancellationToken cancellationToken)
    {
        var workspace = await services.GetRequiredService<WorkspaceStore>().FindByNameAsync(name, cancellationToken);
        if (workspace is null)
        {
            await error.WriteLineAsync($"--workspace: no workspace is named '{name}'; create it with 'admin create-workspace \"{name}\"'.");
        }

        return workspace;
    }

    /// <summary>Builds the host on the configured store (remaining arguments are configuration, e.g. --Store:Provider),
    /// brings the schema up to date, and runs <paramref name="work"/>.</summary>
    private static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter error,
        Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        await using var app = AppHost.Build([.. args], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        try
        {
            return await work(app.Services, cancellationToken);
        }
        catch (Exception ex) when (ex is WorkspaceNameTakenException or ArgumentException)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Recordings;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Meetings;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Authentication;

namespace AiScheduler.Functions.Tests.Security;

public sealed class SqliteWorkspaceSecurityTests(PostgresFixture postgres) : WorkspaceSecurityTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresWorkspaceSecurityTests(PostgresFixture postgres) : WorkspaceSecurityTests(StoreProvider.Postgres, postgres);

/// <summary>Workspaces, roles, API keys, antiforgery and lockout over real HTTP, against each store provider.</summary>
public abstract class WorkspaceSecurityTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_of_one_workspace_gets_404_for_another_workspaces_lead_call_recording_meeting_and_feed()
    {
        await using var host = await MeetingTestHost.StartAsync(provider, postgres, "", Ct);
        var services = host.App.Services;
        var other = await services.GetRequiredService<WorkspaceStore>().CreateAsync($"Other {Guid.NewGuid():N}", Ct);
        using var a = TestAuth.KeyClient(host.Client.BaseAddress!, await TestAuth.CreateKeyAsync(services, Workspaces.DefaultId, cancellationToken: Ct));
        using var b = TestAuth.KeyClient(host.Client.BaseAddress!, await TestAuth.CreateKeyAsync(services, other.Id, cancellationToken: Ct));

        // Workspace B: a lead, a booked meeting, a call with its recording.
        using var created = await b.PostAsJsonAsync("/api/leads", new { name = "Bea Other", phone = "+442079460959", email = "bea@example.com" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lead = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var booked = await b.PostAsJsonAsync("/api/meetings", new { leadId = lead, startUtc = host.LondonWorkdayAt(10) }, MeetingTestHost.Json, Ct);
        Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync(Ct));
        var meeting = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var callId = $"call-{Guid.NewGuid():N}";
        await RecordCallAsync(services, other.Id, callId, lead);

        // B sees its own.
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/leads/{lead}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/meetings/{meeting}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/calls/{callId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/calls/{callId}/recording", Ct)).StatusCode);
        using var feedB = await b.GetAsync("/api/calendars/default/feed.ics", Ct);
        Assert.Equal(HttpStatusCode.OK, feedB.StatusCode);
        Assert.Contains(meeting.ToString("D"), await feedB.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);

        // A gets 404 for each of them, as for ids that do not exist, and cannot change them.
        foreach (var path in new[] { $"/api/leads/{lead}", $"/api/meetings/{meeting}", $"/api/calls/{callId}", $"/api/calls/{callId}/recording",
                     $"/api/leads/{lead}/consents" })
        {
            using var response = await a.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode} to another workspace's key");
        }

        // The configured calendar's feed exists in every workspace; each lists only its own workspace's meetings.
        using var feedA = await a.GetAsync("/api/calendars/default/feed.ics", Ct);
        Assert.DoesNotContain(meeting.ToString("D"), await feedA.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/calendars/{Guid.NewGuid():N}/feed.ics", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await a.DeleteAsync($"/api/leads/{lead}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsync($"/api/meetings/{meeting}/cancel", null, Ct)).StatusCode);
        var listed = await a.GetFromJsonAsync<JsonElement>("/api/leads?pageSize=500", Ct);
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == lead);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/leads/{lead}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_write_and_only_admins_manage_users_and_keys()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        using var viewer = app.CreateAnonymousClient();
        await TestAuth.AuthorizeAsync(app.Services, viewer, Workspaces.DefaultId, Roles.Viewer, Ct);
        using var member = app.CreateAnonymousClient();
        await TestAuth.AuthorizeAsync(app.Services, member, Workspaces.DefaultId, Roles.Member, Ct);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/leads", Ct)).StatusCode);
        using var write = await viewer.PostAsJsonAsync("/api/leads", new { name = "Dana Levi", phone = "+972 50-123-4567" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/dnc", new { phone = "+12125550143" }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await member.PostAsJsonAsync("/api/leads", new { name = "Dana Levi", phone = "+972 50-123-4567" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/users", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/api-keys", new { name = "x", scopes = new[] { "read" } }, Ct)).StatusCode);

        var users = await app.Client.GetFromJsonAsync<JsonElement>("/api/users", Ct);
        Assert.Contains(users.EnumerateArray(), user => user.GetProperty("role").GetString() == Roles.Viewer);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_listed_by_prefix_with_its_last_use_and_refused_once_revoked()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);

        using var created = await app.Client.PostAsJsonAsync("/api/api-keys", new { name = "CRM sync", scopes = new[] { "read" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var key = body.GetProperty("key").GetString()!;
        var prefix = body.GetProperty("prefix").GetString()!;
        Assert.StartsWith($"ask_{prefix}_", key, StringComparison.Ordinal);
        using var integration = TestAuth.KeyClient(app.Client.BaseAddress!, key);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/leads", Ct)).StatusCode);

        var listed = (await app.Client.GetFromJsonAsync<JsonElement>("/api/api-keys", Ct)).EnumerateArray().Single(k => k.GetProperty("prefix").GetString() == prefix);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(JsonValueKind.String, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(["read"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/api-keys/{id}", Ct)).StatusCode);
        using var refused = await integration.GetAsync("/api/leads", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var tampered = TestAuth.KeyClient(app.Client.BaseAddress!, key[..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("/api/leads", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_campaigns_scope_cannot_create_or_start_a_campaign()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        using var writer = TestAuth.KeyClient(app.Client.BaseAddress!,
            await TestAuth.CreateKeyAsync(app.Services, Workspaces.DefaultId, [Scopes.Read, Scopes.Write], Ct));
        using var campaigner = TestAuth.KeyClient(app.Client.BaseAddress!,
            await TestAuth.CreateKeyAsync(app.Services, Workspaces.DefaultId, [Scopes.Read, Scopes.Campaigns], Ct));
        var campaign = new { name = "Spring", callingWindow = "Mon-Fri 09:00-18:00" };

        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync("/api/campaigns", campaign, Ct)).StatusCode);
        using var created = await campaigner.PostAsJsonAsync("/api/campaigns", campaign, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        using var start = await writer.PostAsync($"/api/campaigns/{id}/start", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal("draft", (await writer.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}", Ct)).GetProperty("status").GetString());
        using var cancel = await campaigner.PostAsync($"/api/campaigns/{id}/cancel", null, Ct);
        Assert.NotEqual(HttpStatusCode.Forbidden, cancel.StatusCode);
    }

    [Fact]
    public async Task A_cookie_session_needs_the_antiforgery_token_to_write_and_a_bearer_key_does_not()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        using var browser = app.CreateAnonymousClient();
        await TestAuth.AuthorizeAsync(app.Services, browser, Workspaces.DefaultId, Roles.Member, Ct);
        var token = browser.DefaultRequestHeaders.GetValues(SecurityServiceCollectionExtensions.AntiforgeryHeader).Single();
        browser.DefaultRequestHeaders.Remove(SecurityServiceCollectionExtensions.AntiforgeryHeader);
        var lead = new { name = "Dana Levi", phone = "+972 50-123-4567" };

        using var forged = await browser.PostAsJsonAsync("/api/leads", lead, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await forged.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("antiforgery", out _));
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = JsonContent.Create(lead) };
        wrongToken.Headers.Add(SecurityServiceCollectionExtensions.AntiforgeryHeader, "not-the-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(wrongToken, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/leads", Ct)).StatusCode);

        using var genuine = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = JsonContent.Create(lead) };
        genuine.Headers.Add(SecurityServiceCollectionExtensions.AntiforgeryHeader, token);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(genuine, Ct)).StatusCode);

        using var integration = TestAuth.KeyClient(app.Client.BaseAddress!, await TestAuth.CreateKeyAsync(app.Services, Workspaces.DefaultId, cancellationToken: Ct));
        using var keyed = await integration.PostAsJsonAsync("/api/leads", new { name = "Ariel", phone = "+972 50 678 9012" }, Ct);
        Assert.Equal(HttpStatusCode.Created, keyed.StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_every_failure_looks_the_same()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var (email, password) = await TestAuth.CreateUserAsync(app.Services, Workspaces.DefaultId, Roles.Member, Ct);
        using var client = app.CreateAnonymousClient();

        using var unknown = await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "nobody@example.test", password = "wrong password" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var unknownTitle = (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password = "wrong password" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(unknownTitle, (await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        }

        using var locked = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password }, Ct);
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_user_signs_in_sees_who_they_are_switches_workspace_and_signs_out()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var other = await app.Services.GetRequiredService<WorkspaceStore>().CreateAsync($"Second {Guid.NewGuid():N}", Ct);
        var (email, password) = await TestAuth.CreateUserAsync(app.Services, Workspaces.DefaultId, Roles.Admin, Ct);
        await app.Services.GetRequiredService<UserStore>().AddMemberAsync(other.Id, email, "", Roles.Viewer, null, Ct);
        using var client = app.CreateAnonymousClient();

        using var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { email = email.ToUpperInvariant(), password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith("AiScheduler.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        await TestAuth.SignInAsync(client, email, password, Ct);
        var before = app.Clock.GetUtcNow();
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me", Ct);
        var after = app.Clock.GetUtcNow();
        Assert.Equal(email, me.GetProperty("user").GetProperty("email").GetString());
        // The app's time (its anchored clock, not the real date): the dashboard offsets its own clock by it.
        Assert.InRange(me.GetProperty("now").GetDateTimeOffset(), before.AddMinutes(-1), after.AddMinutes(1));
        Assert.Equal(2, me.GetProperty("workspaces").GetArrayLength());
        var first = me.GetProperty("workspace").GetProperty("id").GetGuid();
        var second = first == other.Id ? Workspaces.DefaultId : other.Id;

        using var switched = await client.PostAsJsonAsync("/api/auth/workspace", new { workspaceId = second }, Ct);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me", Ct);
        Assert.Equal(second, me.GetProperty("workspace").GetProperty("id").GetGuid());
        Assert.Equal(second == other.Id ? Roles.Viewer : Roles.Admin, me.GetProperty("role").GetString());
        using var notMine = await client.PostAsJsonAsync("/api/auth/workspace", new { workspaceId = Guid.CreateVersion7() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notMine.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_admin_commands_create_a_workspace_a_user_who_can_sign_in_and_a_key_that_works()
    {
        var settings = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        string[] store = ["--Store:Provider", settings["Store:Provider"]!, "--Store:ConnectionString", settings["Store:ConnectionString"]!];
        var name = $"Acme {Guid.NewGuid():N}";
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, await Cli.RunAsync(["admin", "create-workspace", name, .. store], output, error));
        Assert.Equal(1, await Cli.RunAsync(["admin", "create-workspace", name, .. store], new StringWriter(), error));
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await Cli.RunAsync(["admin", "create-user", "--workspace", name, "--email", "ops@example.test", "--role", "owner", .. store],
            output, error, new StringReader("correct horse battery staple\n")));
        Assert.Equal(1, await Cli.RunAsync(["admin", "create-user", "--workspace", name, "--email", "short@example.test", "--role", "owner", .. store],
            new StringWriter(), error, new StringReader("short\n")));
        var keyOutput = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(["admin", "create-api-key", "--workspace", name, "--scopes", "read,write", .. store], keyOutput, error));
        var key = keyOutput.ToString().Trim();
        Assert.StartsWith("ask_", key, StringComparison.Ordinal);
        Assert.Equal(1, await Cli.RunAsync(["admin", "create-api-key", "--workspace", name, "--scopes", "read,admin", .. store], new StringWriter(), error));

        await using var app = AppHost.Build([.. store]);
        var workspace = await app.Services.GetRequiredService<WorkspaceStore>().FindByNameAsync(name, Ct);
        var grant = await app.Services.GetRequiredService<ApiKeyStore>().AuthenticateAsync(key, Ct);
        Assert.Equal(workspace!.Id, grant!.WorkspaceId);
        Assert.Equal(["read", "write"], grant.Scopes);
        var outcome = await app.Services.GetRequiredService<PasswordSignIn>().SignInAsync("ops@example.test", "correct horse battery staple", Ct);
        var signedIn = Assert.IsType<SignInOutcome.Succeeded>(outcome);
        Assert.Equal((workspace.Id, Roles.Owner), (signedIn.Workspace.WorkspaceId, signedIn.Workspace.Role));
    }

    [Fact]
    public async Task Entra_id_sign_in_is_registered_only_when_configured()
    {
        var settings = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        await using var plain = AppHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        settings["Auth:Entra:ClientId"] = "00000000-0000-0000-0000-00000000e001";
        settings["Auth:Entra:ClientSecret"] = "test-secret";
        settings["Auth:Entra:TenantId"] = "contoso.onmicrosoft.com";
        await using var entra = AppHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));

        Assert.Null(await plain.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SecurityServiceCollectionExtensions.EntraScheme));
        var scheme = await entra.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SecurityServiceCollectionExtensions.EntraScheme);
        Assert.NotNull(scheme);
        var oidc = entra.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>()
            .Get(SecurityServiceCollectionExtensions.EntraScheme);
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0", oidc.Authority);
        Assert.Equal(SecurityServiceCollectionExtensions.CookieScheme, oidc.SignInScheme);
    }

    private static async Task RecordCallAsync(IServiceProvider services, Guid workspaceId, string callId, Guid leadId)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var context = new CallContext("Bea Other", null, null, "Mia", "AiScheduler", "a demo", "en-GB", "Europe/London", now, true);
        await services.GetRequiredService<CallSessionStore>().RegisterAsync(new NewCallSession(callId, workspaceId, leadId, "+442079460959", context), Ct);
        var blob = new BlobName($"recordings/{callId}/0.wav");
        var audio = "RIFF0000WAVE"u8.ToArray();
        await services.GetRequiredService<IBlobStore>().PutAsync(blob, new MemoryStream(audio), "audio/wav", Ct);
        await services.GetRequiredService<RecordingStore>().SaveRecordingAsync(
            new CallRecordingFile(callId, "document-1", 0, null, blob.Value, "audio/wav", audio.Length, null, now), Ct);
    }
}

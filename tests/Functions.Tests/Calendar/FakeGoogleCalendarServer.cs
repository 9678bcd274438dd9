using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace AiScheduler.Functions.Tests.Calendar;

/// <summary>
/// Google's OAuth token endpoint and Calendar API v3 on 127.0.0.1, speaking the real REST protocol: the token endpoint
/// verifies the JWT bearer assertion (RS256 signature against the registered service account's public key, grant type,
/// iss, scope, aud, iat/exp, sub); freeBusy and events check the bearer token and request shapes and answer with
/// Google-shaped JSON, including Google's error bodies (401, 403 forbiddenForServiceAccounts, 404, 409, 410, 429, 500).
/// </summary>
public sealed class FakeGoogleCalendarServer : IAsyncDisposable
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string CalendarScope = "https://www.googleapis.com/auth/calendar";
    public const string GoogleAudience = "https://oauth2.googleapis.com/token";

    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, string?> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Fault> faults = new();
    private readonly object gate = new();
    private int tokenNumber;

    private FakeGoogleCalendarServer(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri TokenUrl => new(BaseAddress, "token");

    public Uri ApiBaseUrl => new(BaseAddress, "calendar/v3/");

    /// <summary>A new service account this server knows (its public key registered); the caller disposes it.</summary>
    public TestServiceAccount AddServiceAccount(string clientEmail = "scheduler@aischeduler-tests.iam.gserviceaccount.com")
    {
        var account = new TestServiceAccount(clientEmail, TokenUrl);
        ServiceAccounts[account.ClientEmail] = account.PublicKey();
        return account;
    }

    /// <summary>
    /// The app's settings for Google Calendar <paramref name="calendarId"/> on this server, signed in as
    /// <paramref name="account"/>; no backoff timers and a per-request limit no loaded machine reaches (the retry tests
    /// count requests, so nothing depends on how fast the machine is: the fake answers at once).
    /// </summary>
    public Dictionary<string, string?> AppSettings(string calendarId, TestServiceAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Calendar:Provider"] = "google",
            ["Calendar:Google:CalendarId"] = calendarId,
            ["Calendar:Google:ServiceAccountJson"] = account.Json,
            ["Calendar:Google:TokenUrl"] = TokenUrl.AbsoluteUri,
            ["Calendar:Google:ApiBaseUrl"] = ApiBaseUrl.AbsoluteUri,
            // No backoff timers and a per-request limit no loaded machine reaches: the retry tests count requests,
            // so nothing here depends on how fast the machine is (the fake answers at once).
            ["Http:Resilience:Retry:Delay"] = "00:00:00",
            ["Http:Resilience:AttemptTimeout:Timeout"] = "00:02:00",
            ["Http:Resilience:TotalRequestTimeout:Timeout"] = "00:05:00",
            ["Http:Resilience:CircuitBreaker:SamplingDuration"] = "00:05:00",
        };
    }

    /// <summary>Service accounts the server knows: client_email to public key.</summary>
    public ConcurrentDictionary<string, RSA> ServiceAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Users the service accounts may impersonate (domain-wide delegation granted).</summary>
    public ConcurrentDictionary<string, bool> DelegatedUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>Calendars the service accounts can see, each with its events by id.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> Calendars { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Claims of every assertion the token endpoint accepted.</summary>
    public ConcurrentQueue<JsonObject> AcceptedAssertions { get; } = new();

    public int TokensIssued => Volatile.Read(ref tokenNumber);

    public RecordedRequest[] ApiRequests => [.. Requests.Where(r => r.Path.StartsWith("/calendar/v3/", StringComparison.Ordinal))];

    public static async Task<FakeGoogleCalendarServer> StartAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeGoogleCalendarServer(app, clock);
        app.MapPost("/token", server.TokenAsync);
        app.MapPost("/calendar/v3/freeBusy", server.FreeBusyAsync);
        app.MapPost("/calendar/v3/calendars/{calendarId}/events", server.InsertAsync);
        app.MapMethods("/calendar/v3/calendars/{calendarId}/events/{eventId}", ["PATCH"], server.PatchAsync);
        app.MapDelete("/calendar/v3/calendars/{calendarId}/events/{eventId}", server.DeleteAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next API request (not the token endpoint) is answered with this Google error instead.</summary>
    public FakeGoogleCalendarServer FailNext(int status, string reason, string message, string? retryAfter = null)
    {
        faults.Enqueue(new Fault(status, reason, message, retryAfter));
        return this;
    }

    /// <summary>Forgets every issued token, as Google does when a key is deleted or a token revoked.</summary>
    public void RevokeTokens() => tokens.Clear();

    public ConcurrentDictionary<string, JsonObject> Calendar(string id) =>
        Calendars.GetOrAdd(id, _ => new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        Requests.Enqueue(new RecordedRequest("POST", "/token", context.Request.QueryString.Value ?? "", context.Request.Headers.Authorization.ToString(), null));
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
            return;
        }

        if (form["grant_type"] != GrantType)
        {
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
            return;
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3)
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
            return;
        }

        var header = JsonNode.Parse(Base64Url(parts[0]))!.AsObject();
        var claims = JsonNode.Parse(Base64Url(parts[1]))!.AsObject();
        if (header["alg"]?.GetValue<string>() != "RS256")
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "Invalid JWT: alg must be RS256.");
            return;
        }

        var issuer = claims["iss"]?.GetValue<string>() ?? "";
        if (!ServiceAccounts.TryGetValue(issuer, out var publicKey) ||
            !publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "Invalid JWT Signature.");
            return;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var iat = claims["iat"]?.GetValue<long>() ?? 0;
        var exp = claims["exp"]?.GetValue<long>() ?? 0;
        // Google's endpoint wants its own token URL as audience, wherever the request was sent (here: loopback).
        if (claims["aud"]?.GetValue<string>() != GoogleAudience)
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "Invalid JWT: aud must be " + GoogleAudience);
            return;
        }

        if (iat > now + 60 || exp <= now || exp - iat > 3600)
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
            return;
        }

        var scopes = (claims["scope"]?.GetValue<string>() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains(CalendarScope, StringComparer.Ordinal))
        {
            await OAuthErrorAsync(context, 400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
            return;
        }

        var subject = claims["sub"]?.GetValue<string>();
        if (subject is not null && !DelegatedUsers.ContainsKey(subject))
        {
            await OAuthErrorAsync(context, 401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
            return;
        }

        AcceptedAssertions.Enqueue(claims);
        var token = "ya29.fake-" + Interlocked.Increment(ref tokenNumber).ToString(CultureInfo.InvariantCulture);
        tokens[token] = subject;
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = 3599,
            ["token_type"] = "Bearer",
        }, context.RequestAborted);
    }

    private async Task FreeBusyAsync(HttpContext context)
    {
        var (body, _) = await BeginApiAsync(context);
        if (body is null)
        {
            return;
        }

        if (!TryTime(body["timeMin"], out var timeMin) || !TryTime(body["timeMax"], out var timeMax) || body["items"] is not JsonArray { Count: > 0 } items)
        {
            await GoogleErrorAsync(context, 400, "badRequest", "timeMin, timeMax (RFC 3339) and items are required.");
            return;
        }

        if (timeMax <= timeMin)
        {
            await GoogleErrorAsync(context, 400, "timeRangeEmpty", "The specified time range is empty.");
            return;
        }

        var calendars = new JsonObject();
        foreach (var item in items)
        {
            var id = item?["id"]?.GetValue<string>() ?? "";
            if (!Calendars.TryGetValue(id, out var events))
            {
                calendars[id] = new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject { ["domain"] = "global", ["reason"] = "notFound" }),
                    ["busy"] = new JsonArray(),
                };
                continue;
            }

            var busy = events.Values
                .Where(e => e["status"]?.GetValue<string>() != "cancelled")
                .Select(e => (Start: Time(e["start"]!["dateTime"]!), End: Time(e["end"]!["dateTime"]!)))
                .Where(e => e.End > timeMin && e.Start < timeMax)
                .OrderBy(e => e.Start)
                .Select(e => (JsonNode)new JsonObject { ["start"] = Rfc3339(e.Start), ["end"] = Rfc3339(e.End) })
                .ToArray();
            calendars[id] = new JsonObject { ["busy"] = new JsonArray(busy) };
        }

        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["kind"] = "calendar#freeBusy",
            ["timeMin"] = Rfc3339(timeMin),
            ["timeMax"] = Rfc3339(timeMax),
            ["groups"] = new JsonObject(),
            ["calendars"] = calendars,
        }, context.RequestAborted);
    }

    private async Task InsertAsync(HttpContext context, string calendarId)
    {
        var (body, subject) = await BeginApiAsync(context);
        if (body is null || !await CheckSendUpdatesAsync(context) || !await CheckCalendarAsync(context, calendarId))
        {
            return;
        }

        if (body["summary"] is null || !TryTime(body["start"]?["dateTime"], out var start) || !TryTime(body["end"]?["dateTime"], out var end))
        {
            await GoogleErrorAsync(context, 400, "required", "Missing summary, start.dateTime or end.dateTime.");
            return;
        }

        if (end <= start)
        {
            await GoogleErrorAsync(context, 400, "timeRangeEmpty", "The specified time range is empty.");
            return;
        }

        if (body["attendees"] is JsonArray { Count: > 0 } && subject is null)
        {
            await GoogleErrorAsync(context, 403, "forbiddenForServiceAccounts", "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.");
            return;
        }

        var id = body["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
        if (id.Length < 5 || id.Any(c => !(c is >= '0' and <= '9' or >= 'a' and <= 'v')))
        {
            await GoogleErrorAsync(context, 400, "invalid", "Invalid resource id value.");
            return;
        }

        var events = Calendar(calendarId);
        body["id"] = id;
        body["status"] ??= "confirmed";
        body["sequence"] = 0;
        body["iCalUID"] = id + "@google.com";
        body["htmlLink"] = "https://www.google.com/calendar/event?eid=" + id;
        if (!events.TryAdd(id, body))
        {
            await GoogleErrorAsync(context, 409, "duplicate", "The requested identifier already exists.");
            return;
        }

        await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    private async Task PatchAsync(HttpContext context, string calendarId, string eventId)
    {
        var (body, subject) = await BeginApiAsync(context);
        if (body is null || !await CheckSendUpdatesAsync(context) || !await CheckCalendarAsync(context, calendarId))
        {
            return;
        }

        if (!Calendar(calendarId).TryGetValue(eventId, out var existing))
        {
            await GoogleErrorAsync(context, 404, "notFound", "Not Found");
            return;
        }

        if (body["attendees"] is JsonArray { Count: > 0 } && subject is null)
        {
            await GoogleErrorAsync(context, 403, "forbiddenForServiceAccounts", "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.");
            return;
        }

        lock (gate)
        {
            foreach (var (name, value) in body.ToList())
            {
                // Patch semantics: only the fields sent change; arrays such as attendees are replaced wholesale.
                existing[name] = value?.DeepClone();
            }

            existing["sequence"] = (existing["sequence"]?.GetValue<int>() ?? 0) + 1;
        }

        await context.Response.WriteAsJsonAsync(existing, context.RequestAborted);
    }

    private async Task DeleteAsync(HttpContext context, string calendarId, string eventId)
    {
        var (body, _) = await BeginApiAsync(context, expectBody: false);
        if (body is null || !await CheckSendUpdatesAsync(context) || !await CheckCalendarAsync(context, calendarId))
        {
            return;
        }

        if (!Calendar(calendarId).TryGetValue(eventId, out var existing))
        {
            await GoogleErrorAsync(context, 404, "notFound", "Not Found");
            return;
        }

        if (existing["status"]?.GetValue<string>() == "cancelled")
        {
            await GoogleErrorAsync(context, 410, "deleted", "Resource has been deleted");
            return;
        }

        existing["status"] = "cancelled";
        context.Response.StatusCode = 204;
    }

    /// <summary>Records the request, applies a scripted fault, checks the bearer token, parses the JSON body.</summary>
    private async Task<(JsonObject? Body, string? Subject)> BeginApiAsync(HttpContext context, bool expectBody = true)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", authorization,
            text.Length > 0 ? JsonNode.Parse(text)?.AsObject() : null));

        if (faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            }

            await GoogleErrorAsync(context, fault.Status, fault.Reason, fault.Message);
            return (null, null);
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(authorization["Bearer ".Length..], out var subject))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
            await GoogleErrorAsync(context, 401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return (null, null);
        }

        if (!expectBody)
        {
            return (new JsonObject(), subject);
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true || text.Length == 0)
        {
            await GoogleErrorAsync(context, 400, "parseError", "This API does not support parsing form-encoded input.");
            return (null, null);
        }

        return (JsonNode.Parse(text)!.AsObject(), subject);
    }

    private static async Task<bool> CheckSendUpdatesAsync(HttpContext context)
    {
        var sendUpdates = context.Request.Query["sendUpdates"].ToString();
        if (sendUpdates is "all" or "externalOnly" or "none")
        {
            return true;
        }

        await GoogleErrorAsync(context, 400, "invalidParameter", "Invalid value for sendUpdates: " + sendUpdates);
        return false;
    }

    private async Task<bool> CheckCalendarAsync(HttpContext context, string calendarId)
    {
        if (Calendars.ContainsKey(calendarId))
        {
            return true;
        }

        await GoogleErrorAsync(context, 404, "notFound", "Not Found");
        return false;
    }

    private static Task OAuthErrorAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = error, ["error_description"] = description }, context.RequestAborted);
    }

    private static Task GoogleErrorAsync(HttpContext context, int status, string reason, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject { ["domain"] = status == 401 ? "global" : "calendar", ["reason"] = reason, ["message"] = message }),
                ["code"] = status,
                ["message"] = message,
            },
        }, context.RequestAborted);
    }

    private static bool TryTime(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        return node is JsonValue json && json.TryGetValue<string>(out var text) &&
            DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static DateTimeOffset Time(JsonNode node) => DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Rfc3339(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }

    public sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, JsonObject? Body);

    private sealed record Fault(int Status, string Reason, string Message, string? RetryAfter);
}

/// <summary>A service account key made at test time (never committed): the JSON Google's console would download.</summary>
public sealed class TestServiceAccount : IDisposable
{
    public TestServiceAccount(string clientEmail, Uri tokenUrl)
    {
        ClientEmail = clientEmail;
        Key = RSA.Create(2048);
        KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        Json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "aischeduler-tests",
            ["private_key_id"] = KeyId,
            ["private_key"] = Key.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = clientEmail,
            ["client_id"] = "1234567890",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUrl.AbsoluteUri,
        }.ToJsonString();
    }

    public string ClientEmail { get; }

    public RSA Key { get; }

    public string KeyId { get; }

    public string Json { get; }

    /// <summary>The public half, as Google keeps it for verifying assertions.</summary>
    public RSA PublicKey()
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Key.ExportSubjectPublicKeyInfo(), out _);
        return rsa;
    }

    public void Dispose() => Key.Dispose();
}

using System.Security.Claims;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.Calls;

/// <summary>One call as listed: who, when, how it ended, the language it ended in, and the campaign attempt it served.</summary>
public sealed record CallSummary(string Id, Guid? LeadId, string Phone, string Phase, string? Outcome, string Language,
    Guid? CampaignId, int? Attempt, DateTimeOffset? CallbackAt, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt);

/// <summary>
/// A call with its transcript; <paramref name="Recording"/> is where its recording is served (404 problem while none is
/// stored); <paramref name="Usage"/> its latency, provider requests and cost estimate (null until its first turn).
/// </summary>
public sealed record CallDetails(CallSummary Call, IReadOnlyList<TranscriptTurn> Transcript, string Recording, CallUsage? Usage = null);

/// <summary>A page of calls, newest first.</summary>
public sealed record CallPage(IReadOnlyList<CallSummary> Items, int Limit, int Offset);

/// <summary>
/// <c>GET /api/calls</c> (filters campaignId, leadId, outcome, language, from/to on the start time),
/// <c>GET /api/calls/{id}</c> with the transcript. Phone numbers are returned masked. The recording
/// (<c>GET /api/calls/{id}/recording</c>) is served by the Event Grid component that stores it.
/// </summary>
public static class CallsApi
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/calls").WithTags("Calls");
        group.MapGet("/", ListAsync).WithName("ListCalls")
            .WithSummary("Calls, newest first: filters campaignId, leadId, outcome, language, from, to, active (in progress); limit/offset.");
        group.MapGet("/export", Export).WithName("ExportCalls")
            .WithSummary("Calls as CSV (streamed), newest first, with the list's filters campaignId/leadId/outcome/language/from/to; phones masked; cells that could run as spreadsheet formulas start with a single quote")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapGet("/{id}", GetAsync).WithName("GetCall").WithSummary("A call with its transcript.");
        group.MapPost("/{id}/hang-up", HangUpAsync).WithName("HangUpCall")
            .WithSummary("Ends a call in progress for everyone; its outcome follows from the disconnect, as when the lead hangs up.");
        return endpoints;
    }

    private static async Task<Results<Ok<CallPage>, ProblemHttpResult>> ListAsync(ClaimsPrincipal caller, DataStore store, CancellationToken ct,
        Guid? campaignId = null, Guid? leadId = null, string? outcome = null, string? language = null, DateTimeOffset? from = null,
        DateTimeOffset? to = null, int limit = 100, int offset = 0, bool active = false)
    {
        if (limit is < 1 or > MaxLimit || offset < 0)
        {
            return Invalid($"limit must be 1 to {MaxLimit} and offset 0 or more; got limit={limit}, offset={offset}.");
        }

        if (outcome is not null && !CallOutcomeWire.TryParse(outcome, out _))
        {
            return Invalid($"outcome '{outcome}' is not a call outcome; use one of {string.Join(", ", CallOutcomeWire.AllNames)}.");
        }

        var (where, parameters) = Filter(caller.WorkspaceId(), store, campaignId, leadId, outcome, language, from, to, active);
        parameters.Add("limit", limit);
        parameters.Add("offset", offset);
        await using var connection = await store.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select(store)} WHERE {where} ORDER BY s.created_at DESC, s.call_id LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: ct));
        return TypedResults.Ok(new CallPage(rows.Select(r => r.ToSummary()).ToList(), limit, offset));
    }

    private static readonly string[] ExportHeader =
    [
        "id", "leadId", "leadName", "phone", "phase", "outcome", "language", "campaignId", "attempt", "callbackAt", "createdAt", "endedAt",
    ];

    /// <summary>
    /// <c>GET /api/calls/export</c>: every call the list's filters select (no paging), newest first, with the lead's name,
    /// written as the rows are read; cells through <see cref="Domain.Exports.CsvCell"/>.
    /// </summary>
    private static Results<PushStreamHttpResult, ProblemHttpResult> Export(ClaimsPrincipal caller, HttpContext context, DataStore store, TimeProvider clock,
        Guid? campaignId = null, Guid? leadId = null, string? outcome = null, string? language = null, DateTimeOffset? from = null,
        DateTimeOffset? to = null)
    {
        if (outcome is not null && !CallOutcomeWire.TryParse(outcome, out _))
        {
            return Invalid($"outcome '{outcome}' is not a call outcome; use one of {string.Join(", ", CallOutcomeWire.AllNames)}.");
        }

        var (where, parameters) = Filter(caller.WorkspaceId(), store, campaignId, leadId, outcome, language, from, to, active: false);
        var fileName = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"calls-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        return TypedResults.Stream(async body =>
        {
            var ct = context.RequestAborted;
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), 16 * 1024, leaveOpen: true);
            await writer.WriteAsync(Domain.Exports.CsvCell.Row(ExportHeader));
            await using var connection = await store.OpenConnectionAsync(ct);
            var sql = $"""
                SELECT q.*, l.name AS lead_name FROM ({Select(store)} WHERE {where}) q
                LEFT JOIN leads l ON l.id = q.lead_id
                ORDER BY q.created_at DESC, q.call_id
                """;
            await foreach (var row in connection.QueryUnbufferedAsync<Row>(sql, parameters).WithCancellation(ct))
            {
                var call = row.ToSummary();
                await writer.WriteAsync(Domain.Exports.CsvCell.Row(call.Id, call.LeadId?.ToString("D"), row.LeadName, call.Phone, call.Phase,
                    call.Outcome, call.Language, call.CampaignId?.ToString("D"), call.Attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Timestamp(call.CallbackAt), Timestamp(call.CreatedAt), Timestamp(call.EndedAt)));
            }
        }, "text/csv; charset=utf-8", fileName);
    }

    private static string? Timestamp(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static (string Where, DynamicParameters Parameters) Filter(Guid workspaceId, DataStore store, Guid? campaignId, Guid? leadId, string? outcome,
        string? language, DateTimeOffset? from, DateTimeOffset? to, bool active)
    {
        var filters = new List<string> { "s.workspace_id = @workspaceId" };
        var parameters = new DynamicParameters(new { workspaceId });
        if (campaignId is { } campaign)
        {
            filters.Add("a.campaign_id = @campaignId");
            parameters.Add("campaignId", campaign);
        }

        if (leadId is { } lead)
        {
            filters.Add("s.lead_id = @leadId");
            parameters.Add("leadId", lead);
        }

        if (outcome is not null)
        {
            filters.Add("s.outcome = @outcome");
            parameters.Add("outcome", outcome.Trim().ToLowerInvariant());
        }

        if (language is not null)
        {
            filters.Add($"({LanguageOf(store)} = @language OR {LanguageOf(store)} LIKE @languagePrefix)");
            parameters.Add("language", language.Trim());
            parameters.Add("languagePrefix", language.Trim() + "-%");
        }

        if (active)
        {
            filters.Add("s.ended_at IS NULL");
        }

        if (from is { } start)
        {
            filters.Add("s.created_at >= @from");
            parameters.Add("from", start);
        }

        if (to is { } end)
        {
            filters.Add("s.created_at < @to");
            parameters.Add("to", end);
        }

        return (string.Join(" AND ", filters), parameters);
    }

    private static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, string id, DataStore store, CallSessionStore sessions,
        CallUsageStore usage, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(caller, store, id, ct) is not { } call)
        {
            return NotFound(id);
        }

        var transcript = await sessions.TranscriptAsync(id, ct);
        var used = await usage.GetAsync(id, call.EndedAt, clock.GetUtcNow(), ct);
        return TypedResults.Ok(new CallDetails(call, transcript, $"/api/calls/{Uri.EscapeDataString(id)}/recording", used));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> HangUpAsync(string id, CallSessionStore sessions, ITelephony telephony,
        ClaimsPrincipal caller, CancellationToken ct)
    {
        var session = id.Length is 0 or > 100 ? null : await sessions.GetAsync(id, ct);
        if (session is null || session.WorkspaceId != caller.WorkspaceId())
        {
            return NotFound(id);
        }

        if (session.EndedAt is not null || session.Phase == CallPhase.Ended)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The call has ended",
                detail: $"Call '{id}' already ended ({session.Outcome?.ToWireName() ?? "no outcome"}); there is nothing to hang up.");
        }

        if (session.CallConnectionId is not { } connection)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The call is not connected yet",
                detail: $"Call '{id}' is still dialing; try again once it connects.");
        }

        await telephony.HangUpAsync(connection, forEveryone: true, ct);
        return TypedResults.Accepted($"/api/calls/{Uri.EscapeDataString(id)}");
    }

    private static async Task<CallSummary?> FindAsync(ClaimsPrincipal caller, DataStore store, string id, CancellationToken ct)
    {
        if (id.Length is 0 or > 100)
        {
            return null;
        }

        await using var connection = await store.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select(store)} WHERE s.workspace_id = @workspaceId AND s.call_id = @id", new { workspaceId = caller.WorkspaceId(), id },
            cancellationToken: ct));
        return row?.ToSummary();
    }

    private static string LanguageOf(DataStore store) =>
        store.Provider == StoreProvider.Postgres ? "(s.state ->> 'language')" : "json_extract(s.state, '$.language')";

    private static string Select(DataStore store) => $"""
        SELECT s.call_id, s.lead_id, s.lead_phone, s.phase, s.outcome, {LanguageOf(store)} AS language, a.campaign_id, a.attempt,
               s.callback_at, s.created_at, s.ended_at
        FROM call_sessions s LEFT JOIN call_attempts a ON a.call_id = s.call_id
        """;

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid call query", detail: detail);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such call",
            detail: $"Call '{id}' does not exist; GET /api/calls lists calls with their ids.");

    private sealed class Row
    {
        public string CallId { get; set; } = "";
        public Guid? LeadId { get; set; }
        public string LeadPhone { get; set; } = "";
        public string Phase { get; set; } = "";
        public string? Outcome { get; set; }
        public string? Language { get; set; }
        public Guid? CampaignId { get; set; }
        public int? Attempt { get; set; }
        public DateTimeOffset? CallbackAt { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public string? LeadName { get; set; }

        public CallSummary ToSummary() => new(CallId, LeadId,
            Domain.Phones.PhoneNumber.TryParse(LeadPhone, null, out var phone, out _) ? phone.Masked : "***",
            Phase, Outcome, Language ?? "", CampaignId, Attempt, CallbackAt, CreatedAt, EndedAt);
    }
}

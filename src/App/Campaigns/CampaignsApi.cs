using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Text.Json;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Conversation;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using AiScheduler.Functions.Calls.Attempts;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Hosting.Timers;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// The body of <c>POST /api/campaigns</c>. Everything but <see cref="Name"/> has a default: calling window
/// "Mon-Fri 09:00-18:00" in each lead's own zone, concurrency 5, zone "Etc/UTC" for leads of unknown zone and for the
/// schedule, the default retry policy (<see cref="RetrySettings"/>), all new leads, started by hand, and the product's
/// default pitch in every language. <c>requiresConsent</c> (default false): when true the campaign calls only leads with a
/// consent record; when false consent is still required wherever the lead's country requires it (the calling rules).
/// <para>
/// <c>Pitch</c>: why the campaign calls, per language: <c>{"languages": {"en": {"purpose": "a short demo of our scheduling service",
/// "pitch": "It books meetings with your leads in their own language."}, "fr": {...}}, "fallbackLanguage": "en"}</c>.
/// Keys are <c>en</c>, <c>he</c>, <c>fr</c>, <c>de</c>, <c>es</c>. <c>purpose</c> (required, up to 150 characters) is a
/// noun phrase with no final punctuation; the agent puts it into its own sentence ("I'm calling about …",
/// "L'objet de mon appel : …", "מטרת השיחה: …", "Der Grund meines Anrufs: …", "El motivo de mi llamada: …").
/// <c>pitch</c> (optional, up to 400 characters) is one or more full sentences said as written after it. Leads whose
/// language has no text are called in <c>fallbackLanguage</c>, which must be one of the keys.
/// </para>
/// </summary>
public sealed record CampaignRequest(
    string? Name,
    string? CallingWindow = null,
    int? Concurrency = null,
    string? TimeZone = null,
    RetrySettings? Retry = null,
    DateTimeOffset? StartAt = null,
    string? Cron = null,
    LeadSelection? Leads = null,
    CampaignPitch? Pitch = null,
    bool? RequiresConsent = null);

/// <summary>What <c>GET /api/campaigns/{id}/status</c> returns: the stored status and counts, and the orchestration's view.</summary>
public sealed record CampaignStatusView(Guid Id, string Status, CampaignProgress Progress, string? Orchestration, JsonElement? Live);

public static class CampaignsApi
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddOptions<CampaignsOptions>().BindConfiguration(CampaignsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CampaignsOptions>, CampaignsOptionsValidation>());
        services.TryAddSingleton<CampaignStore>();
        services.TryAddSingleton<CampaignLauncher>();
        services.TryAddSingleton<CallAttemptStore>();
        services.AddDoNotCall();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICallSettledHandler, CallEndSignals>());
        services.AddTimerHandler<CampaignScheduler>();
        return services;
    }

    /// <summary>The Campaign and CallAttempt orchestrations and their activities.</summary>
    public static DurableTaskRegistry AddCampaignTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<CampaignOrchestration>()
            .AddActivity<BeginCampaignRun>()
            .AddActivity<PickDueLeads>()
            .AddActivity<SetCampaignStatus>()
            .AddOrchestrator<CallAttemptOrchestration>()
            .AddActivity<CheckCallAttempt>()
            .AddActivity<ReleaseCallAttempt>()
            .AddActivity<PlaceCampaignCall>()
            .AddActivity<ConcludeCall>()
            .AddActivity<RecordCallAttempt>();
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/campaigns").WithTags("Campaigns");
        group.MapPost("/", CreateAsync).WithName("CreateCampaign").RequirePermission(Permission.Campaigns)
            .WithSummary("Creates a campaign: name, calling window, concurrency, retry policy, start time and/or cron, which leads, pitch per language.")
            .WithDescription("pitch.languages maps en, he, fr, de or es to {purpose, pitch}: purpose is a noun phrase without final "
                + "punctuation (up to 150 characters) that the agent slots into its own sentence (\"I'm calling about ...\"); pitch, "
                + "optional, is full sentences said as written (up to 400 characters). pitch.fallbackLanguage, one of those keys, is "
                + "the language of leads whose own has no text. Without a pitch the product's default purpose is said in every "
                + "language. A pitch that cannot be used is a 400 validation problem whose errors name the field "
                + "(e.g. pitch.languages.fr.purpose).");
        group.MapGet("/", ListAsync).WithName("ListCampaigns").WithSummary("Campaigns, oldest first; filter by status.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCampaign");
        group.MapGet("/{id:guid}/status", StatusAsync).WithName("GetCampaignStatus")
            .WithSummary("Progress: due, in flight, settled, waiting, settled leads by outcome.");
        group.MapPost("/{id:guid}/start", (ClaimsPrincipal caller, Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(caller, id, CampaignAction.Start, store, launcher, ct)).WithName("StartCampaign").RequirePermission(Permission.Campaigns);
        group.MapPost("/{id:guid}/pause", (ClaimsPrincipal caller, Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(caller, id, CampaignAction.Pause, store, launcher, ct)).WithName("PauseCampaign").RequirePermission(Permission.Campaigns);
        group.MapPost("/{id:guid}/resume", (ClaimsPrincipal caller, Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(caller, id, CampaignAction.Resume, store, launcher, ct)).WithName("ResumeCampaign").RequirePermission(Permission.Campaigns);
        group.MapPost("/{id:guid}/cancel", (ClaimsPrincipal caller, Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(caller, id, CampaignAction.Cancel, store, launcher, ct)).WithName("CancelCampaign").RequirePermission(Permission.Campaigns);
        return endpoints;
    }

    /// <summary>Validates a request into stored settings, or says what to fix.</summary>
    public static bool TryValidate(CampaignRequest request, out CampaignSettings? settings, out LeadSelection selection, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        settings = null;
        selection = request.Leads ?? LeadSelection.AllNew;
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            error = "'name' is required, 1 to 200 characters.";
            return false;
        }

        if (selection.Status is { } status && !LeadStatus.IsKnown(status))
        {
            error = $"leads.status '{status}' is not a lead status; use one of {string.Join(", ", LeadStatus.All)}.";
            return false;
        }

        if (PitchProblems(request) is { Count: > 0 } problems)
        {
            error = string.Join(" ", problems.Select(problem => $"{problem.Field} {problem.Reason}"));
            return false;
        }

        if (selection.LeadIds is { Count: > 10_000 })
        {
            error = "leads.leadIds lists more than 10000 leads; select them by a filter (status, language, region) instead.";
            return false;
        }

        var candidate = new CampaignSettings(
            request.CallingWindow ?? Domain.Scheduling.CallingWindow.Default.ToString(),
            request.Concurrency ?? 5,
            request.TimeZone ?? "Etc/UTC",
            request.Retry ?? RetrySettings.Default,
            request.StartAt,
            string.IsNullOrWhiteSpace(request.Cron) ? null : request.Cron.Trim(),
            request.Pitch is { } pitch ? Trimmed(pitch) : null,
            request.RequiresConsent ?? false);
        try
        {
            candidate.ToOptions();
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }

        settings = candidate;
        error = null;
        return true;
    }

    /// <summary>What is wrong with the request's pitch, per field (empty when there is no pitch or it is usable).</summary>
    public static IReadOnlyList<PitchProblem> PitchProblems(CampaignRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Pitch is { } pitch ? Trimmed(pitch).Problems() : [];
    }

    /// <summary>The pitch as stored: texts trimmed, an empty pitch sentence dropped.</summary>
    private static CampaignPitch Trimmed(CampaignPitch pitch) => new(
        (pitch.Languages ?? new Dictionary<string, PitchText>()).ToDictionary(
            entry => entry.Key.Trim(),
            entry => new PitchText(entry.Value?.Purpose?.Trim() ?? "", string.IsNullOrWhiteSpace(entry.Value?.Pitch) ? null : entry.Value.Pitch.Trim()),
            StringComparer.Ordinal),
        pitch.FallbackLanguage?.Trim() ?? "");

    private static async Task<Results<Created<Campaign>, ProblemHttpResult, ValidationProblem>> CreateAsync(ClaimsPrincipal caller, CampaignRequest request,
        CampaignStore store, CancellationToken ct)
    {
        if (PitchProblems(request) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(
                problems.GroupBy(problem => problem.Field, StringComparer.Ordinal)
                    .ToDictionary(group => group.Key, group => group.Select(problem => problem.Reason).ToArray(), StringComparer.Ordinal),
                detail: "The campaign was not saved; fix the pitch fields listed in 'errors'.",
                title: "The campaign is not valid");
        }

        if (!TryValidate(request, out var settings, out var selection, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The campaign is not valid", detail: error);
        }

        var status = settings!.StartAt is not null || settings.Cron is not null ? CampaignStatus.Scheduled : CampaignStatus.Draft;
        var campaign = await store.CreateAsync(caller.WorkspaceId(), request.Name!.Trim(), settings, selection, status, ct);
        return TypedResults.Created($"/api/campaigns/{campaign.Id}", campaign);
    }

    private static async Task<Results<Ok<IReadOnlyList<Campaign>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal caller, CampaignStore store, CancellationToken ct,
        string? status = null)
    {
        if (status is not null && !CampaignLifecycle.TryParseStatus(status, out _))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status",
                detail: $"'{status}' is not a campaign status; use draft, scheduled, running, paused, completed or cancelled.");
        }

        return TypedResults.Ok(await store.ListAsync(caller.WorkspaceId(), status, ct));
    }

    private static async Task<Results<Ok<Campaign>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, CampaignStore store, CancellationToken ct) =>
        await store.GetAsync(caller.WorkspaceId(), id, ct) is { } campaign ? TypedResults.Ok(campaign) : NotFound(id);

    private static async Task<Results<Ok<CampaignStatusView>, ProblemHttpResult>> StatusAsync(ClaimsPrincipal caller, Guid id, CampaignStore store,
        DurableTaskClient durable, CancellationToken ct)
    {
        if (await store.GetAsync(caller.WorkspaceId(), id, ct) is not { } campaign)
        {
            return NotFound(id);
        }

        // The orchestration first: once it reads Completed, every attempt it waited for has recorded its outcome, so the
        // counts read after it are final (read before it, they could predate the last calls' ends).
        var instance = await durable.GetInstanceAsync(Campaign.InstanceIdFor(id), cancellation: ct);
        var progress = await store.ProgressAsync(id, 0, ct);
        JsonElement? live = instance?.SerializedCustomStatus is { } text ? JsonDocument.Parse(text).RootElement.Clone() : null;
        return TypedResults.Ok(new CampaignStatusView(id, campaign.Status, progress, instance?.RuntimeStatus.ToString(), live));
    }

    private static async Task<Results<Accepted<Campaign>, ProblemHttpResult>> ActAsync(ClaimsPrincipal caller, Guid id, CampaignAction action, CampaignStore store,
        CampaignLauncher launcher, CancellationToken ct)
    {
        if (await store.GetAsync(caller.WorkspaceId(), id, ct) is not { } campaign)
        {
            return NotFound(id);
        }

        var transition = action == CampaignAction.Start
            ? await launcher.StartAsync(campaign, null, ct)
            : await launcher.SignalAsync(campaign, action, ct);
        if (!transition.IsAllowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in this state", detail: transition.Reason);
        }

        var updated = await store.GetAsync(caller.WorkspaceId(), id, ct) ?? campaign;
        return TypedResults.Accepted($"/api/campaigns/{id}/status", updated);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign",
            detail: $"Campaign {id} does not exist; GET /api/campaigns lists the campaigns there are.");
}

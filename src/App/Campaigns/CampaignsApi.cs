using System.Text.Json;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Durable;
using AiScheduler.Functions.Calls.Attempts;
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
/// schedule, the default retry policy (<see cref="RetrySettings"/>), all new leads, started by hand.
/// </summary>
public sealed record CampaignRequest(
    string? Name,
    string? CallingWindow = null,
    int? Concurrency = null,
    string? TimeZone = null,
    RetrySettings? Retry = null,
    DateTimeOffset? StartAt = null,
    string? Cron = null,
    LeadSelection? Leads = null);

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
        services.AddHostedService<CallEndedRelay>();
        services.AddTimerHandler<CampaignScheduler>();
        return services;
    }

    /// <summary>The Campaign and CallAttempt orchestrations and their activities.</summary>
    public static DurableBuilder AddCampaignWorkflows(this DurableBuilder durable)
    {
        ArgumentNullException.ThrowIfNull(durable);
        durable.Services.AddCampaigns();
        return durable
            .AddOrchestration<CampaignOrchestration>()
            .AddActivity<BeginCampaignRun>()
            .AddActivity<PickDueLeads>()
            .AddActivity<SetCampaignStatus>()
            .AddOrchestration<CallAttemptOrchestration>()
            .AddActivity<CheckCallAttempt>()
            .AddActivity<ReleaseCallAttempt>()
            .AddActivity<PlaceCampaignCall>()
            .AddActivity<ConcludeCall>()
            .AddActivity<RecordCallAttempt>();
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/campaigns").WithTags("Campaigns");
        group.MapPost("/", CreateAsync).WithName("CreateCampaign")
            .WithSummary("Creates a campaign: name, calling window, concurrency, retry policy, start time and/or cron, which leads.");
        group.MapGet("/", ListAsync).WithName("ListCampaigns").WithSummary("Campaigns, oldest first; filter by status.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCampaign");
        group.MapGet("/{id:guid}/status", StatusAsync).WithName("GetCampaignStatus")
            .WithSummary("Progress: due, in flight, settled, waiting, settled leads by outcome.");
        group.MapPost("/{id:guid}/start", (Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(id, CampaignAction.Start, store, launcher, ct)).WithName("StartCampaign");
        group.MapPost("/{id:guid}/pause", (Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(id, CampaignAction.Pause, store, launcher, ct)).WithName("PauseCampaign");
        group.MapPost("/{id:guid}/resume", (Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(id, CampaignAction.Resume, store, launcher, ct)).WithName("ResumeCampaign");
        group.MapPost("/{id:guid}/cancel", (Guid id, CampaignStore store, CampaignLauncher launcher, CancellationToken ct) =>
            ActAsync(id, CampaignAction.Cancel, store, launcher, ct)).WithName("CancelCampaign");
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
            string.IsNullOrWhiteSpace(request.Cron) ? null : request.Cron.Trim());
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

    private static async Task<Results<Created<Campaign>, ProblemHttpResult>> CreateAsync(CampaignRequest request, CampaignStore store,
        CancellationToken ct)
    {
        if (!TryValidate(request, out var settings, out var selection, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The campaign is not valid", detail: error);
        }

        var status = settings!.StartAt is not null || settings.Cron is not null ? CampaignStatus.Scheduled : CampaignStatus.Draft;
        var campaign = await store.CreateAsync(Workspaces.DefaultId, request.Name!.Trim(), settings, selection, status, ct);
        return TypedResults.Created($"/api/campaigns/{campaign.Id}", campaign);
    }

    private static async Task<Results<Ok<IReadOnlyList<Campaign>>, ProblemHttpResult>> ListAsync(CampaignStore store, CancellationToken ct,
        string? status = null)
    {
        if (status is not null && !CampaignLifecycle.TryParseStatus(status, out _))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status",
                detail: $"'{status}' is not a campaign status; use draft, scheduled, running, paused, completed or cancelled.");
        }

        return TypedResults.Ok(await store.ListAsync(Workspaces.DefaultId, status, ct));
    }

    private static async Task<Results<Ok<Campaign>, ProblemHttpResult>> GetAsync(Guid id, CampaignStore store, CancellationToken ct) =>
        await store.GetAsync(Workspaces.DefaultId, id, ct) is { } campaign ? TypedResults.Ok(campaign) : NotFound(id);

    private static async Task<Results<Ok<CampaignStatusView>, ProblemHttpResult>> StatusAsync(Guid id, CampaignStore store,
        DurableTaskClient durable, CancellationToken ct)
    {
        if (await store.GetAsync(Workspaces.DefaultId, id, ct) is not { } campaign)
        {
            return NotFound(id);
        }

        var progress = await store.ProgressAsync(id, 0, ct);
        var instance = await durable.GetInstanceAsync(Campaign.InstanceIdFor(id), cancellationToken: ct);
        JsonElement? live = instance?.SerializedCustomStatus is { } text ? JsonDocument.Parse(text).RootElement.Clone() : null;
        return TypedResults.Ok(new CampaignStatusView(id, campaign.Status, progress, instance?.RuntimeStatus.ToString(), live));
    }

    private static async Task<Results<Accepted<Campaign>, ProblemHttpResult>> ActAsync(Guid id, CampaignAction action, CampaignStore store,
        CampaignLauncher launcher, CancellationToken ct)
    {
        if (await store.GetAsync(Workspaces.DefaultId, id, ct) is not { } campaign)
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

        var updated = await store.GetAsync(Workspaces.DefaultId, id, ct) ?? campaign;
        return TypedResults.Accepted($"/api/campaigns/{id}/status", updated);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign",
            detail: $"Campaign {id} does not exist; GET /api/campaigns lists the campaigns there are.");
}

using AiScheduler.Domain.Campaigns;
using AiScheduler.Functions.Permissions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Campaigns;

/// <summary>Reads the campaign for a run (or a new generation of it), enrolls the leads its selection names, and marks it running.</summary>
[DurableTask(Name)]
public sealed class BeginCampaignRun(CampaignStore campaigns, IOptions<CampaignsOptions> options, IHostApplicationLifetime lifetime) : TaskActivity<CampaignRunInput, CampaignRunPlan>
{
    public const string Name = "BeginCampaignRun";

    public override async Task<CampaignRunPlan> RunAsync(TaskActivityContext context, CampaignRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = lifetime.ApplicationStopping;
        var campaign = await campaigns.GetAsync(input.WorkspaceId, input.CampaignId, ct)
            ?? throw new InvalidOperationException($"Campaign {input.CampaignId} does not exist; its orchestration cannot run.");
        var settings = options.Value;
        if (campaign.ParsedStatus != CampaignStatus.Cancelled)
        {
            await campaigns.EnrollAsync(campaign, ct);
            if (!input.Paused)
            {
                await campaigns.SetStatusAsync(campaign.Id, CampaignStatus.Running, ct);
            }
        }

        return new CampaignRunPlan(campaign.Settings.Concurrency, settings.MinimumWait, settings.CallsPerGeneration, campaign.Status);
    }
}

/// <summary>
/// Claims the leads to call now, each first put to the call-permission decision (refusals recorded in the audit trail),
/// and counts the campaign's progress (see <see cref="CampaignStore.PickDueAsync"/>).
/// </summary>
[DurableTask(Name)]
public sealed class PickDueLeads(CampaignStore campaigns, LeadCallPermissions permissions, IHostApplicationLifetime lifetime) : TaskActivity<PickRequest, PickResult>
{
    public const string Name = "PickDueLeads";

    public override async Task<PickResult> RunAsync(TaskActivityContext context, PickRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.GetAsync(input.WorkspaceId, input.CampaignId, lifetime.ApplicationStopping)
            ?? throw new InvalidOperationException($"Campaign {input.CampaignId} does not exist; no leads can be picked for it.");
        return await campaigns.PickDueAsync(campaign, input.Claim, Math.Max(0, input.Limit), lifetime.ApplicationStopping,
            (leadId, attempt, at, ct) => permissions.DecideAndRecordAsync(input.WorkspaceId, leadId, at, campaign, attempt, DecisionStage.Pick, ct));
    }
}

/// <summary>Records the status the orchestration reached (paused, running, completed, cancelled); a cancelled campaign stays cancelled.</summary>
[DurableTask(Name)]
public sealed class SetCampaignStatus(CampaignStore campaigns, IHostApplicationLifetime lifetime) : TaskActivity<CampaignStatusChange, string>
{
    public const string Name = "SetCampaignStatus";

    public override async Task<string> RunAsync(TaskActivityContext context, CampaignStatusChange input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (!CampaignLifecycle.TryParseStatus(input.Status, out var status))
        {
            throw new ArgumentException($"'{input.Status}' is not a campaign status.", nameof(input));
        }

        await campaigns.SetStatusAsync(input.CampaignId, status.Value, lifetime.ApplicationStopping);
        return input.Status;
    }
}

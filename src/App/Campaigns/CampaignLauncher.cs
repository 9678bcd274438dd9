using AiScheduler.Domain.Campaigns;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Campaigns;

/// <summary>Starts a campaign's orchestration and sends it pause/resume/cancel, keeping the stored status in step.</summary>
public sealed class CampaignLauncher(CampaignStore campaigns, DurableTaskClient durable, TimeProvider clock)
{
    /// <summary>
    /// Moves the campaign to running and starts <c>campaign:{id}</c> (again, if an earlier run finished).
    /// <paramref name="startedFor"/> is the schedule occurrence being served (null: started by hand, now).
    /// </summary>
    public async Task<Transition<CampaignStatus>> StartAsync(Campaign campaign, DateTimeOffset? startedFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var transition = await campaigns.TransitionAsync(campaign, CampaignAction.Start, startedFor ?? clock.GetUtcNow(), cancellationToken);
        if (transition.IsAllowed)
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(CampaignOrchestration.Name, new CampaignRunInput(campaign.Id, campaign.WorkspaceId),
                new StartOrchestrationOptions(Campaign.InstanceIdFor(campaign.Id)), cancellationToken);
        }

        return transition;
    }

    /// <summary>Pauses, resumes or cancels: the stored status moves first, then the running orchestration hears the event.</summary>
    public async Task<Transition<CampaignStatus>> SignalAsync(Campaign campaign, CampaignAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var eventName = action switch
        {
            CampaignAction.Pause => CampaignOrchestration.PauseEvent,
            CampaignAction.Resume => CampaignOrchestration.ResumeEvent,
            CampaignAction.Cancel => CampaignOrchestration.CancelEvent,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "only pause, resume and cancel are signals"),
        };
        var transition = await campaigns.TransitionAsync(campaign, action, null, cancellationToken);
        if (!transition.IsAllowed)
        {
            return transition;
        }

        var instanceId = Campaign.InstanceIdFor(campaign.Id);
        var instance = await durable.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance is { IsRunning: true })
        {
            await durable.RaiseEventAsync(instanceId, eventName, action.ToString(), cancellationToken);
        }

        return transition;
    }
}

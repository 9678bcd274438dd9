using AiScheduler.Domain.Campaigns;
using AiScheduler.Functions.Hosting.Timers;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// The campaign scheduler (timer trigger <c>CampaignScheduler</c>, schedule in host.json): starts each scheduled
/// campaign whose start time or cron occurrence is due (the latest one only, after downtime), and starts a completed
/// campaign again when one of its leads' callback or retry times has come.
/// </summary>
public sealed class CampaignScheduler(CampaignStore campaigns, CampaignLauncher launcher, TimeProvider clock, ILogger<CampaignScheduler> logger)
    : ITimerHandler
{
    public string Name => "CampaignScheduler";

    public async Task RunAsync(TimerOccurrence occurrence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var campaign in await campaigns.ListSchedulableAsync(cancellationToken))
        {
            var due = campaign.Settings.ToOptions().DueStart(now, campaign.CreatedAt, campaign.LastStartAt);
            var callbackDue = due is null && campaign.ParsedStatus == CampaignStatus.Completed
                && await campaigns.HasCallbackDueAsync(campaign.Id, cancellationToken);
            if (due is null && !callbackDue)
            {
                continue;
            }

            var transition = await launcher.StartAsync(campaign, due ?? campaign.LastStartAt, cancellationToken);
            if (transition.IsAllowed)
            {
                Log.Started(logger, campaign.Id, due is null ? "a callback came due" : "its schedule came due");
            }
        }
    }
}

namespace AiScheduler.Functions.Campaigns;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Campaign {CampaignId} started: {Why}")]
    public static partial void Started(ILogger logger, Guid campaignId, string why);
}

namespace AiScheduler.Functions.Providers.Llm;

internal static partial class Log
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "The language model did not answer within {TimeoutSeconds} s")]
    public static partial void ModelTimedOut(ILogger logger, double timeoutSeconds);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "The language model request failed with status {Status}: {Reason}")]
    public static partial void ModelFailed(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "The language model returned no text (finish reason {FinishReason})")]
    public static partial void EmptyReply(ILogger logger, string finishReason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "The language model kept calling tools for {Rounds} rounds without answering")]
    public static partial void ToolRoundsExhausted(ILogger logger, int rounds);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Tool {Tool} called by the model; accepted: {Accepted}")]
    public static partial void ToolCalled(ILogger logger, string tool, bool accepted);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "The language model failed again after the holding phrase; ending the call gracefully")]
    public static partial void EndingAfterRetry(ILogger logger);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "No usable answer after {Reprompts} re-prompts; ending the call")]
    public static partial void GaveUpAfterSilence(ILogger logger, int reprompts);

    [LoggerMessage(EventId = 2220, Level = LogLevel.Warning, Message = "The model's interview plan was not used ({Reason}); the rule-based plan stands")]
    public static partial void PlanRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 2221, Level = LogLevel.Warning, Message = "The model's interview follow-up was not used ({Reason}); the rule-based turn stands")]
    public static partial void FollowUpRejected(ILogger logger, string reason);
}

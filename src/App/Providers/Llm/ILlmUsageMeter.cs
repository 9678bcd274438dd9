namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// Told of each model request a brain makes during a turn, with the tokens it used (zero when it failed): the turn's
/// tools implement it when a caller keeps usage per call (the call session's usage record).
/// </summary>
public interface ILlmUsageMeter
{
    void ModelRequested(long inputTokens, long outputTokens);
}

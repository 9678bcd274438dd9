namespace AiScheduler.Domain.Conversation;

/// <summary>
/// The conversation brain port. Implemented by the rule-based brain (<c>RuleBasedAgent</c>) and by the LLM
/// brain in the host. A brain never reads a clock and never does I/O except through <see cref="IConversationTools"/>;
/// the current time arrives in <see cref="ConversationState.NowUtc"/>, set by the call session before each turn.
/// The state a brain returns already holds the caller's words (speech only) and the reply appended to
/// <see cref="ConversationState.Turns"/>, so the session persists and publishes it as is.
/// </summary>
public interface IConversationAgent
{
    /// <summary>First line after the callee answers: greeting, who is calling and for which company, AI-assistant
    /// disclosure, recording notice when recording is on, then the purpose.</summary>
    ValueTask<AgentTurn> StartAsync(ConversationState state, IConversationTools tools, CancellationToken cancellationToken);

    /// <summary>One caller input in, the reply, the next state and whether the call ends (with its outcome) out.</summary>
    ValueTask<AgentTurn> RespondAsync(ConversationState state, CallerInput input, IConversationTools tools, CancellationToken cancellationToken);
}

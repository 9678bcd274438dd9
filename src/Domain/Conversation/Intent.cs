namespace AiScheduler.Domain.Conversation;

/// <summary>What a caller's words mean to the dialogue, independent of the language they were said in. Times, slot
/// ordinals and e-mail addresses are read separately (<see cref="TimeExpressionParser"/>, <see cref="SpokenEmail"/>).</summary>
public enum Intent
{
    OptOut,
    Hostile,
    WrongNumber,
    Repeat,
    CallLater,
    AskNumberSource,
    AskIdentity,
    AskPurpose,
    NotInterested,
    Deny,
    WantsToSchedule,
    Affirm,
}

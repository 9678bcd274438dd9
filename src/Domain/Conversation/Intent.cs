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

    /// <summary>"The earlier one": of the times just offered, the first.</summary>
    PickEarlier,

    /// <summary>"The later one": of the times just offered, the last.</summary>
    PickLater,

    /// <summary>The caller takes leave ("thanks, bye").</summary>
    Goodbye,
}

namespace AiScheduler.Domain.Conversation;

/// <summary>Where the dialogue is; the rule brain's policy is keyed by it. The LLM brain may stay in
/// <see cref="Conversing"/> throughout.</summary>
public enum DialogueStage
{
    /// <summary>Nothing said yet.</summary>
    Opening,

    /// <summary>Opening said; waiting to learn whether the lead is interested.</summary>
    Pitch,

    /// <summary>Slots offered; waiting for a pick or another time.</summary>
    OfferingSlots,

    /// <summary>A slot is chosen; the invite address was read back and awaits a yes.</summary>
    ConfirmingEmail,

    /// <summary>Waiting for the lead to say an email address.</summary>
    CapturingEmail,

    /// <summary>The lead asked to be called later without a time; waiting for one.</summary>
    AskingCallbackTime,

    /// <summary>A free-form conversation (used by the LLM brain).</summary>
    Conversing,

    /// <summary>The opening asked whether the call may be recorded (jurisdictions that ask first); nothing is recorded
    /// before a clear yes.</summary>
    AskingRecordingConsent,

    /// <summary>A voicemail greeting was heard but may not be over: the agent listens in silence once more so its
    /// message starts after the greeting (and its beep), not over it.</summary>
    AwaitingBeep,

    /// <summary>The closing line was said; the call ends.</summary>
    Ended,
}

using AiScheduler.Domain.Conversation;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The brain of a meeting call: the call session hands it the turns of a call placed for a meeting (instead of the
/// scheduling agent), and it runs that meeting's interview. The Meetings feature implements it; the call session only
/// speaks and listens.
/// </summary>
public interface IMeetingCallInterviewer
{
    /// <summary>The call was answered: the interview's opening (greeting, disclosure, first question).</summary>
    Task<InterviewerReply> OpenAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken);

    /// <summary>What the lead did after the last question: speech, silence or something unintelligible.</summary>
    Task<InterviewerReply> HearAsync(Guid workspaceId, Guid meetingId, CallerInput input, CancellationToken cancellationToken);

    /// <summary>
    /// The lead asked not to be called again (the call session has written the do-not-call entry, as on any call): the
    /// interview records <paramref name="leadWords"/> (null for the keypad) and <paramref name="confirmation"/>, and ends.
    /// </summary>
    Task OptedOutAsync(Guid workspaceId, Guid meetingId, string? leadWords, string confirmation, string language, CancellationToken cancellationToken);
}

/// <summary>The interviewer's next line, in <paramref name="Language"/> (BCP-47); <paramref name="Ended"/>: it is the closing line.</summary>
public sealed record InterviewerReply(string Say, string Language, bool Ended);

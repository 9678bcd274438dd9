using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Meetings.Interview;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The meeting interview on a phone call: the call session's turns of a meeting call go to <see cref="MeetingInterviews"/>
/// (channel <c>phone</c>), which keeps the interview's state and transcript; silence or unintelligible speech is an
/// empty answer, which the interviewer meets with "are you still there?". The interview speaks a language ("fr"); the
/// telephony voice and recognizer need a locale, the lead's own when it is that language (fr-CA), else the usual one.
/// </summary>
internal sealed class PhoneInterviewer(MeetingInterviews interviews, MeetingStore meetings) : IMeetingCallInterviewer
{
    private static readonly Dictionary<string, string> Locales = new(StringComparer.Ordinal)
    {
        ["en"] = "en-US", ["he"] = "he-IL", ["fr"] = "fr-FR", ["de"] = "de-DE", ["es"] = "es-ES",
    };

    public async Task<InterviewerReply> OpenAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken) =>
        await ReplyAsync(workspaceId, meetingId, await interviews.BeginAsync(workspaceId, meetingId, MeetingJoinMode.Phone, cancellationToken),
            cancellationToken);

    public async Task<InterviewerReply> HearAsync(Guid workspaceId, Guid meetingId, CallerInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input is CallerInput.Speech speech ? speech.Text : "";
        return await ReplyAsync(workspaceId, meetingId,
            await interviews.AnswerAsync(workspaceId, meetingId, TranscriptSpeakers.Lead, text, cancellationToken), cancellationToken);
    }

    public Task OptedOutAsync(Guid workspaceId, Guid meetingId, string? leadWords, string confirmation, string language,
        CancellationToken cancellationToken) =>
        interviews.OptOutAsync(workspaceId, meetingId, leadWords, confirmation, language, cancellationToken);

    private async Task<InterviewerReply> ReplyAsync(Guid workspaceId, Guid meetingId, InterviewTurn turn, CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(workspaceId, meetingId, cancellationToken);
        var leadLocale = meeting?.LeadLanguage;
        var locale = leadLocale is not null && leadLocale.StartsWith(turn.Language + "-", StringComparison.OrdinalIgnoreCase)
            ? leadLocale
            : Locales.GetValueOrDefault(turn.Language, turn.Language);
        // An interview that has already ended has nothing left to say: the call closes politely.
        var say = string.IsNullOrWhiteSpace(turn.Say) ? InterviewPhrases.For(turn.Language).Closing : turn.Say;
        return new InterviewerReply(say, locale, turn.Ended);
    }
}

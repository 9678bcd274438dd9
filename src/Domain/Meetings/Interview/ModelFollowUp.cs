using System.Text.RegularExpressions;
using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Meetings.Interview;

/// <summary>
/// What the LLM brain proposes after the lead answered a question the rules had no follow-up for: a short
/// acknowledgement of what the lead said and, when the answer left something important open, one follow-up question
/// (null otherwise). The proposal is checked here, in code, before a word of it is said; anything that fails the checks
/// leaves the rule-based turn as it was.
/// </summary>
public static partial class ModelFollowUp
{
    /// <summary>The answer's <see cref="InterviewAnswer.FollowUp"/> when it answered a follow-up the model wrote.</summary>
    public const string Name = "model";

    public const int MaxAcknowledgementLength = 160;
    public const int MaxFollowUpLength = 220;

    /// <summary>
    /// Whether the model is asked about this turn: the lead answered the current question itself (not a follow-up,
    /// not "I don't know", no repeat, off-topic or ending), and the rules moved on to the next question or the close.
    /// </summary>
    public static bool Applies(InterviewState before, InterviewTurn ruleTurn)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(ruleTurn);
        return before.Phase == InterviewPhase.Asking
            && ruleTurn.Action is InterviewAction.Asked or InterviewAction.Closed
            && ruleTurn.State.EndReason is null or InterviewEndReason.Completed
            && ruleTurn.State.Answers.Count == before.Answers.Count + 1
            && ruleTurn.State.Answers[^1] is { Unknown: false } answer
            && answer.QuestionKey == before.CurrentQuestion()?.Key;
    }

    /// <summary>
    /// The turn to take with the model's proposal, or null with the reason when the proposal is not usable: the
    /// acknowledgement must be one short sentence without a question, link or placeholder; a follow-up one short
    /// question ending in a question mark; both in the interview's script (Hebrew letters for Hebrew, none otherwise).
    /// </summary>
    public static (InterviewTurn? Turn, string? Rejected) Apply(InterviewState before, InterviewTurn ruleTurn, string? acknowledgement, string? followUp)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(ruleTurn);
        if (!Applies(before, ruleTurn))
        {
            return (null, "the rules' turn is not an answer the model may follow up");
        }

        var language = ruleTurn.State.Language;
        var ack = acknowledgement?.Trim() ?? "";
        if (Check(ack, language, MaxAcknowledgementLength, "acknowledgement") is { } badAck)
        {
            return (null, badAck);
        }

        if (ack.Contains('?', StringComparison.Ordinal))
        {
            return (null, "the acknowledgement asks a question");
        }

        var phrases = InterviewPhrases.For(language);
        if (string.IsNullOrWhiteSpace(followUp))
        {
            // No follow-up: the rules' turn, opened with the model's acknowledgement instead of the stock one.
            var stock = phrases.Acknowledgement(ruleTurn.State.Turn);
            if (!ruleTurn.Say.StartsWith(stock, StringComparison.Ordinal))
            {
                return (null, "the rules' turn does not open with its acknowledgement");
            }

            return (ruleTurn with { Say = ack + ruleTurn.Say[stock.Length..] }, null);
        }

        var question = followUp.Trim();
        if (Check(question, language, MaxFollowUpLength, "follow-up") is { } badQuestion)
        {
            return (null, badQuestion);
        }

        if (!question.EndsWith('?') || question.Count(c => c == '?') != 1)
        {
            return (null, "the follow-up is not one question ending with '?'");
        }

        var following = ruleTurn.State with
        {
            Phase = InterviewPhase.FollowingUp,
            QuestionIndex = before.QuestionIndex,
            FollowUpsAsked = before.FollowUpsAsked,
            PendingFollowUp = null,
            PendingCompetitor = null,
            PendingFollowUpText = question,
            OffTopicCount = before.OffTopicCount,
            EndReason = null,
        };
        return (new InterviewTurn($"{ack} {question}", following, InterviewAction.FollowedUp), null);
    }

    private static string? Check(string text, string language, int maxLength, string what)
    {
        if (text.Length == 0)
        {
            return $"the {what} is empty";
        }

        if (text.Length > maxLength)
        {
            return $"the {what} is longer than {maxLength} characters";
        }

        if (text.Any(char.IsControl) || Link().IsMatch(text) || text.IndexOfAny(['{', '}', '<', '>', '[', ']']) >= 0)
        {
            return $"the {what} holds a line break, a link, markup or a placeholder";
        }

        var hebrew = HebrewLetter().IsMatch(text);
        if (hebrew != (language == InterviewLanguages.Hebrew))
        {
            return $"the {what} is not written in the interview's language ({language})";
        }

        return null;
    }

    [GeneratedRegex(@"https?://|www\.|@\w", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"\p{IsHebrew}")]
    private static partial Regex HebrewLetter();
}

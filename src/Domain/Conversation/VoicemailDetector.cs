using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Telephony here has no answering-machine detection, so the first utterance decides. A phrase only machines say
/// ("after the tone", "laissez un message") in any supported language is enough; a phrase people say too ("he is not
/// available") counts only together with another such phrase or inside a long monologue, so a person answering for
/// the lead is never mistaken for a mailbox.
/// </summary>
public static class VoicemailDetector
{
    /// <summary>Words in one breath above which a first "hello" is a recorded greeting rather than a person.</summary>
    public const int MonologueWords = 35;

    public static bool IsVoicemail(string firstUtterance, LanguagePack language)
    {
        ArgumentNullException.ThrowIfNull(firstUtterance);
        ArgumentNullException.ThrowIfNull(language);
        var text = SpokenText.Normalize(firstUtterance);
        if (LanguagePacks.All.Any(pack => pack.Compiled.VoicemailStrong.IsMatch(text)))
        {
            return true;
        }

        var words = SpokenText.Words(text).Length;
        var weak = LanguagePacks.All.Sum(pack => pack.Compiled.VoicemailWeak.Matches(text).Count);
        return weak >= 2 || (weak >= 1 && words >= MonologueWords / 2) || words >= MonologueWords;
    }
}

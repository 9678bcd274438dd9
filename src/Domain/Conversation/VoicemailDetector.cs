using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>The rule brain's voicemail check: the answering-machine decision of <see cref="AnsweringMachineDetector"/>,
/// so the brain and the call's first-seconds guard never disagree.</summary>
public static class VoicemailDetector
{
    public static bool IsVoicemail(string firstUtterance, LanguagePack language)
    {
        ArgumentNullException.ThrowIfNull(firstUtterance);
        ArgumentNullException.ThrowIfNull(language);
        return AnsweringMachineDetector.Classify(firstUtterance).By == AnsweredBy.Voicemail;
    }
}

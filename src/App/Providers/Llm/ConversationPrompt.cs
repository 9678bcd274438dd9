using System.Globalization;
using System.Text;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// Rebuilds the chat for one turn from the persisted state: a system prompt from the <see cref="CallContext"/> and what
/// the call has settled so far, then the transcript as assistant/user messages. Nothing else is kept between turns,
/// so any host process can take the next turn.
/// </summary>
internal static class ConversationPrompt
{
    public const string SilenceMarker = "(The caller said nothing.)";
    public const string UnintelligibleMarker = "(The caller spoke, but the words could not be understood.)";
    public const string AnsweredMarker = "(The call has just been answered. Say your opening now.)";

    public static List<ChatMessage> Build(ConversationState state, SchedulingToolbox toolbox, CallerInput? input)
    {
        var messages = new List<ChatMessage> { new SystemChatMessage(SystemPrompt(state, toolbox)) };
        if (state.Turns.Count == 0 || state.Turns[0].Speaker != ConversationTurn.Agent)
        {
            messages.Add(new UserChatMessage(AnsweredMarker));
        }

        foreach (var turn in state.Turns)
        {
            messages.Add(turn.Speaker == ConversationTurn.Agent
                ? new AssistantChatMessage(turn.Text)
                : new UserChatMessage(turn.Text));
        }

        // Speech is already in the transcript (the agent appends it before asking the model); the rest is a marker.
        switch (input)
        {
            case CallerInput.Silence:
                messages.Add(new UserChatMessage(SilenceMarker));
                break;
            case CallerInput.Unintelligible:
                messages.Add(new UserChatMessage(UnintelligibleMarker));
                break;
        }

        return messages;
    }

    public static string SystemPrompt(ConversationState state, SchedulingToolbox toolbox)
    {
        var context = state.Context;
        var phrases = LlmPhrases.For(state.Language);
        var now = toolbox.FormatLocal(state.NowUtc);
        var nowDay = DateTime.ParseExact(now, SchedulingToolbox.LocalTimeFormat, CultureInfo.InvariantCulture).DayOfWeek;
        var lead = context.LeadCompany is { Length: > 0 } company ? $"{context.LeadName} of {company}" : context.LeadName;

        var pitch = context.PitchIn(state.Language);
        var prompt = new StringBuilder();
        prompt.AppendLine(CultureInfo.InvariantCulture,
            $"You are {context.AgentName}, an AI assistant phoning {lead} on behalf of {context.CompanyName}. Purpose of the call: {pitch.Purpose}.");
        if (pitch.Pitch is { } sentences)
        {
            prompt.AppendLine(CultureInfo.InvariantCulture, $"The campaign's pitch, to say in your own words: {sentences}");
        }

        prompt.AppendLine(CultureInfo.InvariantCulture,
            $"Speak {phrases.LanguageName} ({state.Language}). If the caller answers in English, Hebrew, French, German or Spanish instead, switch to that language.");
        prompt.AppendLine(CultureInfo.InvariantCulture,
            $"For the caller it is now {nowDay} {now} in time zone {context.TimeZone}. Every time you say or pass to a tool is in that zone, written yyyy-MM-ddTHH:mm.");
        prompt.AppendLine("Rules:");
        // The disclosure is the law's, not the model's wording: the first sentence is given verbatim, in the call's language.
        var disclosure = FirstSecondsPhrases.Disclosure(LanguagePacks.For(state.Language), context);
        prompt.AppendLine(CultureInfo.InvariantCulture,
            $"- Your first reply starts with exactly this sentence, which says that you are an AI assistant and names the company: \"{disclosure}\"");
        prompt.AppendLine(context.RecordingEnabled
            ? "- Then say that the call is recorded, and state the purpose."
            : "- Then state the purpose, and say nothing about recording: this call has none.");
        prompt.AppendLine("- Everything you write is spoken on the phone: one to three short sentences, no lists, no markdown, no emoji.");
        prompt.AppendLine($"- Never invent a time: call {SchedulingToolbox.GetAvailableSlots} and offer two or three of the slots it returns, read as weekday and time.");
        prompt.AppendLine($"- Before {SchedulingToolbox.BookMeeting}, read the email address back and get a yes; if there is none, ask the caller to spell it.");
        prompt.AppendLine($"- If the caller wants a call later, call {SchedulingToolbox.ScheduleCallback} (with the time they named, if any).");
        prompt.AppendLine($"- If the caller asks not to be called again or to be removed, call {SchedulingToolbox.OptOut}.");
        prompt.AppendLine("- A voicemail greeting or \"leave a message after the tone\": leave a one-sentence message and end with outcome voicemail.");
        prompt.AppendLine("- Wrong person or number: apologise and end with outcome wrong-number. Not interested: thank them and end with not-interested.");
        prompt.AppendLine($"- To finish the call always call {SchedulingToolbox.EndCall} with the outcome and the closing line; do not write the goodbye as a reply.");
        prompt.AppendLine("Known so far:");
        prompt.AppendLine(CultureInfo.InvariantCulture, $"- Email on file: {state.Email ?? "none, ask for it before booking"}.");
        if (state.OfferedSlots.Count > 0)
        {
            prompt.AppendLine(CultureInfo.InvariantCulture,
                $"- Slots offered and held in this call: {string.Join(", ", state.OfferedSlots.Select(s => toolbox.FormatLocal(s.StartUtc)))}.");
        }

        if (state.MeetingId is not null && state.ChosenSlot is { } chosen)
        {
            prompt.AppendLine(CultureInfo.InvariantCulture, $"- A meeting is booked for {toolbox.FormatLocal(chosen.StartUtc)}.");
        }

        if (state.CallbackAtUtc is { } callback)
        {
            prompt.AppendLine(CultureInfo.InvariantCulture, $"- A callback is scheduled for {toolbox.FormatLocal(callback)}.");
        }

        if (state.Outcome == CallOutcome.OptedOut)
        {
            prompt.AppendLine("- The caller has been put on the do-not-call list.");
        }

        return prompt.ToString();
    }
}

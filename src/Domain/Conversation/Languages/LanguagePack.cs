using System.Globalization;

namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>
/// One supported language: what the agent says (the phrasing methods) and what callers say (<see cref="Lexicon"/>).
/// Adding a language is adding one subclass and listing it in <see cref="LanguagePacks"/>; adding a phrase is editing
/// the one method or lexicon entry of each language. Every phrasing method returns a whole sentence ready to speak.
/// </summary>
public abstract class LanguagePack
{
    private readonly Lazy<CompiledLexicon> compiled;

    protected LanguagePack() => compiled = new Lazy<CompiledLexicon>(() => new CompiledLexicon(Lexicon));

    /// <summary>The BCP-47 tag spoken with (voice and recogniser), e.g. "he-IL".</summary>
    public abstract string Tag { get; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Tag);

    /// <summary>Regions with voices and recognisers for this language: a lead tagged "fr-CA" is spoken to as
    /// "fr-CA", one tagged "he-US" (a Hebrew speaker with a US number) as <see cref="Tag"/>.</summary>
    public abstract IReadOnlyList<string> VoiceRegions { get; }

    /// <summary>The tag to speak to a lead whose language is <paramref name="leadLanguage"/> with this pack.</summary>
    public string SpeakingTag(string? leadLanguage)
    {
        var parts = leadLanguage?.Split('-', '_') ?? [];
        return parts.Length == 2
            && string.Equals(parts[0], Tag.Split('-')[0], StringComparison.OrdinalIgnoreCase)
            && VoiceRegions.Contains(parts[1].ToUpperInvariant())
            ? $"{parts[0].ToLowerInvariant()}-{parts[1].ToUpperInvariant()}"
            : Tag;
    }

    public abstract Lexicon Lexicon { get; }

    internal CompiledLexicon Compiled => compiled.Value;

    /// <summary>Every intent whose phrases occur in <paramref name="text"/>; the dialogue takes them in
    /// <see cref="Intent"/> order, so an opt-out outranks a "yes" in the same breath.</summary>
    public IReadOnlySet<Intent> IntentsIn(string text)
    {
        var normalized = SpokenText.Normalize(text);
        return Compiled.Intents.Where(p => p.Value.IsMatch(normalized)).Select(p => p.Key).ToHashSet();
    }

    // The opening and the answers to questions about the call.
    public abstract string Opening(CallContext context);

    public abstract string PitchQuestion(CallContext context);

    /// <summary>Why we call: the campaign's purpose in this language's frame, then its pitch sentences if any.</summary>
    public string Purpose(CallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.PitchIn(Tag);
        return text.Pitch is { } pitch ? $"{PurposeSentence(text.Purpose)} {pitch}" : PurposeSentence(text.Purpose);
    }

    /// <summary>The sentence frame around a purpose, which is a noun phrase (see <see cref="PitchText"/>), e.g.
    /// "I'm calling about {purpose}.". The frame must read well with any noun phrase: no preposition that contracts
    /// with an article or asks for a case.</summary>
    protected abstract string PurposeSentence(string purpose);

    /// <summary>The purpose said when the campaign has none in this language (and the product's default campaign).</summary>
    public abstract PitchText DefaultPitch { get; }

    /// <summary>The purpose alone in its frame (the voicemail message has no room for the pitch).</summary>
    protected string PurposeOnly(CallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PurposeSentence(context.PitchIn(Tag).Purpose);
    }

    public abstract string Identity(CallContext context);

    public abstract string NumberSource(CallContext context);

    // Scheduling.
    public abstract string OfferSlots(IReadOnlyList<string> slots);

    public abstract string ProposedTimeTaken(string proposed, IReadOnlyList<string> alternatives);

    public abstract string SlotTaken(IReadOnlyList<string> alternatives);

    public abstract string NoSlots();

    public abstract string WhichSlot(IReadOnlyList<string> slots);

    /// <summary>
    /// The caller picked an offer that does not exist ("the second one" when one slot was offered): name what there is,
    /// and leave the door open to another day rather than ending the call.
    /// </summary>
    public abstract string OnlyHave(IReadOnlyList<string> slots);

    public abstract string AskOtherTime();

    // The invitation address. Nothing is booked yet when these are said: they say the time is free, never that it is
    // booked or noted.
    public abstract string ConfirmEmail(string slot, string spokenEmail);

    public abstract string AskEmail(string slot);

    public abstract string AskEmailAgain();

    public abstract string ReadBackEmail(string spokenEmail);

    /// <summary>Said only once the booking tool answered that the meeting is on the calendar.</summary>
    public abstract string Booked(string slot, string spokenEmail);

    // Endings and repairs.
    public abstract string AskCallbackTime();

    public abstract string CallbackScheduled(string? when);

    public abstract string NotInterested();

    public abstract string OptedOut();

    public abstract string WrongNumber();

    public abstract string Hostile();

    public abstract string NotHeard();

    public abstract string GiveUp();

    public abstract string Voicemail(CallContext context);

    public abstract string SwitchedLanguage();

    // Formatting.

    /// <summary>A meeting time in the lead's local time, e.g. "Tuesday, March 3 at 10:00 AM".</summary>
    public abstract string FormatSlot(DateTime local);

    /// <summary>A time of day alone, as it follows a full slot of the same day in a list ("10:00 AM").</summary>
    public abstract string FormatTime(DateTime local);

    /// <summary>Slots for a list: the day is said once, later slots of the same day only by their time.</summary>
    public IReadOnlyList<string> FormatSlots(IReadOnlyList<DateTime> locals)
    {
        ArgumentNullException.ThrowIfNull(locals);
        return locals.Select((local, i) => i > 0 && locals[i - 1].Date == local.Date ? FormatTime(local) : FormatSlot(local)).ToArray();
    }

    /// <summary>A callback time as it follows "I'll call you back", e.g. "on Tuesday, March 3 at 3:00 PM".</summary>
    public abstract string FormatCallback(DateTime local);

    /// <summary>The e-mail address read aloud ("dana at example dot com").</summary>
    public string SpeakEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return email;
        }

        var local = email[..at].Replace(".", $" {DotWord} ", StringComparison.Ordinal);
        var domain = email[(at + 1)..].Replace(".", $" {DotWord} ", StringComparison.Ordinal);
        return $"{local} {AtWord} {domain}";
    }

    protected abstract string AtWord { get; }

    protected abstract string DotWord { get; }

    /// <summary>The word joining the last item of a list ("or").</summary>
    protected abstract string Or { get; }

    protected string Alternatives(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count switch
        {
            0 => "",
            1 => items[0],
            _ => $"{string.Join(", ", items.Take(items.Count - 1))} {Or} {items[^1]}",
        };
    }

    protected string Format(DateTime local, string pattern) => local.ToString(pattern, Culture);

    public override string ToString() => Tag;
}

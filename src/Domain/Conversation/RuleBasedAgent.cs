using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// The deterministic, embedded brain: intent rules, a dialogue policy keyed by <see cref="DialogueStage"/> and phrasing
/// per language (<see cref="LanguagePack"/>). It never reads a clock (time is <see cref="ConversationState.NowUtc"/>)
/// and does I/O only through <see cref="IConversationTools"/>. It appends the caller's words (speech only) and its own
/// reply to <see cref="ConversationState.Turns"/>.
/// </summary>
/// <remarks>
/// Outcomes when the caller cannot be heard: after <see cref="MaxReprompts"/> re-prompts the call ends as
/// <see cref="CallOutcome.Failed"/> if the caller never said anything intelligible (nobody there, or a broken line),
/// and as <see cref="CallOutcome.CallbackRequested"/> (no time) if they had already engaged, because a conversation
/// cut short by a bad line deserves another try.
/// </remarks>
public sealed class RuleBasedAgent : IConversationAgent
{
    public const int MaxReprompts = 2;
    public const int SlotsToOffer = 3;

    public ValueTask<AgentTurn> StartAsync(ConversationState state, IConversationTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var pack = LanguagePacks.For(state.Language);
        return ValueTask.FromResult(Say(state, pack, pack.Opening(state.Context), DialogueStage.Pitch));
    }

    public async ValueTask<AgentTurn> RespondAsync(ConversationState state, CallerInput input, IConversationTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(tools);
        var pack = LanguagePacks.For(state.Language);
        if (state.Stage == DialogueStage.Ended)
        {
            return new AgentTurn(state, "", SpokenTag(state, pack), true, state.Outcome);
        }

        if (input is not CallerInput.Speech { Text: { } text } || string.IsNullOrWhiteSpace(text))
        {
            // Silence after "shall I send the invitation to ...?" is no objection: the time was agreed, so it is
            // booked with the address read back rather than asked about again.
            return input is CallerInput.Silence && state.Stage == DialogueStage.ConfirmingEmail
                && state.ChosenSlot is { } agreed && SpokenEmail.IsValid(state.Email)
                ? await BookAsync(state, agreed, state.Email!, pack, tools, cancellationToken)
                : await RepromptAsync(state, pack, tools, cancellationToken);
        }

        var firstWords = !state.Turns.Any(t => t.Speaker == ConversationTurn.Lead);
        if (firstWords && VoicemailDetector.IsVoicemail(text, pack))
        {
            state = Heard(state, text, pack);
            var leadPack = LanguagePacks.For(state.Context.Language);
            return Say(state, leadPack, leadPack.Voicemail(state.Context), DialogueStage.Ended, CallOutcome.Voicemail);
        }

        var spoken = LanguageDetector.Detect(text, pack);
        var switched = spoken != pack;
        pack = spoken;
        state = Heard(state with { Language = SpokenTag(state, pack) }, text, pack);
        var reading = Read(text, pack, state);
        var turn = await DecideAsync(state, reading, pack, tools, cancellationToken);
        if (turn is null)
        {
            // Nothing understood. Right after a language switch that is expected (the caller said "I only speak
            // French"), so the question is asked again in the new language without counting a re-prompt.
            return switched
                ? Say(state, pack, $"{pack.SwitchedLanguage()} {Reintroduce(state, pack)}", state.Stage)
                : await RepromptAsync(state, pack, tools, cancellationToken);
        }

        return switched ? Prefix(turn, pack.SwitchedLanguage()) : turn;
    }

    private async ValueTask<AgentTurn?> DecideAsync(ConversationState state, Reading reading, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        // Email first where an address is expected: "dana at example dot com" must not read as "at ..." a time.
        if (state.Stage is DialogueStage.CapturingEmail or DialogueStage.ConfirmingEmail && reading.Email is { } email)
        {
            return Say(state with { Email = email }, pack, pack.ReadBackEmail(pack.SpeakEmail(email)), DialogueStage.ConfirmingEmail);
        }

        if (reading.Has(Intent.OptOut))
        {
            await tools.OptOutAsync(cancellationToken);
            return Say(state, pack, pack.OptedOut(), DialogueStage.Ended, CallOutcome.OptedOut);
        }

        if (reading.Has(Intent.Hostile))
        {
            return Say(state, pack, pack.Hostile(), DialogueStage.Ended, CallOutcome.NotInterested);
        }

        if (reading.Has(Intent.WrongNumber))
        {
            return Say(state, pack, pack.WrongNumber(), DialogueStage.Ended, CallOutcome.WrongNumber);
        }

        // The caller takes leave once a free time is agreed ("great, thanks, bye"): confirming the address is optional,
        // so the meeting is booked with the address on file rather than lost.
        if (state.Stage is DialogueStage.ConfirmingEmail or DialogueStage.CapturingEmail
            && reading.Has(Intent.Goodbye) && !reading.Has(Intent.Deny) && !reading.Has(Intent.NotInterested)
            && state.ChosenSlot is { } agreed && AddressOnFile(state) is { } onFile)
        {
            return await BookAsync(state, agreed, onFile, pack, tools, cancellationToken);
        }

        // "The later one" after a list of times, before "later" can be read as "call me later".
        if (state.Stage == DialogueStage.OfferingSlots && state.OfferedSlots.Count > 0
            && (reading.Has(Intent.PickLater) || reading.Has(Intent.PickEarlier)) && reading.Time is not { NamesClockTime: true })
        {
            var offers = state.OfferedSlots;
            return await ChooseOfferAsync(state, reading.Has(Intent.PickLater) ? offers[^1] : offers[0], pack, tools, cancellationToken);
        }

        if (reading.Has(Intent.Repeat) && !reading.Corrects)
        {
            var last = state.Turns.LastOrDefault(t => t.Speaker == ConversationTurn.Agent)?.Text ?? pack.Opening(state.Context);
            return Say(state, pack, last, state.Stage);
        }

        if (state.Stage == DialogueStage.AskingCallbackTime)
        {
            return await CallBackAsync(state, reading, pack, tools, askWhenMissing: false, cancellationToken);
        }

        if (reading.Has(Intent.CallLater))
        {
            return await CallBackAsync(state, reading, pack, tools, askWhenMissing: true, cancellationToken);
        }

        if (reading.Has(Intent.AskNumberSource))
        {
            return Say(state, pack, $"{pack.NumberSource(state.Context)} {StageQuestion(state, pack)}", state.Stage);
        }

        if (reading.Has(Intent.AskIdentity))
        {
            return Say(state, pack, $"{pack.Identity(state.Context)} {StageQuestion(state, pack)}", state.Stage);
        }

        if (reading.Has(Intent.AskPurpose))
        {
            return Say(state, pack, $"{pack.Purpose(state.Context)} {StageQuestion(state, pack)}", state.Stage);
        }

        if (reading.Has(Intent.NotInterested))
        {
            return Say(state, pack, pack.NotInterested(), DialogueStage.Ended, CallOutcome.NotInterested);
        }

        // Taking leave before any time is agreed ("OK, thanks, bye") is a polite no, even with an "OK" in it.
        if (reading.Has(Intent.Goodbye) && state.Stage is DialogueStage.Pitch or DialogueStage.OfferingSlots
            && reading.Time is null && !reading.Has(Intent.WantsToSchedule))
        {
            return Say(state, pack, pack.NotInterested(), DialogueStage.Ended, CallOutcome.NotInterested);
        }

        return state.Stage switch
        {
            DialogueStage.Opening or DialogueStage.Pitch or DialogueStage.Conversing =>
                await PitchAsync(state, reading, pack, tools, cancellationToken),
            DialogueStage.OfferingSlots => await ChooseAsync(state, reading, pack, tools, cancellationToken),
            DialogueStage.ConfirmingEmail => await ConfirmEmailAsync(state, reading, pack, tools, cancellationToken),
            DialogueStage.CapturingEmail => reading.Time is { } mention && (mention.NamesTime || mention.Ordinal is not null)
                ? await ChooseAsync(state, reading, pack, tools, cancellationToken)
                : null,
            _ => null,
        };
    }

    private async ValueTask<AgentTurn?> PitchAsync(ConversationState state, Reading reading, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        if (reading.Has(Intent.Deny) && !reading.Corrects)
        {
            return Say(state, pack, pack.NotInterested(), DialogueStage.Ended, CallOutcome.NotInterested);
        }

        if (reading.Time is { NamesTime: true } mention)
        {
            return await ProposeAsync(state, mention, pack, tools, cancellationToken);
        }

        if (reading.Has(Intent.Affirm) || reading.Has(Intent.WantsToSchedule))
        {
            var slots = await tools.GetAvailableSlotsAsync(new SlotQuery(null, state.NowUtc, SlotsToOffer), cancellationToken);
            return await OfferAsync(state, slots, pack, tools, pack.OfferSlots, cancellationToken);
        }

        return null;
    }

    private async ValueTask<AgentTurn?> ChooseAsync(ConversationState state, Reading reading, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        var offers = state.OfferedSlots;
        if (reading.Time is { } mention)
        {
            if (mention.Ordinal is { } ordinal && !mention.NamesClockTime && offers.Count > 0)
            {
                var index = ordinal < 0 ? offers.Count - 1 : ordinal - 1;
                // "The second one" when fewer were offered (a scarce calendar offers one) is still a yes to meeting:
                // say what there is and offer another day, never treat it as a refusal.
                return index < offers.Count
                    ? await ChooseOfferAsync(state, offers[index], pack, tools, cancellationToken)
                    : Say(state, pack, pack.OnlyHave(Format(offers, state, pack)), DialogueStage.OfferingSlots);
            }

            if (mention.NamesTime)
            {
                return Match(mention, offers, state) is { } offered
                    ? await ChooseOfferAsync(state, offered, pack, tools, cancellationToken)
                    : await ProposeAsync(state, mention, pack, tools, cancellationToken);
            }
        }

        if (state.Stage == DialogueStage.OfferingSlots)
        {
            if (reading.Has(Intent.Deny))
            {
                return Say(state, pack, pack.AskOtherTime(), DialogueStage.OfferingSlots);
            }

            // A plain "yes" / "OK" / "sure" to a list takes its first time (the only one, or the nearest to what was
            // asked); the read-back that follows lets the caller correct it. Asking "which one?" again would loop.
            if (reading.Has(Intent.Affirm) || reading.Has(Intent.WantsToSchedule))
            {
                return offers.Count > 0
                    ? await ChooseOfferAsync(state, offers[0], pack, tools, cancellationToken)
                    : Say(state, pack, pack.AskOtherTime(), DialogueStage.OfferingSlots);
            }
        }

        return null;
    }

    private async ValueTask<AgentTurn?> ConfirmEmailAsync(ConversationState state, Reading reading, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        if (reading.Time is { } mention && (mention.NamesTime || mention.Ordinal is not null))
        {
            // The caller changed their mind about the time.
            return await ChooseAsync(state with { ChosenSlot = null }, reading, pack, tools, cancellationToken);
        }

        if (reading.Has(Intent.Deny))
        {
            return Say(state with { Email = null }, pack, pack.AskEmailAgain(), DialogueStage.CapturingEmail);
        }

        // Confirming the address is optional: anything but a "no", another address or another time (a "yes", a
        // "thanks", words not understood) books the agreed time with the address read back.
        if (state.ChosenSlot is { } slot && SpokenEmail.IsValid(state.Email))
        {
            return await BookAsync(state, slot, state.Email!, pack, tools, cancellationToken);
        }

        return null;
    }

    private async ValueTask<AgentTurn> BookAsync(ConversationState state, SlotOffer slot, string email, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        var result = await tools.BookMeetingAsync(slot, email, cancellationToken);
        switch (result)
        {
            case BookingResult.Booked booked:
                var booking = state with { MeetingId = booked.MeetingId, ChosenSlot = booked.Slot };
                return Say(booking, pack, pack.Booked(FormatSlot(booked.Slot, state, pack), pack.SpeakEmail(email)),
                    DialogueStage.Ended, CallOutcome.Booked);
            case BookingResult.SlotTaken taken:
                var alternatives = taken.Alternatives.Count > 0
                    ? taken.Alternatives
                    : await tools.GetAvailableSlotsAsync(new SlotQuery(slot.StartUtc, state.NowUtc, SlotsToOffer), cancellationToken);
                return await OfferAsync(state with { ChosenSlot = null }, alternatives, pack, tools, pack.SlotTaken, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown booking result {result.GetType().Name}.");
        }
    }

    /// <summary>The caller named a time that is not among the offers: book it when free, else offer the nearest.</summary>
    private async ValueTask<AgentTurn> ProposeAsync(ConversationState state, TimeMention mention, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        var zone = Zone(state);
        var preferred = mention.ToUtc(state.NowUtc, zone);
        if (preferred is null)
        {
            return Say(state, pack, pack.AskOtherTime(), state.Stage == DialogueStage.Pitch ? DialogueStage.OfferingSlots : state.Stage);
        }

        var notBefore = mention.NamesClockTime || preferred < state.NowUtc ? state.NowUtc : preferred.Value;
        var slots = await tools.GetAvailableSlotsAsync(new SlotQuery(preferred, notBefore, SlotsToOffer), cancellationToken);
        if (mention.NamesClockTime && slots.FirstOrDefault(s => s.StartUtc == preferred) is { } exact)
        {
            return Choose(state with { OfferedSlots = [exact] }, exact, pack);
        }

        // "Friday at 4" said on a Friday when today's 4:00 cannot be booked (too soon, or taken) means next Friday's.
        if (mention is { NamesClockTime: true, TodayByWeekday: true, Date: { } today, Time: { } time })
        {
            var nextWeek = TimeMention.LocalToUtc(today.AddDays(7).ToDateTime(time), zone);
            var then = await tools.GetAvailableSlotsAsync(new SlotQuery(nextWeek, state.NowUtc, SlotsToOffer), cancellationToken);
            if (then.FirstOrDefault(s => s.StartUtc == nextWeek) is { } sameDayNextWeek)
            {
                return Choose(state with { OfferedSlots = [sameDayNextWeek] }, sameDayNextWeek, pack);
            }
        }

        if (mention.NamesClockTime && preferred > state.NowUtc)
        {
            var proposed = pack.FormatSlot(TimeZoneInfo.ConvertTime(preferred.Value, zone).DateTime);
            return await OfferAsync(state, slots, pack, tools, alternatives => pack.ProposedTimeTaken(proposed, alternatives), cancellationToken);
        }

        return await OfferAsync(state, slots, pack, tools, pack.OfferSlots, cancellationToken);
    }

    private static async ValueTask<AgentTurn> OfferAsync(ConversationState state, IReadOnlyList<SlotOffer> slots, LanguagePack pack, IConversationTools tools, Func<IReadOnlyList<string>, string> phrase, CancellationToken cancellationToken)
    {
        var offers = slots.Take(SlotsToOffer).ToArray();
        if (offers.Length == 0)
        {
            await tools.ScheduleCallbackAsync(null, cancellationToken);
            return Say(state, pack, pack.NoSlots(), DialogueStage.Ended, CallOutcome.CallbackRequested);
        }

        var offered = state with { OfferedSlots = offers, ChosenSlot = null };
        return Say(offered, pack, phrase(Format(offers, state, pack)), DialogueStage.OfferingSlots);
    }

    /// <summary>The address to invite when the caller does not confirm one: the one read back, else the lead's on file.</summary>
    private static string? AddressOnFile(ConversationState state) =>
        SpokenEmail.IsValid(state.Email) ? state.Email
        : SpokenEmail.IsValid(state.Context.LeadEmail) ? state.Context.LeadEmail
        : null;

    /// <summary>
    /// The caller picked one of the offered times. An offer only keeps other calls from offering it while the lead
    /// thinks, and gives way to a caller who names that time; before telling the lead "that time is free", it is held
    /// as chosen (as a named time is), so another call cannot take it while the address is confirmed. When another
    /// call took it meanwhile, the lead hears so with fresh alternatives.
    /// </summary>
    private static async ValueTask<AgentTurn> ChooseOfferAsync(ConversationState state, SlotOffer slot, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        var slots = await tools.GetAvailableSlotsAsync(new SlotQuery(slot.StartUtc, state.NowUtc, SlotsToOffer), cancellationToken);
        return slots.FirstOrDefault(s => s.StartUtc == slot.StartUtc) is { } held
            ? Choose(state, held, pack)
            : await OfferAsync(state, slots.Where(s => s.StartUtc != slot.StartUtc).ToList(), pack, tools, pack.SlotTaken, cancellationToken);
    }

    private static AgentTurn Choose(ConversationState state, SlotOffer slot, LanguagePack pack)
    {
        var chosen = state with { ChosenSlot = slot };
        var when = FormatSlot(slot, state, pack);
        return SpokenEmail.IsValid(state.Email)
            ? Say(chosen, pack, pack.ConfirmEmail(when, pack.SpeakEmail(state.Email!)), DialogueStage.ConfirmingEmail)
            : Say(chosen with { Email = null }, pack, pack.AskEmail(when), DialogueStage.CapturingEmail);
    }

    private static async ValueTask<AgentTurn> CallBackAsync(ConversationState state, Reading reading, LanguagePack pack, IConversationTools tools, bool askWhenMissing, CancellationToken cancellationToken)
    {
        var zone = Zone(state);
        var at = reading.Time?.ToUtc(state.NowUtc, zone);
        if (at is not null && at <= state.NowUtc)
        {
            at = null;
        }

        if (at is null && askWhenMissing)
        {
            return Say(state, pack, pack.AskCallbackTime(), DialogueStage.AskingCallbackTime);
        }

        await tools.ScheduleCallbackAsync(at, cancellationToken);
        var when = at is { } moment ? pack.FormatCallback(TimeZoneInfo.ConvertTime(moment, zone).DateTime) : null;
        return Say(state with { CallbackAtUtc = at }, pack, pack.CallbackScheduled(when), DialogueStage.Ended, CallOutcome.CallbackRequested);
    }

    private static async ValueTask<AgentTurn> RepromptAsync(ConversationState state, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        if (state.Reprompts < MaxReprompts)
        {
            return Say(state with { Reprompts = state.Reprompts + 1 }, pack, $"{pack.NotHeard()} {StageQuestion(state, pack)}", state.Stage, keepReprompts: true);
        }

        var engaged = state.Turns.Any(t => t.Speaker == ConversationTurn.Lead);
        if (!engaged)
        {
            return Say(state, pack, pack.GiveUp(), DialogueStage.Ended, CallOutcome.Failed, keepReprompts: true);
        }

        await tools.ScheduleCallbackAsync(null, cancellationToken);
        return Say(state, pack, pack.GiveUp(), DialogueStage.Ended, CallOutcome.CallbackRequested, keepReprompts: true);
    }

    /// <summary>Puts <paramref name="prefix"/> before the reply, in what is said and in the transcript alike.</summary>
    private static AgentTurn Prefix(AgentTurn turn, string prefix)
    {
        var said = $"{prefix} {turn.Say}";
        var turns = turn.State.Turns.ToList();
        turns[^1] = turns[^1] with { Text = said };
        return turn with { Say = said, State = turn.State with { Turns = turns } };
    }

    /// <summary>The question the current stage waits on, asked again after a repair.</summary>
    private static string StageQuestion(ConversationState state, LanguagePack pack) => state.Stage switch
    {
        DialogueStage.OfferingSlots when state.OfferedSlots.Count > 0 => pack.WhichSlot(Format(state.OfferedSlots, state, pack)),
        DialogueStage.OfferingSlots => pack.AskOtherTime(),
        DialogueStage.ConfirmingEmail when state.Email is { } email => pack.ReadBackEmail(pack.SpeakEmail(email)),
        DialogueStage.ConfirmingEmail or DialogueStage.CapturingEmail => pack.AskEmailAgain(),
        DialogueStage.AskingCallbackTime => pack.AskCallbackTime(),
        _ => pack.PitchQuestion(state.Context),
    };

    private static string Reintroduce(ConversationState state, LanguagePack pack) => state.Stage is DialogueStage.Pitch or DialogueStage.Opening
        ? $"{pack.Identity(state.Context)} {pack.Purpose(state.Context)} {pack.PitchQuestion(state.Context)}"
        : StageQuestion(state, pack);

    private static SlotOffer? Match(TimeMention mention, IReadOnlyList<SlotOffer> offers, ConversationState state)
    {
        if (mention.ExactUtc is { } exact)
        {
            return offers.FirstOrDefault(o => o.StartUtc == exact);
        }

        if (mention.WeekOnly)
        {
            return null;
        }

        var zone = Zone(state);
        return offers.FirstOrDefault(offer =>
        {
            var local = TimeZoneInfo.ConvertTime(offer.StartUtc, zone).DateTime;
            return (mention.Date is not { } date || DateOnly.FromDateTime(local) == date)
                && (mention.Time is not { } time || TimeOnly.FromDateTime(local) == time)
                && (mention.Time is not null || mention.Part is not { } part || PartOf(local) == part);
        });
    }

    private static DayPart PartOf(DateTime local) => local.Hour switch
    {
        < 12 => DayPart.Morning,
        < 17 => DayPart.Afternoon,
        _ => DayPart.Evening,
    };

    private static Reading Read(string text, LanguagePack pack, ConversationState state)
    {
        var intents = pack.IntentsIn(text);
        var time = TimeExpressionParser.Parse(text, pack, state.NowUtc, Zone(state));
        return new Reading(intents, time, SpokenEmail.Find(text, pack));
    }

    private static ConversationState Heard(ConversationState state, string text, LanguagePack pack) =>
        state with { Turns = [.. state.Turns, new ConversationTurn(ConversationTurn.Lead, text.Trim(), SpokenTag(state, pack), state.NowUtc)] };

    private static AgentTurn Say(ConversationState state, LanguagePack pack, string text, DialogueStage stage, CallOutcome? outcome = null, bool keepReprompts = false)
    {
        var tag = SpokenTag(state, pack);
        // A committed meeting stays the call's outcome whatever is said after it (only an opt-out overrides it).
        if (state.MeetingId is not null && outcome is not null && outcome != CallOutcome.OptedOut)
        {
            outcome = CallOutcome.Booked;
        }

        var next = state with
        {
            Stage = outcome is null ? stage : DialogueStage.Ended,
            Language = tag,
            Outcome = outcome ?? state.Outcome,
            Reprompts = keepReprompts ? state.Reprompts : 0,
            Turns = [.. state.Turns, new ConversationTurn(ConversationTurn.Agent, text, tag, state.NowUtc)],
        };
        return new AgentTurn(next, text, tag, outcome is not null, outcome);
    }

    /// <summary>The lead's own tag when the pack has a voice for it ("fr-CA" stays "fr-CA"), else the pack's.</summary>
    private static string SpokenTag(ConversationState state, LanguagePack pack) => pack.SpeakingTag(state.Context.Language);

    private static IReadOnlyList<string> Format(IReadOnlyList<SlotOffer> slots, ConversationState state, LanguagePack pack) =>
        pack.FormatSlots(slots.Select(s => TimeZoneInfo.ConvertTime(s.StartUtc, Zone(state)).DateTime).ToArray());

    private static string FormatSlot(SlotOffer slot, ConversationState state, LanguagePack pack) =>
        pack.FormatSlot(TimeZoneInfo.ConvertTime(slot.StartUtc, Zone(state)).DateTime);

    private static TimeZoneInfo Zone(ConversationState state) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(state.Context.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private sealed record Reading(IReadOnlySet<Intent> Intents, TimeMention? Time, string? Email)
    {
        public bool Has(Intent intent) => Intents.Contains(intent);

        /// <summary>The caller corrected a time ("lundi, non pardon, mardi"): the "non" and "pardon" belong to it.</summary>
        public bool Corrects => Time is { Corrected: true };
    }
}

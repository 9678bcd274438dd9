using System.Globalization;
using System.Net.Mail;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Conversation;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// The tools the model may call during one turn, and the code that checks every argument before anything happens.
/// The model only ever sees and names times in the lead's local zone (<c>yyyy-MM-ddTHH:mm</c>); slots must be ones
/// this call was actually offered, emails must parse, callbacks must be in the future. Whatever fails a check goes back
/// to the model as an error result so it can correct itself; nothing it says is trusted blindly.
/// </summary>
internal sealed class SchedulingToolbox
{
    public const string GetAvailableSlots = "get_available_slots";
    public const string BookMeeting = "book_meeting";
    public const string ScheduleCallback = "schedule_callback";
    public const string OptOut = "opt_out";
    public const string EndCall = "end_call";

    internal const string LocalTimeFormat = "yyyy-MM-dd'T'HH:mm";
    private const int MaxOfferedSlotsRemembered = 12;
    private const int MaxClosingLineLength = 600;
    private static readonly TimeSpan LongestCallbackHorizon = TimeSpan.FromDays(120);

    // Telephony decides no-answer, busy and failed; the model may only end a conversation it actually had.
    private static readonly CallOutcome[] OutcomesTheModelMayChoose =
    [
        CallOutcome.Booked, CallOutcome.NotInterested, CallOutcome.CallbackRequested, CallOutcome.OptedOut,
        CallOutcome.Voicemail, CallOutcome.WrongNumber,
    ];

    // Tool results are read by the model, never embedded in HTML: keep quotes and non-Latin text (Hebrew) unescaped.
    private static readonly JsonSerializerOptions ResultJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IConversationTools tools;
    private readonly TimeZoneInfo zone;

    public SchedulingToolbox(ConversationState state, IConversationTools tools)
    {
        this.tools = tools;
        State = state;
        zone = TimeZoneInfo.FindSystemTimeZoneById(state.Context.TimeZone);
    }

    /// <summary>The conversation state as changed by the tools run so far in this turn.</summary>
    public ConversationState State { get; private set; }

    /// <summary>Set once <c>end_call</c> was accepted.</summary>
    public (CallOutcome Outcome, string ClosingLine)? Ending { get; private set; }

    public static IReadOnlyList<ChatTool> Definitions { get; } =
    [
        ChatTool.CreateFunctionTool(
            GetAvailableSlots,
            "Find free meeting slots and hold them for this call. Call it before offering any time; offer only the slots it returns.",
            BinaryData.FromString("""
                {"type":"object","additionalProperties":false,
                 "required":["preferred_local_time","not_before_local_time","count"],
                 "properties":{
                   "preferred_local_time":{"type":["string","null"],"description":"A time the caller asked for, yyyy-MM-ddTHH:mm in the caller's time zone, or null."},
                   "not_before_local_time":{"type":["string","null"],"description":"Earliest acceptable start, yyyy-MM-ddTHH:mm in the caller's time zone, or null."},
                   "count":{"type":["integer","null"],"description":"How many slots to return, 1 to 5 (default 3)."}}}
                """),
            functionSchemaIsStrict: true),
        ChatTool.CreateFunctionTool(
            BookMeeting,
            "Book one of the offered slots once the caller chose it and confirmed the email address for the invitation.",
            BinaryData.FromString("""
                {"type":"object","additionalProperties":false,"required":["slot","email"],
                 "properties":{
                   "slot":{"type":"string","description":"The chosen slot exactly as returned by get_available_slots (yyyy-MM-ddTHH:mm, caller's time zone)."},
                   "email":{"type":"string","description":"The confirmed email address for the invitation, e.g. dana@example.com."}}}
                """),
            functionSchemaIsStrict: true),
        ChatTool.CreateFunctionTool(
            ScheduleCallback,
            "Record that the caller wants to be called again, at the time they named when they named one.",
            BinaryData.FromString("""
                {"type":"object","additionalProperties":false,"required":["local_time"],
                 "properties":{
                   "local_time":{"type":["string","null"],"description":"When to call back, yyyy-MM-ddTHH:mm in the caller's time zone, or null when no time was named."}}}
                """),
            functionSchemaIsStrict: true),
        ChatTool.CreateFunctionTool(
            OptOut,
            "Put the caller on the do-not-call list. Use it when they ask not to be called again or to be removed.",
            BinaryData.FromString("""{"type":"object","additionalProperties":false,"required":[],"properties":{}}"""),
            functionSchemaIsStrict: true),
        ChatTool.CreateFunctionTool(
            EndCall,
            "Say the closing line and hang up. Always end the call with this tool.",
            BinaryData.FromString("""
                {"type":"object","additionalProperties":false,"required":["outcome","closing_line"],
                 "properties":{
                   "outcome":{"type":"string","enum":["booked","not-interested","callback-requested","opted-out","voicemail","wrong-number"]},
                   "closing_line":{"type":"string","description":"The last sentence to say, in the language of the conversation."}}}
                """),
            functionSchemaIsStrict: true),
    ];

    /// <summary>Runs one tool call and answers with the JSON text the model receives as the tool result.</summary>
    public async ValueTask<string> RunAsync(string name, BinaryData arguments, CancellationToken cancellationToken)
    {
        JsonObject args;
        try
        {
            args = JsonNode.Parse(arguments.ToString()) as JsonObject
                ?? throw new ToolArgumentException("arguments must be a JSON object.");
        }
        catch (JsonException ex)
        {
            return Error($"the arguments are not valid JSON ({ex.Message}); send a JSON object matching the tool's schema.");
        }
        catch (ToolArgumentException ex)
        {
            return Error(ex.Message);
        }

        try
        {
            return name switch
            {
                GetAvailableSlots => await GetAvailableSlotsAsync(args, cancellationToken),
                BookMeeting => await BookMeetingAsync(args, cancellationToken),
                ScheduleCallback => await ScheduleCallbackAsync(args, cancellationToken),
                OptOut => await OptOutAsync(cancellationToken),
                EndCall => await EndCallAsync(args, cancellationToken),
                _ => Error($"there is no tool named '{name}'. Available tools: {GetAvailableSlots}, {BookMeeting}, {ScheduleCallback}, {OptOut}, {EndCall}."),
            };
        }
        catch (ToolArgumentException ex)
        {
            return Error(ex.Message);
        }
    }

    /// <summary>A slot as the model sees it: its id (local start) plus readable local times.</summary>
    public JsonObject Describe(SlotOffer slot)
    {
        var start = TimeZoneInfo.ConvertTime(slot.StartUtc, zone);
        var end = TimeZoneInfo.ConvertTime(slot.EndUtc, zone);
        return new JsonObject
        {
            ["slot"] = start.ToString(LocalTimeFormat, CultureInfo.InvariantCulture),
            ["weekday"] = start.DayOfWeek.ToString(),
            ["ends"] = end.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
    }

    public string FormatLocal(DateTimeOffset utc) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString(LocalTimeFormat, CultureInfo.InvariantCulture);

    private async ValueTask<string> GetAvailableSlotsAsync(JsonObject args, CancellationToken cancellationToken)
    {
        var preferred = OptionalLocalTime(args, "preferred_local_time");
        var notBefore = OptionalLocalTime(args, "not_before_local_time");
        var count = OptionalInt(args, "count") ?? 3;
        if (count is < 1 or > 5)
        {
            throw new ToolArgumentException($"count is {count}; ask for 1 to 5 slots.");
        }

        if (preferred is { } p && p <= State.NowUtc)
        {
            throw new ToolArgumentException(
                $"preferred_local_time {FormatLocal(p)} is in the past (it is now {FormatLocal(State.NowUtc)} for the caller).");
        }

        // A lower bound in the past means "from now"; the calendar never offers past slots anyway.
        if (notBefore is { } nb && nb < State.NowUtc)
        {
            notBefore = State.NowUtc;
        }

        var slots = await tools.GetAvailableSlotsAsync(new SlotQuery(preferred, notBefore ?? State.NowUtc, count), cancellationToken);
        Remember(slots);
        var list = new JsonArray();
        foreach (var slot in slots)
        {
            list.Add(Describe(slot));
        }

        return Ok(new JsonObject
        {
            ["slots"] = list,
            ["note"] = slots.Count == 0 ? "No free slot matches; suggest another day or a callback." : "Offer these to the caller; they are held for this call.",
        });
    }

    private async ValueTask<string> BookMeetingAsync(JsonObject args, CancellationToken cancellationToken)
    {
        var slotText = RequiredString(args, "slot");
        var email = RequiredString(args, "email").Trim();
        var startUtc = ParseLocalTime(slotText, "slot");
        var slot = State.OfferedSlots.FirstOrDefault(s => s.StartUtc == startUtc)
            ?? throw new ToolArgumentException(
                $"slot {slotText} was not offered in this call. Bookable slots: {OfferedList()}. Call {GetAvailableSlots} for other times.");
        if (State.MeetingId is not null)
        {
            throw new ToolArgumentException("a meeting is already booked in this call; do not book a second one.");
        }

        if (!IsEmailAddress(email))
        {
            throw new ToolArgumentException($"'{email}' is not a valid email address; ask the caller to spell it (name@domain.tld).");
        }

        var result = await tools.BookMeetingAsync(slot, email, cancellationToken);
        switch (result)
        {
            case BookingResult.Booked booked:
                State = State with
                {
                    MeetingId = booked.MeetingId,
                    Outcome = CallOutcome.Booked,
                    Email = email,
                    ChosenSlot = booked.Slot,
                    Stage = DialogueStage.Conversing,
                };
                return Ok(new JsonObject
                {
                    ["booked"] = Describe(booked.Slot),
                    ["email"] = email,
                    ["note"] = "Confirm the day and time to the caller, say the invitation goes to the email, then end_call with outcome booked.",
                });
            case BookingResult.SlotTaken taken:
                Remember(taken.Alternatives);
                var alternatives = new JsonArray();
                foreach (var alternative in taken.Alternatives)
                {
                    alternatives.Add(Describe(alternative));
                }

                State = State with { Email = email };
                return Error(
                    $"slot {slotText} was just taken by someone else. Apologise and offer these instead.",
                    new JsonObject { ["alternatives"] = alternatives });
            default:
                throw new InvalidOperationException($"Unknown booking result {result.GetType().Name}.");
        }
    }

    private async ValueTask<string> ScheduleCallbackAsync(JsonObject args, CancellationToken cancellationToken)
    {
        var at = OptionalLocalTime(args, "local_time");
        if (at is { } when)
        {
            if (when <= State.NowUtc)
            {
                throw new ToolArgumentException(
                    $"local_time {FormatLocal(when)} is not in the future (it is now {FormatLocal(State.NowUtc)} for the caller).");
            }

            if (when > State.NowUtc + LongestCallbackHorizon)
            {
                throw new ToolArgumentException($"local_time {FormatLocal(when)} is too far ahead; callbacks can be at most {LongestCallbackHorizon.Days} days away.");
            }
        }

        await tools.ScheduleCallbackAsync(at, cancellationToken);
        State = State with { CallbackAtUtc = at, Outcome = State.MeetingId is null ? CallOutcome.CallbackRequested : State.Outcome };
        return Ok(new JsonObject
        {
            ["callback_local_time"] = at is { } t ? FormatLocal(t) : null,
            ["note"] = "Tell the caller when you will call back, then end_call with outcome callback-requested.",
        });
    }

    private async ValueTask<string> OptOutAsync(CancellationToken cancellationToken)
    {
        if (State.Outcome != CallOutcome.OptedOut)
        {
            await tools.OptOutAsync(cancellationToken);
            State = State with { Outcome = CallOutcome.OptedOut };
        }

        return Ok(new JsonObject { ["note"] = "The caller will not be called again. Apologise briefly and end_call with outcome opted-out." });
    }

    private async ValueTask<string> EndCallAsync(JsonObject args, CancellationToken cancellationToken)
    {
        var outcomeText = RequiredString(args, "outcome");
        var closingLine = RequiredString(args, "closing_line").Trim();
        if (!CallOutcomeWire.TryParse(outcomeText, out var parsed) || !OutcomesTheModelMayChoose.Contains(parsed.Value))
        {
            throw new ToolArgumentException(
                $"outcome '{outcomeText}' is not allowed; use one of: {string.Join(", ", OutcomesTheModelMayChoose.Select(o => o.ToWireName()))}.");
        }

        var outcome = parsed.Value;
        if (closingLine.Length == 0 || closingLine.Length > MaxClosingLineLength)
        {
            throw new ToolArgumentException($"closing_line must be one or two spoken sentences (1 to {MaxClosingLineLength} characters).");
        }

        if (outcome == CallOutcome.Booked && State.MeetingId is null)
        {
            throw new ToolArgumentException($"nothing is booked yet; call {BookMeeting} first or choose another outcome.");
        }

        if (outcome != CallOutcome.Booked && State.MeetingId is not null)
        {
            throw new ToolArgumentException("a meeting was booked in this call; end with outcome booked.");
        }

        // The side effect an outcome implies must have happened even when the model skipped its tool.
        if (outcome == CallOutcome.OptedOut && State.Outcome != CallOutcome.OptedOut)
        {
            await tools.OptOutAsync(cancellationToken);
        }

        if (outcome == CallOutcome.CallbackRequested && State.Outcome != CallOutcome.CallbackRequested)
        {
            await tools.ScheduleCallbackAsync(null, cancellationToken);
        }

        State = State with { Outcome = outcome, Stage = DialogueStage.Ended };
        Ending = (outcome, closingLine);
        return Ok(new JsonObject { ["note"] = "The closing line will be spoken and the call ended." });
    }

    private void Remember(IReadOnlyList<SlotOffer> slots)
    {
        // Earlier offers stay bookable (the caller may go back to one); the oldest are forgotten first.
        var merged = State.OfferedSlots.Where(old => !slots.Contains(old)).Concat(slots).ToList();
        if (merged.Count > MaxOfferedSlotsRemembered)
        {
            merged = merged[^MaxOfferedSlotsRemembered..];
        }

        State = State with { OfferedSlots = merged, Stage = DialogueStage.Conversing };
    }

    private string OfferedList() =>
        State.OfferedSlots.Count == 0 ? "none yet" : string.Join(", ", State.OfferedSlots.Select(s => FormatLocal(s.StartUtc)));

    private DateTimeOffset? OptionalLocalTime(JsonObject args, string property)
    {
        var text = OptionalString(args, property);
        return string.IsNullOrWhiteSpace(text) ? null : ParseLocalTime(text, property);
    }

    /// <summary>Local wall-clock time in the caller's zone to UTC; an explicit offset is honoured as given.</summary>
    private DateTimeOffset ParseLocalTime(string text, string property)
    {
        text = text.Trim();
        string[] localFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];
        if (DateTime.TryParseExact(text, localFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (zone.IsInvalidTime(local))
            {
                throw new ToolArgumentException($"{property} {text} does not exist in {zone.Id} (a daylight-saving gap); pick another time.");
            }

            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
        {
            return withOffset.ToUniversalTime();
        }

        throw new ToolArgumentException($"{property} '{text}' is not a time; use yyyy-MM-ddTHH:mm in the caller's time zone, e.g. 2026-03-03T10:00.");
    }

    private static string RequiredString(JsonObject args, string property) =>
        OptionalString(args, property) is { Length: > 0 } value
            ? value
            : throw new ToolArgumentException($"{property} is required and must be a non-empty string.");

    private static string? OptionalString(JsonObject args, string property)
    {
        if (!args.TryGetPropertyValue(property, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new ToolArgumentException($"{property} must be a string.");
    }

    private static int? OptionalInt(JsonObject args, string property)
    {
        if (!args.TryGetPropertyValue(property, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<int>(out var number)
            ? number
            : throw new ToolArgumentException($"{property} must be an integer.");
    }

    internal static bool IsEmailAddress(string text)
    {
        if (text.Length is < 3 or > 254 || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        // MailAddress also accepts display names and dotless hosts; an invite needs a bare address with a real domain.
        if (!MailAddress.TryCreate(text, out var address) || !string.Equals(address.Address, text, StringComparison.Ordinal))
        {
            return false;
        }

        var host = address.Host;
        var lastDot = host.LastIndexOf('.');
        return lastDot > 0 && lastDot < host.Length - 2 && !host.Contains("..", StringComparison.Ordinal);
    }

    private static string Ok(JsonObject result)
    {
        result["ok"] = true;
        return result.ToJsonString(ResultJson);
    }

    private static string Error(string message, JsonObject? details = null)
    {
        var result = details ?? new JsonObject();
        result["ok"] = false;
        result["error"] = message;
        return result.ToJsonString(ResultJson);
    }

    private sealed class ToolArgumentException(string message) : Exception(message);
}

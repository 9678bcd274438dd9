using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>
/// Every persona of the library called end to end: the app places the call through the ACS client, the emulator rings
/// the persona and posts CloudEvents callbacks (duplicated and re-ordered on purpose), and the call session runs the
/// rule-based agent turn by turn, books on the calendar and settles the outcome.
/// </summary>
[Collection(CallLoad.Name)]
public sealed class PersonaCallTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Every_persona_ends_with_its_expected_outcome_booked_time_transcript_and_language_over_the_emulator(StoreProvider provider)
    {
        await using var host = await PersonaSuite.StartHostAsync(provider, postgres, TestClocks.Default, Ct);
        using var latencies = new TurnLatencyRecorder(host.Get<IMeterFactory>());
        await PersonaSuite.WarmUpTheBrainAsync(host, Ct);
        latencies.Clear();

        var (personas, failures) = await PersonaSuite.RunAsync(host, PersonaFile.LoadAll(), Ct);

        var report = string.Create(CultureInfo.InvariantCulture,
            $"[{provider}] Persona outcome accuracy over the emulator: {personas - failures.Count}/{personas}. {latencies.Describe()}");
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(personas >= 40, $"the library has only {personas} personas");
        Assert.True(failures.Count == 0, report + "\n" + string.Join("\n\n", failures));
        Assert.True(latencies.Count > personas, "turn latency was not recorded on the AiScheduler meter");
    }
}

/// <summary>
/// The persona library at instants where calendars are easy to get wrong: every persona still ends as its file expects,
/// and every meeting lands after the call, on a working day of the lead's own week (Sunday-Thursday in Israel,
/// Monday-Friday elsewhere), between 09:00 and 18:00 on the lead's wall clock, whatever the real date of the run.
/// </summary>
[Collection(CallLoad.Name)]
public sealed class PersonaCallsAtFixedInstantsTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, StoreProvider> Instants =>
        [.. PersonaSuite.NamedInstants.Keys.SelectMany(instant => new[] { (instant, StoreProvider.Sqlite), (instant, StoreProvider.Postgres) })];

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task Every_persona_books_inside_the_leads_own_business_week_and_hours(string instant, StoreProvider provider)
    {
        var startsAt = PersonaSuite.NamedInstants[instant];
        await using var host = await PersonaSuite.StartHostAsync(provider, postgres, startsAt, Ct);

        var (personas, failures) = await PersonaSuite.RunAsync(host, PersonaFile.LoadAll(), Ct);

        var report = string.Create(CultureInfo.InvariantCulture,
            $"[{instant}, {startsAt:yyyy-MM-dd HH:mm zzz}, {provider}] Persona outcome accuracy: {personas - failures.Count}/{personas}");
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(failures.Count == 0, report + "\n" + string.Join("\n\n", failures));
    }
}

/// <summary>The persona library called end to end over the emulator, and what each call must have left behind.</summary>
internal static class PersonaSuite
{
    private static readonly string[] SupportedLanguages = ["en", "he", "fr", "de", "es"];

    /// <summary>Instants the library runs at in <see cref="PersonaCallsAtFixedInstantsTests"/>.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> NamedInstants { get; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal)
    {
        ["Monday morning"] = TestClocks.MondayMorning,
        ["Friday 16:55 in Europe"] = TestClocks.FridayAfternoonInEurope,
        ["Friday 16:55 in New York"] = TestClocks.FridayAfternoonInNewYork,
        ["US daylight saving change"] = TestClocks.UsDaylightSavingChange,
        ["EU daylight saving change"] = TestClocks.EuDaylightSavingChange,
        ["Friday in Israel"] = TestClocks.FridayInIsrael,
    };

    private static string Primary(string languageTag) => languageTag.Split('-', 2)[0];

    /// <summary>The calls host over the persona library, callbacks duplicated and re-ordered, its clock starting at <paramref name="startsAt"/>.</summary>
    public static async Task<CallsTestHost> StartHostAsync(StoreProvider provider, PostgresFixture postgres, DateTimeOffset startsAt,
        CancellationToken cancellationToken) =>
        await CallsTestHost.StartAsync(
            await TestStores.SettingsAsync(provider, postgres, cancellationToken),
            emulator =>
            {
                emulator.Faults.DuplicateCallbacks = true;
                emulator.Faults.ReorderCallbacks = true;
            },
            settings: null, cancellationToken, TestClocks.StartingAt(startsAt));

    /// <summary>Calls every persona, a handful at a time as a campaign with a concurrency cap would; returns what went wrong per persona.</summary>
    public static async Task<(int Personas, List<string> Failures)> RunAsync(CallsTestHost host, IReadOnlyList<PersonaFile> personas,
        CancellationToken cancellationToken)
    {
        var calledFrom = host.Clock.GetUtcNow();
        var results = new ConcurrentBag<(PersonaFile Persona, string? Problem)>();
        await Parallel.ForEachAsync(personas, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (persona, ct) => results.Add((persona, await CheckAsync(host, persona, calledFrom, ct))));
        var failures = results.Where(r => r.Problem is not null).Select(r => $"{r.Persona.Id}: {r.Problem}").Order(StringComparer.Ordinal).ToList();
        return (personas.Count, failures);
    }

    /// <summary>
    /// One exchange per language before measuring, so turn latency reports the steady state rather than the one-off
    /// cost of building each language's phrase tables and patterns.
    /// </summary>
    public static async Task WarmUpTheBrainAsync(CallsTestHost host, CancellationToken cancellationToken)
    {
        var agent = host.Get<IConversationAgent>();
        var tools = new Llm.InMemoryConversationTools([]);
        var now = host.Clock.GetUtcNow();
        foreach (var language in new[] { "en-US", "he-IL", "fr-FR", "de-DE", "es-ES" })
        {
            var context = new CallContext("Warm Up", "warm@example.com", null, "Alex", "Northwind", "our scheduling service",
                language, "Europe/London", now, RecordingEnabled: true);
            var opening = await agent.StartAsync(ConversationState.Begin(context, now), tools, cancellationToken);
            await agent.RespondAsync(opening.State, new CallerInput.Speech("tomorrow at 10, dana at example dot com", 0.9, language), tools, cancellationToken);
        }
    }

    private static async Task<string?> CheckAsync(CallsTestHost host, PersonaFile persona, DateTimeOffset calledFrom, CancellationToken ct)
    {
        var callId = await host.CallAsync(persona.PhoneNumbers[0], ct);
        var session = await host.EndedAsync(callId, TimeSpan.FromSeconds(60), ct);
        var transcript = await host.Get<CallSessionStore>().TranscriptAsync(callId, ct);
        var said = string.Join("\n", transcript.Select(t => $"  {t.Speaker} [{t.Language}]: {t.Text}"));
        var problems = new StringBuilder();

        var meetings = await host.Get<SlotBooking>().ListAsync(Workspaces.DefaultId, ct);
        var meeting = meetings.SingleOrDefault(m => m.CallId == callId);
        // A time another caller booked first (they chose it from their offers a moment earlier) is a refusal the agent
        // owed: first come, first served, as ConcurrentBookingCallTests specifies. The caller then takes one of the
        // alternatives offered instead (or, with no reply for them, ends the call). A time nobody booked must be booked.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(session.State.Context.TimeZone);
        var takenByAnother = persona.Expect.Outcome == "booked" && persona.Expect.LocalTime is { } wanted
            && meetings.Any(m => m.CallId != callId && m.StartUtc > calledFrom && m.StartUtc <= calledFrom.AddDays(8)
                && TimeZoneInfo.ConvertTime(m.StartUtc, zone).ToString("dddd HH:mm", CultureInfo.InvariantCulture) == wanted);
        if (takenByAnother)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{persona.Id}: {persona.Expect.LocalTime} ({zone.Id}) was booked first by another call; the agent refused it rightly"
                + (meeting is null ? "" : $" and booked the alternative {meeting.LocalStart}"));
            if (meeting is null)
            {
                return null;
            }
        }
        else if (persona.Expect.Outcome == "booked" && meeting is null && persona.Expect.LocalTime is { } free)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"nobody booked {free} ({zone.Id}): the time was free on the calendar");
        }

        if (session.Outcome?.ToWireName() != persona.Expect.Outcome)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"outcome {session.Outcome?.ToWireName() ?? "none"}, expected {persona.Expect.Outcome}");
        }

        if (persona.Expect.Outcome == "booked" && meeting is null)
        {
            problems.AppendLine("no meeting was stored");
        }

        if (meeting is not null)
        {
            var local = DateTime.ParseExact(meeting.LocalStart, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            var booked = local.ToString("dddd HH:mm", CultureInfo.InvariantCulture);
            if (persona.Expect.LocalTime is { } localTime && !takenByAnother && (booked != localTime || meeting.TimeZone != session.State.Context.TimeZone))
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"booked {booked} ({meeting.TimeZone}), expected {localTime}");
            }

            if (OutsideBusinessHours(meeting, calledFrom) is { } wrong)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"booked {local:yyyy-MM-dd dddd HH:mm} ({meeting.TimeZone}): {wrong}");
            }
        }

        if (persona.Answer is "human" or "voicemail")
        {
            if (transcript.Count < 2 || transcript[0].Speaker != ConversationTurn.Agent || transcript.Select(t => t.Seq).SequenceEqual(Enumerable.Range(0, transcript.Count)) is false)
            {
                problems.AppendLine("the transcript does not start with the agent and run in order");
            }

            // The opening is in the lead's language when the agent speaks it, otherwise in English.
            var leadLanguage = Primary(session.State.Context.Language);
            var expectedOpening = SupportedLanguages.Contains(leadLanguage) ? leadLanguage : "en";
            if (transcript.Count > 0 && Primary(transcript[0].Language) != expectedOpening)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"the opening was in {transcript[0].Language}, the lead's language is {session.State.Context.Language}");
            }

            var finalLanguage = transcript.LastOrDefault(t => t.Speaker == ConversationTurn.Agent)?.Language;
            if (persona.Expect.Language is { } language && finalLanguage != language)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"ended in {finalLanguage}, expected {language}");
            }
        }
        else if (transcript.Count != 0)
        {
            problems.AppendLine("a call that was never answered has a transcript");
        }

        return problems.Length == 0 ? null : problems + said;
    }

    /// <summary>
    /// What is wrong with the meeting's time from the lead's side, or null: it must start after the call, on a working
    /// day of the lead's week and within 09:00-18:00 of the lead's wall clock (the stored local start must agree with
    /// the zone's rules on that date, daylight saving included).
    /// </summary>
    private static string? OutsideBusinessHours(Meeting meeting, DateTimeOffset calledFrom)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone);
        var start = TimeZoneInfo.ConvertTime(meeting.StartUtc, zone);
        var end = TimeZoneInfo.ConvertTime(meeting.EndUtc, zone);
        DayOfWeek[] week = meeting.TimeZone is "Asia/Jerusalem"
            ? [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday]
            : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
        if (meeting.StartUtc <= calledFrom)
        {
            return "it starts before the call";
        }

        if (start.DateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) != meeting.LocalStart)
        {
            return $"its stored local start disagrees with {meeting.TimeZone} ({start:yyyy-MM-dd HH:mm zzz})";
        }

        if (!week.Contains(start.DayOfWeek))
        {
            return "not a working day of the lead's week";
        }

        return start.TimeOfDay < TimeSpan.FromHours(9) || end.Date != start.Date || end.TimeOfDay > TimeSpan.FromHours(18)
            ? "outside the lead's 09:00-18:00"
            : null;
    }
}

/// <summary>
/// The end-to-end call tests each run hundreds of calls; they take turns instead of competing for the machine's cores,
/// so what they measure is the call path and not each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CallLoad
{
    public const string Name = "Calls under load";
}

/// <summary>A persona JSON file with the expectation block the library adds for tests.</summary>
internal sealed record PersonaFile(string Id, IReadOnlyList<string> PhoneNumbers, string Language, string Answer, PersonaExpectation Expect,
    PersonaMeeting? Meeting = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<PersonaFile> LoadAll() =>
        Directory.GetFiles(PersonaLibrary.Directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<PersonaFile>(File.ReadAllText(path), Json)!)
            .ToList();
}

internal sealed record PersonaExpectation(string Outcome, string? LocalTime, string? Email, string? Language);

/// <summary>How the persona takes the AI's meeting call, and the qualification its interview must end with.</summary>
internal sealed record PersonaMeeting(string? Answer, PersonaMeetingExpectation Expect);

internal sealed record PersonaMeetingExpectation(string Status);

/// <summary>Collects the call session's turn-latency histogram from the "AiScheduler" meter.</summary>
internal sealed class TurnLatencyRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<double> seconds = new();

    /// <param name="meterFactory">The host's factory: only its meter is listened to, not other hosts' in the same process.</param>
    public TurnLatencyRecorder(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CallMetrics.MeterName && instrument.Name == CallMetrics.TurnLatencyName
                && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => seconds.Enqueue(value));
        listener.Start();
    }

    public int Count => seconds.Count;

    public void Clear() => seconds.Clear();

    public string Describe()
    {
        var all = seconds.ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"Turn latency (callback received -> next command sent) over {all.Length} turns: p50 {Percentile(all, 0.50) * 1000:0.0} ms, " +
            $"p90 {Percentile(all, 0.90) * 1000:0.0} ms, p99 {Percentile(all, 0.99) * 1000:0.0} ms, max {all.DefaultIfEmpty().Max() * 1000:0.0} ms");
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public void Dispose() => listener.Dispose();
}

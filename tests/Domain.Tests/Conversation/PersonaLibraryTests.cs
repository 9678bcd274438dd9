using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// Every persona in src/Emulators/Personas talks to the rule-based agent in-process, with the emulator's reply rule
/// (the first unused reply whose "when" matches what the agent last said; none left means silence or hang-up), and
/// must end with the outcome its "expect" block names. Each persona runs at call times spread over a whole week, day
/// and night in every lead's zone, so no script depends on the day or hour it runs.
/// </summary>
public sealed class PersonaLibraryTests
{
    private static readonly DateTimeOffset[] CallTimes =
    [
        new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero),
        new(2026, 3, 3, 5, 0, 0, TimeSpan.Zero),
        new(2026, 3, 4, 21, 30, 0, TimeSpan.Zero),
        new(2026, 3, 5, 16, 30, 0, TimeSpan.Zero),
        new(2026, 3, 6, 11, 0, 0, TimeSpan.Zero),
        new(2026, 3, 7, 9, 0, 0, TimeSpan.Zero),
        new(2026, 3, 8, 20, 0, 0, TimeSpan.Zero),
    ];

    private static readonly string[] RequiredOutcomes = CallOutcomeWire.AllNames.ToArray();

    public static TheoryData<string> PersonaIds() => new(Library.Value.Personas.Select(p => p.Id));

    private static readonly Lazy<(IReadOnlyList<Persona> Personas, IReadOnlyDictionary<string, SampleLead> Leads)> Library = new(Load);

    [Fact]
    public void The_library_has_at_least_40_personas_covering_every_outcome_in_every_language()
    {
        var personas = Library.Value.Personas;
        Assert.True(personas.Count >= 40, $"only {personas.Count} personas");
        foreach (var outcome in RequiredOutcomes)
        {
            Assert.Contains(personas, p => p.Expect.Outcome == outcome);
        }

        foreach (var language in new[] { "en", "he", "fr", "de", "es" })
        {
            var ofLanguage = personas.Where(p => Primary(Library.Value.Leads[p.Phone].Language) == language).ToArray();
            Assert.True(ofLanguage.Select(p => p.Expect.Outcome).Distinct().Count() >= 7, $"{language} leads cover too few outcomes");
        }
    }

    [Fact]
    public void Every_persona_calls_a_sample_lead_and_has_a_unique_id()
    {
        var personas = Library.Value.Personas;
        Assert.Equal(personas.Count, personas.Select(p => p.Id).Distinct().Count());
        Assert.All(personas, p => Assert.True(Library.Value.Leads.ContainsKey(p.Phone), $"{p.Id}: {p.Phone} is not in leads.csv"));
    }

    [Theory]
    [MemberData(nameof(PersonaIds))]
    public async Task Persona_ends_with_its_expected_outcome(string id)
    {
        var persona = Library.Value.Personas.Single(p => p.Id == id);
        foreach (var now in CallTimes)
        {
            var result = await SimulateAsync(persona, Library.Value.Leads[persona.Phone], now);
            Assert.True(persona.Expect.Outcome == result.Outcome, $"{id} at {now:O}: expected {persona.Expect.Outcome}, got {result.Outcome}\n{result.Transcript}");
            if (persona.Expect.LocalTime is { } localTime)
            {
                Assert.Equal(localTime, result.BookedLocalTime);
            }

            if (persona.Expect.Email is { } email)
            {
                Assert.Equal(email, result.BookedEmail);
            }

            if (persona.Expect.Language is { } language)
            {
                Assert.Equal(language, result.FinalLanguage);
            }
        }
    }

    /// <summary>Outcome accuracy over the whole library, printed for the report and required to be 100 %.</summary>
    [Fact]
    public async Task Outcome_accuracy_over_the_library_is_complete()
    {
        var runs = 0;
        var correct = 0;
        var misses = new StringBuilder();
        foreach (var persona in Library.Value.Personas)
        {
            foreach (var now in CallTimes)
            {
                runs++;
                var result = await SimulateAsync(persona, Library.Value.Leads[persona.Phone], now);
                if (result.Outcome == persona.Expect.Outcome
                    && (persona.Expect.LocalTime is null || persona.Expect.LocalTime == result.BookedLocalTime))
                {
                    correct++;
                }
                else
                {
                    misses.AppendLine(CultureInfo.InvariantCulture, $"{persona.Id}: {result.Outcome}");
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"Persona outcome accuracy: {correct}/{runs} ({100.0 * correct / runs:0.0} %)");
        Assert.True(correct == runs, misses.ToString());
    }

    private static async Task<SimulationResult> SimulateAsync(Persona persona, SampleLead lead, DateTimeOffset now)
    {
        switch (persona.Answer)
        {
            // The agent never speaks on these calls; the outcome comes from the telephony result.
            case "no-answer":
                return new SimulationResult("no-answer", null, null, null, "");
            case "busy" or "reject":
                return new SimulationResult("busy", null, null, null, "");
            case "fail":
                return new SimulationResult("failed", null, null, null, "");
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(lead.TimeZone);
        var calendar = new InMemoryCalendar(zone, now);
        // As in production: the rule brain behind the first-seconds guard (opt-outs, answering machines, call screens).
        IConversationAgent agent = new CompliantAgent(new RuleBasedAgent(), "9");
        var context = new CallContext(lead.Name, lead.Email, lead.Company, "Alex", "Northwind", "our scheduling service",
            lead.Language, lead.TimeZone, now, RecordingEnabled: true);
        var turn = await agent.StartAsync(ConversationState.Begin(context, now), calendar, CancellationToken.None);
        var used = new bool[persona.Replies.Count];
        var transcript = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"agent: {turn.Say}");
        for (var step = 0; step < 30 && !turn.EndCall; step++)
        {
            var index = Enumerable.Range(0, persona.Replies.Count)
                .FirstOrDefault(i => !used[i] && (persona.Replies[i].When is not { } when || Regex.IsMatch(turn.Say, when)), -1);
            CallerInput input;
            if (persona.Answer == "voicemail" && turn.Say.Length == 0)
            {
                // The agent waits in silence for the greeting to end; a box then only records.
                input = new CallerInput.Silence();
                transcript.AppendLine("lead: (box records)");
            }
            else if (index >= 0)
            {
                used[index] = true;
                input = new CallerInput.Speech(persona.Replies[index].Say, 0.9, persona.Language);
                transcript.AppendLine(CultureInfo.InvariantCulture, $"lead: {persona.Replies[index].Say}");
            }
            else if (persona.WhenOutOfReplies == "silence")
            {
                input = new CallerInput.Silence();
                transcript.AppendLine("lead: (silence)");
            }
            else
            {
                return new SimulationResult("hung-up", null, null, turn.Language, transcript.ToString());
            }

            var state = turn.State with { NowUtc = turn.State.NowUtc.AddSeconds(10) };
            turn = await agent.RespondAsync(state, input, calendar, CancellationToken.None);
            transcript.AppendLine(CultureInfo.InvariantCulture, $"agent: {turn.Say}");
        }

        var booking = calendar.Bookings.LastOrDefault();
        var bookedLocal = booking.Slot is { } slot
            ? TimeZoneInfo.ConvertTime(slot.StartUtc, zone).ToString("dddd HH:mm", CultureInfo.InvariantCulture)
            : null;
        return new SimulationResult(turn.Outcome?.ToWireName() ?? "open", bookedLocal, booking.Email, turn.Language, transcript.ToString());
    }

    private static string Primary(string tag) => tag.Split('-')[0];

    private static (IReadOnlyList<Persona>, IReadOnlyDictionary<string, SampleLead>) Load()
    {
        var root = RepositoryRoot();
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        var personas = Directory.GetFiles(Path.Combine(root, "src", "Emulators", "Personas"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<PersonaFile>(File.ReadAllText(path), options)!)
            .Select(p => new Persona(p.Id, p.PhoneNumbers[0], p.Language, p.Answer, p.Replies, p.WhenOutOfReplies, p.Expect))
            .ToArray();
        var leads = SampleLeads.Read(Path.Combine(root, "src", "Host", "Samples", "leads.csv"));
        return (personas, leads);
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "src", "Emulators", "Personas")))
            {
                return directory.FullName;
            }
        }

        // Build output outside the repository (a custom artifacts path): use where this file was compiled from.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", ".."));
    }

    private sealed record SimulationResult(string Outcome, string? BookedLocalTime, string? BookedEmail, string? FinalLanguage, string Transcript);

    private sealed record Persona(string Id, string Phone, string Language, string Answer, IReadOnlyList<PersonaReply> Replies, string WhenOutOfReplies, PersonaExpectation Expect);

    private sealed record PersonaFile(string Id, string[] PhoneNumbers, string Language, string Answer, int RingSeconds,
        PersonaReply[] Replies, string WhenOutOfReplies, PersonaExpectation Expect);

    private sealed record PersonaReply(string? When, string Say);

    private sealed record PersonaExpectation(string Outcome, string? LocalTime, string? Email, string? Language);
}

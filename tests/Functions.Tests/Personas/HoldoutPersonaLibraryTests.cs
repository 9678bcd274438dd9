using AiScheduler.Benchmarks.Personas;
using AiScheduler.Functions.Tests.Calls;

namespace AiScheduler.Functions.Tests.Personas;

/// <summary>
/// The holdout persona library (tests/Personas/Holdout), written apart from the agent's tuning library: its shape is
/// checked here, and a sample of it runs end to end through the runner the benchmark uses. How accurate the agent is on
/// it is the benchmark's figure (<c>dotnet run -c Release --project tests/Benchmarks -- personas</c>), not an assertion.
/// </summary>
[Collection(CallLoad.Name)]
public sealed class HoldoutPersonaLibraryTests
{
    private static readonly string[] Languages = ["en", "he", "fr", "de", "es"];

    private static readonly Lazy<HoldoutLibrary> Library = new(() => HoldoutLibrary.Load(HoldoutLibrary.DefaultDirectory));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_library_has_at_least_100_personas_and_20_in_each_language()
    {
        var personas = Library.Value.Personas;
        Assert.True(personas.Count >= 100, $"only {personas.Count} personas");
        foreach (var language in Languages)
        {
            var count = personas.Count(p => p.LanguageGroup == language);
            Assert.True(count >= 20, $"{language}: only {count} personas");
        }

        Assert.All(personas, p => Assert.Contains(p.LanguageGroup, Languages));
    }

    [Fact]
    public void Every_persona_parses_declares_its_expectation_and_has_a_valid_number_of_its_own()
    {
        // Parsed by the emulator's own reader; numbers valid for their country, unique, and none of the tuning library's.
        Assert.Empty(Library.Value.Problems(holdoutRules: true));
    }

    [Fact]
    public void Every_language_has_bookings_callbacks_refusals_opt_outs_wrong_numbers_voicemail_and_unanswered_calls()
    {
        foreach (var language in Languages)
        {
            var ofLanguage = Library.Value.Personas.Where(p => p.LanguageGroup == language).ToList();
            var outcomes = ofLanguage.Select(p => p.Expect.Outcome).ToHashSet(StringComparer.Ordinal);
            Assert.Superset(new HashSet<string>(["booked", "callback-requested", "not-interested", "opted-out", "wrong-number", "voicemail"]), outcomes);
            Assert.True(outcomes.Contains("busy") || outcomes.Contains("no-answer"), $"{language}: no unanswered call");
            Assert.True(ofLanguage.Count(p => p.Expect is { Outcome: "booked", Named: not null }) >= 5, $"{language}: fewer than 5 bookings at a named time");
            Assert.True(ofLanguage.Count(p => p.Expect is { Outcome: "booked", Named: null }) >= 2, $"{language}: fewer than 2 callers picking an offer");
            Assert.True(ofLanguage.Count(p => p.Expect is { Outcome: "callback-requested", Named: not null }) >= 2, $"{language}: fewer than 2 callbacks at a named time");
        }
    }

    [Fact]
    public void Named_times_are_inside_the_leads_working_hours_within_two_weeks_of_the_call()
    {
        var callDate = DateOnly.FromDateTime(CallInstant.Default.Local);
        foreach (var persona in Library.Value.Personas.Where(p => p.Expect.Named is not null))
        {
            var named = persona.Expect.Named!.Resolve(callDate);
            Assert.InRange(named, CallInstant.Default.Local.AddHours(2), CallInstant.Default.Local.AddDays(14));
            Assert.InRange(TimeOnly.FromDateTime(named), new TimeOnly(9, 0), new TimeOnly(17, 30));
        }
    }

    [Theory]
    [InlineData("tomorrow 15:00", "2026-06-09T15:00")]
    [InlineData("today 16:30", "2026-06-08T16:30")]
    [InlineData("+3 11:00", "2026-06-11T11:00")]
    [InlineData("tuesday 10:00", "2026-06-09T10:00")]
    [InlineData("monday 11:00", "2026-06-15T11:00")]
    [InlineData("next-week-tuesday 15:00", "2026-06-16T15:00")]
    public void A_named_time_is_read_relative_to_the_calls_local_date(string named, string expected)
    {
        var resolved = NamedTime.Parse(named).Resolve(new DateOnly(2026, 6, 8));
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), resolved);
    }

    [Fact]
    public void A_named_weekday_on_a_wednesday_call_is_the_next_such_day_and_next_week_starts_on_monday()
    {
        var wednesday = new DateOnly(2026, 6, 10);
        Assert.Equal(new DateTime(2026, 6, 16, 10, 0, 0), NamedTime.Parse("tuesday 10:00").Resolve(wednesday));
        Assert.Equal(new DateTime(2026, 6, 17, 10, 0, 0), NamedTime.Parse("wednesday 10:00").Resolve(wednesday));
        Assert.Equal(new DateTime(2026, 6, 16, 15, 0, 0), NamedTime.Parse("next-week-tuesday 15:00").Resolve(wednesday));
    }

    [Fact]
    public void Date_placeholders_are_spoken_in_the_callers_language_for_the_calls_date()
    {
        var monday = new DateOnly(2026, 6, 8);
        Assert.Equal("Thursday the 11th", PersonaTemplate.Render("{weekday+3} the {ordinal+3}", "en-US", monday));
        Assert.Equal("Le jeudi 11", PersonaTemplate.Render("Le {weekday+3} {day+3}", "fr-FR", monday));
        Assert.Equal("Donnerstag, den 11.", PersonaTemplate.Render("{weekday+3}, den {day+3}.", "de-DE", monday));
        Assert.Equal("Monday the 1st", PersonaTemplate.Render("{weekday+0} the {ordinal+0}", "en-US", new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void A_call_instant_without_an_offset_is_local_to_each_lead_and_one_with_an_offset_is_shared()
    {
        var jerusalem = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");
        var denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");
        var local = CallInstant.Parse("2026-06-08T10:00");
        Assert.Equal(new DateTimeOffset(2026, 6, 8, 7, 0, 0, TimeSpan.Zero), local.UtcIn(jerusalem));
        Assert.Equal(new DateTimeOffset(2026, 6, 8, 16, 0, 0, TimeSpan.Zero), local.UtcIn(denver));
        var shared = CallInstant.Parse("2026-06-08T08:00Z");
        Assert.Equal(shared.UtcIn(jerusalem), shared.UtcIn(denver));
        Assert.Equal(new DateTimeOffset(2026, 6, 8, 8, 0, 0, TimeSpan.Zero), CallInstant.Parse("2026-06-08T10:00+02:00").UtcIn(denver));
        Assert.Throws<FormatException>(() => CallInstant.Parse("2026-06-08"));
        Assert.Throws<FormatException>(() => CallInstant.Parse("next monday"));
    }

    /// <summary>
    /// One caller per language who books a named time, one whose phone is busy or unanswered, and one voicemail box,
    /// called through the benchmark's runner. Unanswered calls must end with the telephony's outcome; answered ones must
    /// leave a transcript that starts with the agent, and a booking must have its meeting's local time.
    /// </summary>
    [Fact]
    public async Task A_sample_of_the_library_runs_end_to_end_over_the_emulator()
    {
        var sample = Languages.SelectMany(language =>
        {
            var ofLanguage = Library.Value.Personas.Where(p => p.LanguageGroup == language).ToList();
            return new[]
            {
                ofLanguage.First(p => p.Expect is { Outcome: "booked", Named: not null }),
                ofLanguage.First(p => p.Answer is "busy" or "no-answer"),
                ofLanguage.First(p => p.Answer == "voicemail"),
            };
        }).ToList();
        var store = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = "sqlite",
            ["Store:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-holdout-tests", Guid.NewGuid().ToString("N"), "store.db")}",
            ["Store:BusyTimeoutMilliseconds"] = "60000",
        };

        var results = await PersonaRunner.RunAsync(sample, store, CallInstant.Default, concurrency: 4, Ct);

        Assert.Equal(sample.Select(p => p.Id), results.Select(r => r.Persona.Id));
        foreach (var result in results)
        {
            Assert.NotEqual("did-not-end", result.Outcome);
            Assert.Equal(CallInstant.Default.UtcIn(TimeZoneInfo.FindSystemTimeZoneById(result.TimeZone)), result.CallUtc);
            if (result.Persona.Answer is "busy" or "no-answer")
            {
                Assert.Equal(result.Persona.Expect.Outcome, result.Outcome);
                Assert.Empty(result.Transcript);
            }
            else
            {
                Assert.StartsWith("agent: ", result.Transcript[0], StringComparison.Ordinal);
            }

            if (result.Outcome == "booked")
            {
                Assert.NotNull(result.GotLocal);
            }
        }

        var report = PersonaReport.From(Library.Value.Directory, "sqlite", CallInstant.Default, results);
        Assert.Equal(results.Count, report.Overall.Personas);
        Assert.Equal(Languages.Order(StringComparer.Ordinal), report.Languages.Keys);
        Assert.Equal(results.Count(r => !r.Correct), report.Misses.Count);
        TestContext.Current.SendDiagnosticMessage(report.Summary());
    }
}

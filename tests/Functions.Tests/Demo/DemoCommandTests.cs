using System.Text.Json;
using AiScheduler.Functions.Demo;
using AiScheduler.Functions.Hosting;
using Microsoft.Data.Sqlite;

namespace AiScheduler.Functions.Tests.Demo;

/// <summary>
/// The demo command end to end, in-process: the inference form on the bundled sample, the full run on a few personas.
/// Each run is anchored with <c>--at</c>, so what it offers, books and schedules is the same on any day at any hour.
/// </summary>
public sealed class DemoCommandTests
{
    // Monday 2 March 2026, 08:00 UTC: 10:00 in Jerusalem, 09:00 in Paris and Berlin, midnight in Los Angeles.
    private const string MondayMorning = "2026-03-02T08:00:00Z";

    [Fact]
    public async Task The_inference_demo_imports_the_sample_and_prints_one_json_document_of_what_the_store_holds()
    {
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--inference", "--data", data, "--json", "--at", MondayMorning], output, error);

        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(new DateOnly(2026, 3, 2), DateOnly.FromDateTime(root.GetProperty("now").GetDateTimeOffset().UtcDateTime));
        var leads = root.GetProperty("leads").EnumerateArray().ToList();
        Assert.True(leads.Count >= 40, $"only {leads.Count} leads");

        // Every lead printed is a row of the store, and every row of the store is printed.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "aischeduler.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = "SELECT phone FROM leads ORDER BY phone";
            var phones = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                phones.Add(reader.GetString(0));
            }

            Assert.Equal(phones, leads.Select(lead => lead.GetProperty("phone").GetString()!).Order(StringComparer.Ordinal));
        }

        var languages = leads.Select(lead => lead.GetProperty("language").GetString()!).ToHashSet();
        foreach (var expected in new[] { "en-US", "fr-CA", "en-GB", "he-IL", "fr-FR", "de-DE", "es-ES", "it-IT", "pt-PT", "nl-NL" })
        {
            Assert.Contains(expected, languages);
        }

        var zones = leads.Where(lead => lead.GetProperty("phone").GetString()!.StartsWith("+1", StringComparison.Ordinal))
            .Select(lead => lead.GetProperty("timeZone").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles" }, zones);

        var camille = leads.Single(lead => lead.GetProperty("phone").GetString() == "+15145550123");
        Assert.Equal("fr-CA", camille.GetProperty("callLanguage").GetString());
        var giulia = leads.Single(lead => lead.GetProperty("phone").GetString() == "+393471234501");
        Assert.Equal("en-US", giulia.GetProperty("callLanguage").GetString());
        // Monday 10:00 in Jerusalem is inside Dana's window; Elliot's, in Los Angeles, opens at 09:00 there.
        var dana = leads.Single(lead => lead.GetProperty("phone").GetString() == "+972501234567");
        Assert.True(dana.GetProperty("openNow").GetBoolean());
        var elliot = leads.Single(lead => lead.GetProperty("phone").GetString() == "+12135550134");
        Assert.False(elliot.GetProperty("openNow").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(-8)), elliot.GetProperty("nextOpeningUtc").GetDateTimeOffset());
        foreach (var lead in leads)
        {
            var local = DateTimeOffset.Parse(lead.GetProperty("nextOpeningLocal").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(lead.GetProperty("nextOpeningUtc").GetDateTimeOffset(), local);
            Assert.InRange(local.TimeOfDay, TimeSpan.Zero, TimeSpan.FromHours(18));
        }

        var errors = root.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(48, "phone"), (49, "email"), (50, "language"), (51, "timezone"), (52, "phone")], errors);
        var duplicate = Assert.Single(root.GetProperty("duplicates").EnumerateArray());
        Assert.Equal((47, 2), (duplicate.GetProperty("line").GetInt32(), duplicate.GetProperty("firstLine").GetInt32()));
        var summary = root.GetProperty("summary");
        Assert.Equal(leads.Count, summary.GetProperty("leadsInStore").GetInt32());
        Assert.Equal(summary.GetProperty("rows").GetInt32(), leads.Count + 5 + 1);
        Assert.Equal(5, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(1, summary.GetProperty("duplicates").GetInt32());
        Assert.DoesNotContain("info:", output.ToString(), StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task The_text_demo_lists_each_lead_masked_with_its_rejected_rows_and_a_summary_and_starts_afresh_each_run()
    {
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var first = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(["demo", "--inference", "--data", data], first, new StringWriter()));
        var output = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--inference", "--data", data], output, new StringWriter());

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("Camille Tremblay", text, StringComparison.Ordinal);
        Assert.Contains("+151******23", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+15145550123", text, StringComparison.Ordinal);
        Assert.Contains("line   49  email", text, StringComparison.Ordinal);
        Assert.Contains("Rejected rows (5)", text, StringComparison.Ordinal);
        // Recreated, not accumulated: the second run imports the same leads as new.
        Assert.Matches(@"(\d+) leads imported, 0 updated, 1 duplicates merged, 5 rows rejected; the store holds \1 leads", text);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task The_full_demo_calls_every_lead_and_prints_one_json_document_whose_numbers_come_from_the_store()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var inputs = Directory.CreateDirectory(data + "-inputs").FullName;
        var personas = Directory.CreateDirectory(Path.Combine(inputs, "personas")).FullName;
        foreach (var persona in new[] { "dana-books-tuesday-at-ten", "hannah-no-answer", "elliot-not-interested", "chloe-call-back-tomorrow-at-two" })
        {
            File.Copy(Path.Combine(Calls.PersonaLibrary.Directory, persona + ".json"), Path.Combine(personas, persona + ".json"));
        }

        var leads = Path.Combine(inputs, "leads.csv");
        await File.WriteAllTextAsync(leads, """
            Name,Phone,Email,Company,Language,Timezone
            Dana Levi,+972 50-123-4567,dana@example.com,Levi Ltd,,
            Hannah Weber,+49 151 23456709,hannah@example.com,Weber GmbH,,
            Elliot Brooks,+1 213 555 0134,elliot@example.com,Brooks Co,,
            Chloe Martin,+33 6 39 98 00 33,chloe@example.com,Martin SA,,
            """, ct);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--data", data, "--leads", leads, "--personas", personas, "--json", "--at", MondayMorning], output, error);

        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("leads").GetInt32());
        var outcomes = root.GetProperty("outcomes");
        Assert.Equal(1, outcomes.GetProperty("booked").GetInt32());
        Assert.Equal(1, outcomes.GetProperty("not-interested").GetInt32());
        Assert.Equal(1, outcomes.GetProperty("no-answer").GetInt32());
        Assert.Equal(1, outcomes.GetProperty("callback-requested").GetInt32());
        var meeting = Assert.Single(root.GetProperty("meetings").EnumerateArray());
        Assert.Equal("+972501234567", meeting.GetProperty("phone").GetString());
        Assert.Equal("Asia/Jerusalem", meeting.GetProperty("timeZone").GetString());
        Assert.StartsWith("Tuesday 10:00", meeting.GetProperty("localDay").GetString(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.FromHours(2)), meeting.GetProperty("startUtc").GetDateTimeOffset());
        var hannah = root.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("phone").GetString() == "+4915123456709");
        Assert.Equal(4, hannah.GetProperty("attempts").GetInt32());
        var chloe = root.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("phone").GetString() == "+33639980033");
        // "Tomorrow at two", said on Monday morning in Paris.
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.FromHours(1)), chloe.GetProperty("callbackAt").GetDateTimeOffset());
        // Dana's invite, and the summary of the meeting the demo then starts (her persona answers the interview).
        Assert.Equal(2, root.GetProperty("emails").GetInt32());
        Assert.Equal(2, Directory.GetFiles(root.GetProperty("outbox").GetString()!, "*.eml", SearchOption.AllDirectories).Length);
        var qualification = Assert.Single(root.GetProperty("qualifications").EnumerateArray());
        Assert.Equal(meeting.GetProperty("meetingId").GetString(), qualification.GetProperty("meetingId").GetString());

        // The printed numbers are the store's.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "aischeduler.db")};Pooling=False");
        await connection.OpenAsync(ct);
        var command = connection.CreateCommand();
        // The campaign's calls; the AI's calls into meetings are reported with the qualifications.
        command.CommandText = "SELECT COUNT(*) FROM call_sessions WHERE meeting_id IS NULL";
        Assert.Equal(Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("calls").GetInt64());
        Assert.Equal(4 + 1 + 1 + 1, root.GetProperty("calls").GetInt32());
        Assert.Contains("settled", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-06T16:55:00-05:00")] // Friday 16:55 in New York: the end of the American business week.
    [InlineData("2026-03-13T10:00:00+02:00")] // Friday 10:00 in Jerusalem: the Israeli weekend, a European working day.
    public async Task The_demo_books_every_booking_persona_inside_the_leads_own_week_and_hours(string at)
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var inputs = Directory.CreateDirectory(data + "-inputs").FullName;
        var personas = Directory.CreateDirectory(Path.Combine(inputs, "personas")).FullName;
        var bookers = Calls.PersonaFile.LoadAll().Where(p => p.Expect.Outcome == "booked").ToList();
        foreach (var persona in bookers)
        {
            File.Copy(Path.Combine(Calls.PersonaLibrary.Directory, persona.Id + ".json"), Path.Combine(personas, persona.Id + ".json"));
        }

        // The bundled sample's records for those personas' numbers, header included (a quoted field may span lines).
        // Numbers are written in national or international form there, so a record matches on the last ten digits.
        var numbers = bookers.Select(p => Digits(p.PhoneNumbers[0])[^10..]).ToList();
        var records = Records(await File.ReadAllLinesAsync(Calls.PersonaLibrary.SampleLeadsCsv, ct));
        var leads = Path.Combine(inputs, "leads.csv");
        await File.WriteAllLinesAsync(leads,
            [records[0], .. records.Skip(1).Where(record => numbers.Any(number => Digits(record).Contains(number, StringComparison.Ordinal)))], ct);
        var expectedLeads = numbers.Distinct(StringComparer.Ordinal).Count();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--data", data, "--leads", leads, "--personas", personas, "--json", "--at", at], output, error);

        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        var results = string.Join(", ", root.GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("phone").GetString()} {r.GetProperty("outcome").GetString()}"));
        Assert.True(root.GetProperty("leads").GetInt32() == expectedLeads, $"{expectedLeads} leads expected, called: {results}");
        Assert.True(root.GetProperty("outcomes").GetProperty("booked").GetInt32() == expectedLeads, $"not every booking persona booked: {results}");
        var start = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var meeting in root.GetProperty("meetings").EnumerateArray())
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.GetProperty("timeZone").GetString()!);
            var startUtc = meeting.GetProperty("startUtc").GetDateTimeOffset();
            var local = TimeZoneInfo.ConvertTime(startUtc, zone);
            DayOfWeek[] week = zone.Id == "Asia/Jerusalem"
                ? [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday]
                : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
            var where = $"{meeting.GetProperty("phone").GetString()} booked {local:yyyy-MM-dd dddd HH:mm} in {zone.Id}";
            Assert.True(startUtc > start, where + ", before the demo started");
            Assert.True(week.Contains(local.DayOfWeek), where + ", not a working day of the lead's week");
            Assert.True(local.TimeOfDay >= TimeSpan.FromHours(9) && local.TimeOfDay <= TimeSpan.FromHours(17.5), where + ", outside 09:00-18:00");
        }

        Directory.Delete(data, recursive: true);
        Directory.Delete(inputs, recursive: true);
    }

    [Fact]
    public async Task After_the_campaign_the_AI_interviews_every_booked_lead_and_each_qualification_matches_its_meeting_persona()
    {
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--data", data, "--json", "--at", MondayMorning], output, error);

        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        var expected = Calls.PersonaFile.LoadAll().Where(p => p.Meeting is not null)
            .ToDictionary(p => p.PhoneNumbers[0], p => (p.Id, p.Meeting!.Expect.Status), StringComparer.Ordinal);
        var meetings = root.GetProperty("meetings").EnumerateArray().Select(m => m.GetProperty("meetingId").GetGuid()).ToHashSet();
        var qualifications = root.GetProperty("qualifications").EnumerateArray().ToList();
        // One qualification per booked meeting, and the booking personas book (nearly) all of theirs.
        Assert.Equal(meetings.Count, qualifications.Count);
        Assert.True(qualifications.Count >= expected.Count - 2, $"only {qualifications.Count} of {expected.Count} meeting personas had a meeting");
        var statuses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var qualification in qualifications)
        {
            var phone = qualification.GetProperty("phone").GetString()!;
            Assert.True(expected.TryGetValue(phone, out var persona), $"{phone} booked a meeting but has no meeting persona");
            var status = qualification.GetProperty("status").GetString()!;
            Assert.True(status == persona.Status, $"{persona.Id}: the interview ended {status}, the persona expects {persona.Status}");
            Assert.Contains(qualification.GetProperty("meetingId").GetGuid(), meetings);
            foreach (var score in new[] { "score", "budget", "authority", "need", "timeline" })
            {
                Assert.InRange(qualification.GetProperty(score).GetInt32(), 0, 100);
            }

            Assert.Equal(JsonValueKind.Array, qualification.GetProperty("painPoints").ValueKind);
            Assert.Equal(JsonValueKind.Array, qualification.GetProperty("nextSteps").ValueKind);
            Assert.False(string.IsNullOrEmpty(qualification.GetProperty("language").GetString()));
            statuses.Add(status);
        }

        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "qualified", "nurture", "disqualified", "no-show" }, statuses);
        // The summaries land in the outbox next to the invites: one per interviewed meeting at least.
        var outbox = root.GetProperty("outbox").GetString()!;
        var summaries = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "aischeduler.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM emails WHERE kind = 'summary' AND status = 'sent'";
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                summaries.Add(reader.GetString(0));
            }
        }

        Assert.True(summaries.Count >= qualifications.Count(q => q.GetProperty("status").GetString() != "no-show"),
            $"only {summaries.Count} summary emails sent");
        Assert.All(summaries, id => Assert.True(File.Exists(Path.Combine(outbox, id + ".eml")), $"summary {id} is not in {outbox}"));
        Directory.Delete(data, recursive: true);
    }

    private static string Digits(string phone) => string.Concat(phone.Where(char.IsAsciiDigit));

    /// <summary>CSV lines joined into records: a line inside an open quoted field continues the record.</summary>
    private static List<string> Records(IEnumerable<string> lines)
    {
        var records = new List<string>();
        var open = false;
        foreach (var line in lines)
        {
            if (open)
            {
                records[^1] += "\n" + line;
            }
            else
            {
                records.Add(line);
            }

            open ^= line.Count(c => c == '"') % 2 == 1;
        }

        return records;
    }

    [Fact]
    public async Task A_missing_leads_file_is_a_clear_error()
    {
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--inference", "--leads", "/nonexistent/leads.csv", "--data", Path.Combine(Path.GetTempPath(), "aischeduler-demo-missing")], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("--leads", error.ToString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Calendar;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Meetings;

public sealed class SqliteMeetingsApiTests(PostgresFixture postgres) : MeetingsApiTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresMeetingsApiTests(PostgresFixture postgres) : MeetingsApiTests(StoreProvider.Postgres, postgres);

/// <summary>/api/meetings and the built-in calendar's feed over real HTTP.</summary>
public abstract class MeetingsApiTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<MeetingTestHost> StartAsync() => MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct);

    [Fact]
    public async Task Meetings_are_listed_by_start_with_status_lead_and_date_filters_and_pages()
    {
        await using var host = await StartAsync();
        var dana = await host.AddLeadAsync("Dana Levi", "+972501234567", "dana@example.co.il", Ct);
        var avery = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var day = host.LondonWorkdayAt(9);
        var first = await host.BookAsync(dana, day, Ct);
        var second = await host.BookAsync(avery, day.AddHours(1), Ct);
        var third = await host.BookAsync(dana, day.AddDays(7), Ct);
        using (await host.Client.PatchAsJsonAsync($"/api/meetings/{second}/status", new { status = "no-show" }, Ct))
        {
        }

        var all = await ListAsync(host, "");
        var booked = await ListAsync(host, "?status=booked");
        var danas = await ListAsync(host, $"?lead={dana.Id}");
        var firstDay = await ListAsync(host, $"?from={Uri.EscapeDataString(day.ToString("O"))}&to={Uri.EscapeDataString(day.AddDays(1).ToString("O"))}");
        var page2 = await ListAsync(host, "?page=2&pageSize=2");

        Assert.Equal([first, second, third], all.Items.Select(m => m.Id).ToArray());
        Assert.Equal("Dana Levi", all.Items[0].LeadName);
        Assert.Equal([first, third], booked.Items.Select(m => m.Id).ToArray());
        Assert.Equal([first, third], danas.Items.Select(m => m.Id).ToArray());
        Assert.Equal([first, second], firstDay.Items.Select(m => m.Id).ToArray());
        Assert.Equal((3L, 2), (page2.Total, page2.PageSize));
        Assert.Equal([third], page2.Items.Select(m => m.Id).ToArray());
    }

    [Fact]
    public async Task Bad_filters_unknown_meetings_and_disallowed_status_changes_are_problem_details()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Dana Levi", "+972501234567", "dana@example.co.il", Ct);
        var id = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);

        using var badStatus = await host.Client.GetAsync("/api/meetings?status=maybe&pageSize=0", Ct);
        using var missing = await host.Client.GetAsync($"/api/meetings/{Guid.NewGuid()}", Ct);
        using var notSettable = await host.Client.PatchAsJsonAsync($"/api/meetings/{id}/status", new { status = "booked" }, Ct);
        using var completed = await host.Client.PatchAsJsonAsync($"/api/meetings/{id}/status", new { status = "completed" }, Ct);
        using var corrected = await host.Client.PatchAsJsonAsync($"/api/meetings/{id}/status", new { status = "no-show" }, Ct);
        using var tooLate = await host.Client.PostAsync($"/api/meetings/{id}/cancel", null, Ct);
        using var notMovable = await host.Client.PostAsJsonAsync($"/api/meetings/{id}/reschedule",
            new { startUtc = host.LondonWorkdayAt(11) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        var errors = JsonDocument.Parse(await badStatus.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _) && errors.TryGetProperty("pageSize", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, notSettable.StatusCode);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
        Assert.Contains("completed", await tooLate.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, notMovable.StatusCode);
    }

    [Fact]
    public async Task Rescheduling_onto_a_taken_or_closed_time_is_refused_with_free_alternatives()
    {
        await using var host = await StartAsync();
        var oliver = await host.AddLeadAsync("Oliver Smith", "+447700900123", "oliver@example.co.uk", Ct);
        var amelia = await host.AddLeadAsync("Amelia Brown", "+447700900124", "amelia@example.co.uk", Ct);
        var ten = host.LondonWorkdayAt(10);
        var id = await host.BookAsync(oliver, ten, Ct);
        await host.BookAsync(amelia, ten.AddHours(2), Ct);

        using var taken = await host.Client.PostAsJsonAsync($"/api/meetings/{id}/reschedule", new { startUtc = ten.AddHours(2) }, Ct);
        using var night = await host.Client.PostAsJsonAsync($"/api/meetings/{id}/reschedule", new { startUtc = ten.AddHours(-7) }, Ct);
        using var offGrid = await host.Client.PostAsJsonAsync($"/api/meetings/{id}/reschedule", new { startUtc = ten.AddMinutes(10) }, Ct);
        using var noStart = await host.Client.PostAsJsonAsync($"/api/meetings/{id}/reschedule", new { reason = "?" }, Ct);

        foreach (var refused in new[] { taken, night, offGrid })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement;
            var alternatives = problem.GetProperty("alternatives").EnumerateArray()
                .Select(a => a.GetProperty("startUtc").GetDateTimeOffset()).ToList();
            Assert.NotEmpty(alternatives);
            Assert.DoesNotContain(ten.AddHours(2), alternatives);
        }

        Assert.Equal(HttpStatusCode.BadRequest, noStart.StatusCode);
        var meeting = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{id}", MeetingTestHost.Json, Ct);
        Assert.Equal((ten, 0), (meeting!.StartUtc, meeting.Sequence));
    }

    [Fact]
    public async Task The_calendar_feed_is_an_icalendar_publish_of_the_calendars_meetings_with_cancelled_ones_marked()
    {
        await using var host = await StartAsync();
        var dana = await host.AddLeadAsync("Dana Levi, CEO; Negev", "+972501234567", "dana@example.co.il", Ct);
        var avery = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var day = host.LondonWorkdayAt(9);
        var kept = await host.BookAsync(dana, day, Ct);
        var dropped = await host.BookAsync(avery, day.AddHours(1), Ct);
        using (await host.Client.PostAsync($"/api/meetings/{dropped}/cancel", null, Ct))
        {
        }

        using var response = await host.Client.GetAsync("/api/calendars/default/feed.ics", Ct);
        using var unknown = await host.Client.GetAsync("/api/calendars/nope/feed.ics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        Assert.All(raw.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var lines = CalendarText.Unfold(raw).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(("BEGIN:VCALENDAR", "END:VCALENDAR"), (lines[0], lines[^1]));
        Assert.Contains("METHOD:PUBLISH", lines);
        var events = Events(lines);
        Assert.Equal(2, events.Count);
        var first = events.Single(e => e["UID"] == $"{kept:N}@aischeduler");
        Assert.Equal(("0", "CONFIRMED", $"{day.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"), (first["SEQUENCE"], first["STATUS"], first["DTSTART"]));
        Assert.Equal("Introductory call with Dana Levi, CEO; Negev", CalendarText.UnescapeText(first["SUMMARY"]));
        var second = events.Single(e => e["UID"] == $"{dropped:N}@aischeduler");
        Assert.Equal(("1", "CANCELLED"), (second["SEQUENCE"], second["STATUS"]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<MeetingPage> ListAsync(MeetingTestHost host, string query) =>
        (await host.Client.GetFromJsonAsync<MeetingPage>("/api/meetings" + query, MeetingTestHost.Json, Ct))!;

    /// <summary>Each VEVENT's properties by name (parameters dropped), from unfolded lines.</summary>
    private static List<Dictionary<string, string>> Events(string[] lines)
    {
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        var depth = 0;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            if (line == "END:VEVENT")
            {
                events.Add(current!);
                current = null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            // Properties of nested components (VALARM) are not the event's own.
            depth += line.StartsWith("BEGIN:", StringComparison.Ordinal) ? 1 : line.StartsWith("END:", StringComparison.Ordinal) ? -1 : 0;
            if (depth > 0 || line.StartsWith("END:", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Split(';')[0];
            current.TryAdd(name, line[(colon + 1)..]);
        }

        return events;
    }
}

using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AiScheduler.Functions.Tests.Meetings.Room;

/// <summary>
/// The meeting room in a real browser (Debian's Chromium, driven by Playwright) against the real host on SQLite: the lead
/// joins by the invite's link and answers the AI participant by text; a sales rep in a second page follows the live
/// transcript and sees the analysis appear once the meeting's orchestration has completed the meeting.
/// </summary>
public sealed class MeetingRoomBrowserTests(PostgresFixture postgres)
{
    /// <summary>Debian's package (test.sh installs it); Playwright drives it instead of downloading its own build.</summary>
    public const string Chromium = "/usr/bin/chromium";

    // The lead's name carries markup and right-to-left text: the room must show it as text.
    private const string LeadName = "<b>Dana</b> דנה";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_lead_answers_the_AI_by_text_and_the_rep_sees_the_live_transcript_and_then_the_analysis()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var lead = await host.AddLeadAsync(LeadName, "+442079460958", "dana@example.com", Ct);
        using var created = await host.Client.PostAsJsonAsync("/api/meetings",
            new { leadId = lead.Id, startUtc = host.LondonWorkdayAt(10), joinMode = "room" }, MeetingTestHost.Json, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var meeting = (await created.Content.ReadFromJsonAsync<MeetingDetails>(MeetingTestHost.Json, Ct))!;
        // The invite's link is the lead's room link.
        Assert.Matches($"/meet/{meeting.Id:D}\\?t=", meeting.JoinUrl);
        var links = (await host.Client.GetFromJsonAsync<RoomLinks>($"/api/meetings/{meeting.Id:D}/room", MeetingTestHost.Json, Ct))!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        // The lead and the rep in browsers of their own, each reading the app's clock (see BrowserClock).
        await using var leadBrowser = await browser.NewContextAsync();
        await using var repBrowser = await browser.NewContextAsync();
        await BrowserClock.PinAsync(leadBrowser, host.Clock);
        await BrowserClock.PinAsync(repBrowser, host.Clock);
        var leadPage = await leadBrowser.NewPageAsync();
        var repPage = await repBrowser.NewPageAsync();
        var pageErrors = new List<string>();
        leadPage.PageError += (_, error) => pageErrors.Add(error);
        repPage.PageError += (_, error) => pageErrors.Add(error);

        await leadPage.GotoAsync(Local(host, meeting.JoinUrl));
        await Expect(leadPage.GetByTestId("connection")).ToHaveTextAsync("Connected");
        await Expect(leadPage.GetByTestId("mode")).ToContainTextAsync("voice needs a configured speech service");
        // Locally there is no speech service: the microphone is off, and the page says why.
        await Expect(leadPage.GetByTestId("mic")).ToBeDisabledAsync();
        await Expect(leadPage.GetByTestId("voice-note")).ToContainTextAsync("no speech service, so the room is text chat only");
        // Markup and right-to-left text in the name are shown as typed, never parsed.
        await Expect(leadPage.Locator("h1")).ToHaveTextAsync($"Meeting with {LeadName}");
        Assert.Equal(0, await leadPage.Locator("h1 b").CountAsync());
        var aiLines = leadPage.Locator("[data-testid=transcript] li.line-ai .line-text");
        await Expect(aiLines).ToHaveCountAsync(1);
        await Expect(aiLines.First).ToContainTextAsync("AI");

        await repPage.GotoAsync(Local(host, links.Rep));
        await Expect(repPage.GetByTestId("connection")).ToHaveTextAsync("Connected");
        var participants = repPage.Locator("[data-testid=participants] li");
        await Expect(participants).ToHaveCountAsync(3);
        await Expect(participants.Nth(0)).ToContainTextAsync("AI assistant");
        await Expect(participants.Nth(1)).ToContainTextAsync(LeadName);
        await Expect(participants.Nth(2)).ToContainTextAsync("Sales rep");
        await Expect(repPage.Locator("[data-testid=transcript] li.line-ai")).ToHaveCountAsync(1);
        await Expect(repPage.GetByTestId("analysis")).ToContainTextAsync("appears here when the interview ends");

        // Mute shows for everyone and stops the lead's messages until unmuted.
        await leadPage.GetByTestId("mute").ClickAsync();
        await Expect(participants.Nth(1)).ToContainTextAsync("muted");
        await Expect(leadPage.Locator("#message")).ToBeDisabledAsync();
        await leadPage.GetByTestId("mute").ClickAsync();
        await Expect(participants.Nth(1)).Not.ToContainTextAsync("muted");

        var answers = new List<string>();
        for (var turn = 0; !await leadPage.GetByTestId("ended").IsVisibleAsync(); turn++)
        {
            Assert.True(turn < 20, "the interview did not end within 20 answers: " + string.Join(" | ", answers));
            var asked = await aiLines.CountAsync();
            var answer = AnswerTo(await aiLines.Nth(asked - 1).InnerTextAsync());
            answers.Add(answer);
            await leadPage.Locator("#message").FillAsync(answer);
            await leadPage.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(aiLines).ToHaveCountAsync(asked + 1);
        }

        // The rep saw every line live, in order, and then the analysis the completion stored.
        var leadTranscript = await leadPage.Locator("[data-testid=transcript] li.line .line-text").AllInnerTextsAsync();
        await Expect(repPage.Locator("[data-testid=transcript] li.line .line-text")).ToHaveTextAsync(leadTranscript.ToArray());
        await Expect(repPage.GetByTestId("ended")).ToBeVisibleAsync();
        await Expect(repPage.GetByTestId("qualification")).ToHaveTextAsync("qualified", new() { Timeout = 60_000 });
        await Expect(repPage.GetByTestId("analysis-result")).ToContainTextAsync("50,000");
        Assert.Empty(pageErrors);

        var completed = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{meeting.Id:D}", MeetingTestHost.Json, Ct);
        Assert.Equal(MeetingStatus.Completed, completed!.Status);
    }

    /// <summary>The link as the app wrote it (Booking:JoinUrlBase), pointed at the test host's address.</summary>
    private static string Local(MeetingTestHost host, string link) => new Uri(host.Client.BaseAddress!, new Uri(link).PathAndQuery).ToString();

    /// <summary>What a keen, qualified lead answers to each of the default set's questions (and their follow-ups).</summary>
    private static string AnswerTo(string question) => question switch
    {
        _ when Regex.IsMatch(question, "budget|spend|invest|cost", RegexOptions.IgnoreCase) =>
            "We have a budget of 50,000 dollars a year approved for this.",
        _ when Regex.IsMatch(question, "sign off|decid|decision", RegexOptions.IgnoreCase) =>
            "I am the CEO and I make the final decision; our head of sales advises me.",
        _ when Regex.IsMatch(question, "using today|handle this|missing", RegexOptions.IgnoreCase) =>
            "Today we use spreadsheets and email, which is slow and error-prone.",
        _ when Regex.IsMatch(question, "when|timeline|time frame|start", RegexOptions.IgnoreCase) =>
            "We want to start next month, within 30 days.",
        _ when Regex.IsMatch(question, "challenge|example|problem", RegexOptions.IgnoreCase) =>
            "Our sales team loses about 10 hours every week booking meetings by hand, and we need to automate it because leads slip away.",
        _ => "No, that is everything, thank you.",
    };
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using AiScheduler.Functions.Analytics;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Campaigns;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Meetings.Room;
using AiScheduler.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AiScheduler.Functions.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, driven by Playwright) against the real host on SQLite, calling the
/// telephony emulator's personas: a user signs in through the auth contract, uploads a CSV and reads its row errors by
/// line, creates and starts a campaign and watches the call's transcript grow live, opens the meeting the call booked,
/// sees the overview's KPIs equal what <c>/api/analytics/overview</c> answers for the same range, and signs out, after
/// which the API refuses the browser. Each page is written as a screenshot (see Screenshot).
/// </summary>
public sealed class DashboardBrowserTests(PostgresFixture postgres)
{
    // A user and lead whose names carry markup and right-to-left text: the dashboard shows them as text.
    private const string UserName = "<i>Rina</i> רינה";
    private const string Email = "rina.rep@example.com";
    private const string Password = "correct-horse-battery-staple-42";
    private const string DanaPhone = "+972501234567";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rep_signs_in_imports_leads_runs_a_campaign_live_opens_the_booked_meeting_checks_the_kpis_and_signs_out()
    {
        // Monday morning whatever the real date. The browser's own clock is left alone: the page reads "now" from the
        // app (GET /api/auth/me), so its periods are the app's. The emulator runs at a third of real time so the call
        // lasts long enough to be watched.
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, ["dana-books-tuesday-at-ten"], null, Ct,
            clock: TestClocks.StartingAt(TestClocks.Default), timeScale: 0.3);
        // The rep's account, as `admin create-user` makes one (the browser then signs in through the auth contract).
        await host.Get<UserStore>().AddMemberAsync(Workspaces.DefaultId, Email, UserName, "admin", host.Get<Passwords>().Hash(Password), Ct);

        // A shared machine under load: pages and their chunks may take longer than Playwright's 5 s default to appear.
        SetDefaultExpectTimeout(20_000);
        var dana = (await host.Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, DanaPhone, Ct))!;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = MeetingRoomBrowserTests.Chromium, Headless = true });
        // A viewer in UTC whatever the machine's zone, so the lead's own time (Asia/Jerusalem) is shown beside the viewer's.
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = host.Client.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // Sign in.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AiScheduler" })).ToBeVisibleAsync();
        await Screenshot(page, "sign-in");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync();
        // The user's name is shown as typed, never parsed.
        await Expect(page.Locator(".user-menu summary")).ToHaveTextAsync(UserName);
        Assert.Equal(0, await page.Locator(".user-menu summary i").CountAsync());

        // Upload a CSV: one good row, two rejected ones, shown by line.
        var csv = Path.Combine(Path.GetTempPath(), $"dashboard-upload-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Name,Phone,Email\nNoa Levi,+972 52 555 0101,noa@example.com\nNo Number,not-a-number,no.number@example.com\nEmpty Phone,,empty@example.com\n", Ct);
        await Nav(page, "Leads");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload CSV" }).ClickAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(csv);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("1 imported", new() { Timeout = 30_000 });
        var errorRows = page.GetByTestId("row-errors").Locator("tbody tr");
        await Expect(errorRows).ToHaveCountAsync(2);
        await Expect(errorRows.Nth(0).Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(errorRows.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("phone");
        await Expect(errorRows.Nth(1).Locator("td").Nth(0)).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("import-progress")).ToBeVisibleAsync();
        await Screenshot(page, "leads-upload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Screenshot(page, "leads");

        // Create a campaign for Dana and start it, with the live calls page open beside it.
        await Nav(page, "Campaigns");
        await page.GetByRole(AriaRole.Button, new() { Name = "New campaign" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Dashboard sweep");
        await page.GetByLabel("Find leads").FillAsync(DanaPhone[1..]);
        await page.GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await page.GetByLabel("Calling window").FillAsync("Mon-Sun 00:00-23:59");
        await page.GetByLabel("Time zone").FillAsync("Etc/UTC");
        await page.GetByLabel("Concurrent calls").FillAsync("1");
        await Screenshot(page, "campaign-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard sweep" })).ToBeVisibleAsync();
        var campaignId = Guid.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);

        var live = await context.NewPageAsync();
        live.PageError += (_, error) => pageErrors.Add(error);
        await live.GotoAsync("/live");
        await Expect(live.GetByTestId("live-status")).ToHaveTextAsync("connected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        var lines = live.Locator("[data-testid=live-call] [data-testid=live-transcript] li");
        await Expect(lines.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var seen = await lines.CountAsync();
        // The transcript grows while the page is open: lines arrive over the hub as they are said.
        await live.WaitForFunctionAsync("n => document.querySelectorAll('[data-testid=live-transcript] li').length > n", seen,
            new() { Timeout = 60_000 });
        Assert.True(await lines.CountAsync() > seen);
        await Expect(live.GetByTestId("live-call").First).ToContainTextAsync(dana.Name!);
        await Screenshot(live, "live-calls");

        // The campaign page follows the sweep until Dana is settled.
        await Expect(page.GetByTestId("campaign-progress")).ToContainTextAsync("1 of 1 leads done", new() { Timeout = 180_000 });
        Assert.NotEqual(Guid.Empty, campaignId);
        await Screenshot(page, "campaign");

        // The booked meeting.
        await Nav(page, "Meetings");
        await page.GetByRole(AriaRole.Button, new() { Name = "List" }).ClickAsync();
        var meetingLink = page.GetByRole(AriaRole.Table, new() { Name = "Meetings" }).Locator("tbody a").First;
        await Expect(meetingLink).ToBeVisibleAsync();
        await Screenshot(page, "meetings");
        await meetingLink.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Meeting with {dana.Name}" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("join-url")).ToContainTextAsync("/meet/");
        // The viewer's time with the lead's own beside it: Tuesday at ten on Dana's wall clock, as she asked.
        await Expect(page.GetByTestId("meeting-when")).ToContainTextAsync($"Tue 10:00 {dana.TimeZone}");
        await Screenshot(page, "meeting");

        // The call that booked it, with its transcript.
        await Nav(page, "Calls");
        await page.GetByRole(AriaRole.Table, new() { Name = "Calls" }).Locator("tbody a").First.ClickAsync();
        await Expect(page.GetByTestId("call-outcome")).ToHaveTextAsync("booked");
        await Expect(page.GetByTestId("call-transcript").Locator("li").First).ToBeVisibleAsync();
        await Screenshot(page, "call");

        // The overview's KPIs are the API's for the same range.
        await Nav(page, "Overview");
        var kpis = page.GetByTestId("kpis");
        await Expect(kpis).ToBeVisibleAsync();
        var from = await kpis.GetAttributeAsync("data-from");
        var to = await kpis.GetAttributeAsync("data-to");
        // What the API answers this signed-in browser for the same range.
        var overview = JsonSerializer.Deserialize<AnalyticsApi.OverviewResponse>(await page.EvaluateAsync<string>(
            "([from, to]) => fetch(`/api/analytics/overview?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`).then(r => r.text())",
            new[] { from, to }), Json)!;
        Assert.True(overview.CallsPlaced >= 1 && overview.Booked >= 1, JsonSerializer.Serialize(overview));
        await Expect(page.GetByTestId("kpi-calls")).ToHaveTextAsync(Number(overview.CallsPlaced));
        await Expect(page.GetByTestId("kpi-connect-rate")).ToHaveTextAsync(Percent(overview.ConnectedRate));
        await Expect(page.GetByTestId("kpi-booking-rate")).ToHaveTextAsync(Percent(overview.BookingRate));
        await Expect(page.GetByTestId("kpi-meetings-booked")).ToHaveTextAsync(Number(overview.MeetingsBooked));
        await Expect(page.GetByTestId("kpi-meetings-held")).ToHaveTextAsync(Number(overview.MeetingsHeld));
        await Expect(page.GetByTestId("kpi-qualified")).ToHaveTextAsync(Number(overview.QualifiedLeads));
        await Expect(page.GetByTestId("kpi-opt-outs")).ToHaveTextAsync(Number(overview.OptOuts));
        await Expect(page.GetByTestId("next-meetings")).ToContainTextAsync(dana.Name!);
        await Screenshot(page, "overview");

        foreach (var (link, heading, shot) in new[]
                 {
                     ("Question sets", "Question sets", "question-sets"), ("Do not call", "Do not call", "do-not-call"),
                     ("Emails", "Emails", "emails"), ("Settings", "Settings", "settings"),
                 })
        {
            await Nav(page, link);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            await Screenshot(page, shot);
        }

        // A phone-width screen: the navigation folds behind the menu button.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Nav(page, "Overview");
        await Expect(page.GetByTestId("kpi-calls")).ToHaveTextAsync(Number(overview.CallsPlaced));
        await Screenshot(page, "overview-phone");
        await page.SetViewportSizeAsync(1280, 900);

        // Sign out: back to the sign-in page, and the API refuses this browser.
        await page.Locator(".user-menu summary").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AiScheduler" })).ToBeVisibleAsync();
        Assert.Equal((int)HttpStatusCode.Unauthorized, await page.EvaluateAsync<int>("() => fetch('/api/leads').then(r => r.status)"));
        await page.GotoAsync("/leads");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to AiScheduler" })).ToBeVisibleAsync();
        Assert.Empty(pageErrors);
    }

    /// <summary>Follows a link of the main navigation.</summary>
    private static Task Nav(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>As the page writes a rate: a percentage with one decimal.</summary>
    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Writes the page to {name}.png in the test output's <c>screenshots</c> folder, so a test run leaves the checkout as
    /// it was; with <c>AISCHEDULER_SCREENSHOTS</c> set (e.g. <c>docs/screenshots</c>, relative to the repository root)
    /// it writes there instead, which is how the README's pictures are refreshed.
    /// </summary>
    private static async Task Screenshot(IPage page, string name)
    {
        var target = Environment.GetEnvironmentVariable("AISCHEDULER_SCREENSHOTS");
        var folder = Directory.CreateDirectory(string.IsNullOrWhiteSpace(target)
            ? Path.Combine(AppContext.BaseDirectory, "screenshots")
            : Path.Combine(RepositoryRoot(), target)).FullName;
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AiScheduler.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AiScheduler.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Meetings.Room;

/// <summary>The meeting room's signed links: what booking writes into the invite, what opens the room and what is refused.</summary>
public sealed class MeetingRoomLinkTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Booking_gives_the_lead_a_signed_expiring_room_link_that_opens_the_room_page()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var lead = await host.AddLeadAsync("Dana Levi", "+14155550142", "dana@example.com", Ct);
        var booking = host.App.Services.GetRequiredService<SlotBooking>();
        var party = new BookingParty(Workspaces.DefaultId, "call-room-link", lead.Id, lead.TimeZone);
        var offers = await booking.HoldAsync(party, new SlotQuery(null, null, 1), Ct);
        var booked = Assert.IsType<BookingResult.Booked>(await booking.BookAsync(party, offers[0], "dana@example.com", Ct));

        var link = new Uri(booked.JoinUrl!);
        Assert.Equal($"/meet/{Guid.Parse(booked.MeetingId):D}", link.AbsolutePath);
        var token = Assert.Single(System.Web.HttpUtility.ParseQueryString(link.Query).GetValues("t")!);
        var tokens = host.App.Services.GetRequiredService<RoomTokens>();
        var (grant, problem) = await tokens.CheckAsync(token, Guid.Parse(booked.MeetingId), Ct);
        Assert.Equal(RoomTokenProblem.None, problem);
        Assert.Equal(RoomRole.Lead, grant!.Role);
        Assert.Equal(offers[0].EndUtc.AddHours(12).ToUnixTimeSeconds(), grant.ExpiresAt.ToUnixTimeSeconds());

        using var page = await host.Client.GetAsync(link.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("id=\"room\"", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Missing_forged_expired_and_other_meetings_tokens_get_a_401_page_never_the_room()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var lead = await host.AddLeadAsync("Dana Levi", "+14155550142", "dana@example.com", Ct);
        var start = host.Clock.GetUtcNow().AddDays(2);
        var meeting = await host.BookAsync(lead, start, Ct);
        var other = await host.BookAsync(lead, start.AddHours(2), Ct);
        var tokens = host.App.Services.GetRequiredService<RoomTokens>();
        var valid = await tokens.SignAsync(meeting, RoomRole.Lead, start.AddHours(3), Ct);
        var forged = valid[..^2] + (valid[^2] == 'A' ? "BA" : "AA");
        var expired = await tokens.SignAsync(meeting, RoomRole.Lead, host.Clock.GetUtcNow().AddMinutes(-1), Ct);
        var otherMeetings = await tokens.SignAsync(other, RoomRole.Lead, start.AddHours(3), Ct);

        foreach (var (query, message) in new[]
                 {
                     ("", "has no access token"),
                     ("?t=not-a-token", "is not valid"),
                     ("?t=" + forged, "is not valid"),
                     ("?t=" + expired, "has expired"),
                     ("?t=" + otherMeetings, "belongs to another meeting"),
                 })
        {
            using var refused = await host.Client.GetAsync($"/meet/{meeting:D}{query}", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"room\"", html, StringComparison.Ordinal);
        }

        using var opened = await host.Client.GetAsync($"/meet/{meeting:D}?t={valid}", Ct);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }

    [Fact]
    public async Task The_room_links_api_signs_a_lead_and_a_rep_link_until_hours_after_the_end()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var lead = await host.AddLeadAsync("Dana Levi", "+14155550142", "dana@example.com", Ct);
        var start = host.Clock.GetUtcNow().AddDays(2);
        var meeting = await host.BookAsync(lead, start, Ct, minutes: 30);

        var links = await host.Client.GetFromJsonAsync<RoomLinks>($"/api/meetings/{meeting:D}/room", MeetingTestHost.Json, Ct);
        Assert.Equal(start.AddMinutes(30).AddHours(12).ToUnixTimeSeconds(), links!.ExpiresAt.ToUnixTimeSeconds());
        var tokens = host.App.Services.GetRequiredService<RoomTokens>();
        foreach (var (link, role) in new[] { (links.Lead, RoomRole.Lead), (links.Rep, RoomRole.Rep) })
        {
            var url = new Uri(link);
            var (grant, _) = await tokens.CheckAsync(System.Web.HttpUtility.ParseQueryString(url.Query)["t"], meeting, Ct);
            Assert.Equal(role, grant!.Role);
            using var page = await host.Client.GetAsync(url.PathAndQuery, Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var missing = await host.Client.GetAsync($"/api/meetings/{Guid.NewGuid():D}/room", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_hub_refuses_connections_without_a_valid_room_token()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var lead = await host.AddLeadAsync("Dana Levi", "+14155550142", "dana@example.com", Ct);
        var start = host.Clock.GetUtcNow().AddDays(2);
        var meeting = await host.BookAsync(lead, start, Ct);
        var valid = await host.App.Services.GetRequiredService<RoomTokens>().SignAsync(meeting, RoomRole.Rep, start.AddHours(3), Ct);

        async Task<HttpStatusCode> NegotiateAsync(string? bearer, string query = "")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/meet/hub/negotiate?negotiateVersion=1" + query);
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await host.Client.SendAsync(request, Ct);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(valid[..^3] + "abc"));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(null, "&access_token=garbage"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(valid));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(null, "&access_token=" + Uri.EscapeDataString(valid)));
    }

    [Fact]
    public async Task Without_a_configured_key_one_is_generated_once_and_kept_in_the_store_and_a_configured_key_wins()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "", Ct);
        var store = host.App.Services.GetRequiredService<DataStore>();
        var first = await new RoomSigningKey(store, Options.Create(new RoomOptions()), host.Clock).GetAsync(Ct);
        var second = await new RoomSigningKey(store, Options.Create(new RoomOptions()), host.Clock).GetAsync(Ct);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);

        var configured = await new RoomSigningKey(store, Options.Create(new RoomOptions { SigningKey = new string('k', 40) }), host.Clock).GetAsync(Ct);
        Assert.NotEqual(first, configured);
    }
}

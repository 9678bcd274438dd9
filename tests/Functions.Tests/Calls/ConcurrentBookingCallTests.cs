using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Phones;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>200 simultaneous calls over the emulator, all wanting a meeting from a calendar with ten free slots.</summary>
[Collection(CallLoad.Name)]
public sealed class ConcurrentBookingCallTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_simultaneous_callers_competing_for_ten_slots_book_each_slot_once_and_everyone_else_is_offered_a_callback()
    {
        // The calendar opens one day only, two days after the host clock's start in New York, 10:00-15:00: ten half-hour slots in its horizon.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TestClocks.Default, newYork).Date).AddDays(2);
        var contested = Enumerable.Range(0, 10)
            .Select(i => new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(10, 0)).AddMinutes(30 * i), newYork)))
            .ToList();
        var numbers = Enumerable.Range(0, 100).SelectMany(i => new[] { $"+1206555{3000 + i:D4}", $"+1312555{3000 + i:D4}" }).ToList();
        var eager = new Persona("eager-books-the-first-offer", numbers, "en-US", AnswerKind.Human, 0.5,
            [
                new PersonaReply("Yes, I'm interested."),
                new PersonaReply("The first one.", new Regex("(?i)which one")),
                new PersonaReply("Yes.", new Regex("(?i)invitation")),
            ],
            OutOfRepliesBehaviour.Hangup);
        await using var host = await CallsTestHost.StartAsync(
            await TestStores.SettingsAsync(StoreProvider.Postgres, postgres, Ct),
            emulator =>
            {
                emulator.PersonasDirectory = null;
                emulator.Personas.Add(eager);
            },
            new Dictionary<string, string?>
            {
                ["Booking:TimeZone"] = "America/New_York",
                ["Booking:Days"] = day.DayOfWeek.ToString(),
                ["Booking:Opens"] = "10:00",
                ["Booking:Closes"] = "15:00",
                ["Booking:GranularityMinutes"] = "30",
                ["Booking:MaxSlotsPerDay"] = "10",
                ["Booking:HorizonDays"] = "6",
            },
            Ct);
        var calls = host.Get<OutboundCalls>();

        var callIds = await Task.WhenAll(numbers.Select((number, n) => calls.PlaceAsync(
            new CallTarget(Workspaces.DefaultId, null, PhoneNumber.Parse(number), $"Caller {n}", $"caller{n}@example.com", null, "en-US", "America/New_York"),
            Ct)));
        var sessions = await Task.WhenAll(callIds.Select(id => host.EndedAsync(id, TimeSpan.FromMinutes(3), Ct)));

        var meetings = await host.Get<SlotBooking>().ListAsync(Workspaces.DefaultId, Ct);
        Assert.Equal(10, meetings.Count);
        Assert.Equal(contested, meetings.Select(m => m.StartUtc).Order());
        Assert.Equal(10, sessions.Count(s => s.Outcome == CallOutcome.Booked));
        Assert.Equal(meetings.Select(m => m.CallId).Order(), sessions.Where(s => s.Outcome == CallOutcome.Booked).Select(s => s.CallId).Order());

        // Nobody else got a slot someone else holds or booked: they heard that nothing was free and were offered a callback.
        var others = sessions.Where(s => s.Outcome != CallOutcome.Booked).ToList();
        Assert.Equal(190, others.Count);
        Assert.All(others, s => Assert.Equal(CallOutcome.CallbackRequested, s.Outcome));
        Assert.All(others, s => Assert.Empty(s.State.OfferedSlots));
    }
}

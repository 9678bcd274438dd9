using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>
/// A committed meeting is the call's outcome: the session is marked booked the moment the booking commits, no later
/// change of the session replaces that, and a call settled after it (a goodbye, a hang-up, a turn that lost a race)
/// ends <c>booked</c>, never <c>not-interested</c>.
/// </summary>
public sealed class BookedOutcomeTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_call_whose_booking_committed_settles_booked_even_when_the_turn_that_booked_lost_its_race(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(Now);
        var sessions = new CallSessionStore(await TestStores.CreateAsync(provider, postgres, clock, ct), clock);
        await sessions.RegisterAsync(new NewCallSession("call-1", Workspaces.DefaultId, null, "+972501234567", Context()), ct);
        var registered = (await sessions.GetAsync("call-1", ct))!;
        var spoke = registered.State with
        {
            Stage = DialogueStage.ConfirmingEmail,
            Turns = [new ConversationTurn(ConversationTurn.Lead, "כן, נכון", "he-IL", Now)],
        };
        Assert.True(await sessions.TryAdvanceAsync(registered, registered.Version, new SessionChange(CallPhase.Thinking, null, spoke), ct));

        // The booking commits during the turn; before the turn stores its result, the hang-up is handled elsewhere with
        // the state as it was (no outcome decided in it).
        await sessions.RecordBookedAsync("call-1", ct);
        var thinking = (await sessions.GetAsync("call-1", ct))!;
        Assert.True(await sessions.TryAdvanceAsync(thinking, thinking.Version, new SessionChange(CallPhase.HangingUp, null, spoke), ct));
        var settled = (await sessions.GetAsync("call-1", ct))!;

        Assert.Equal(CallOutcome.Booked, settled.Outcome);
        Assert.Equal(CallOutcome.Booked, CallSession.OutcomeOf(settled, failure: null));
    }

    [Fact]
    public void A_callee_who_spoke_and_hung_up_without_a_booking_is_not_interested()
    {
        var record = Record(outcomeColumn: null, Turns());

        Assert.Equal(CallOutcome.NotInterested, CallSession.OutcomeOf(record, failure: null));
    }

    [Fact]
    public void A_callee_who_asked_to_be_called_back_and_hung_up_when_asked_when_wants_a_call_back()
    {
        var asked = Turns() with { Stage = DialogueStage.AskingCallbackTime };

        Assert.Equal(CallOutcome.CallbackRequested, CallSession.OutcomeOf(Record(outcomeColumn: null, asked), failure: null));
    }

    [Fact]
    public void A_goodbye_after_a_committed_meeting_ends_the_call_booked()
    {
        var afterBooking = Turns() with { MeetingId = "meeting-1", Outcome = CallOutcome.NotInterested };

        Assert.Equal(CallOutcome.Booked, CallSession.OutcomeOf(Record(outcomeColumn: null, afterBooking), failure: null));
        Assert.Equal(CallOutcome.Booked, CallSession.OutcomeOf(Record(CallOutcome.Booked, Turns()), failure: null));
    }

    private static ConversationState Turns() => ConversationState.Begin(Context(), Now) with
    {
        Stage = DialogueStage.ConfirmingEmail,
        Turns =
        [
            new ConversationTurn(ConversationTurn.Agent, "שלום", "he-IL", Now),
            new ConversationTurn(ConversationTurn.Lead, "תודה, להתראות", "he-IL", Now),
        ],
    };

    private static CallSessionRecord Record(CallOutcome? outcomeColumn, ConversationState state) =>
        new("call-1", Guid.NewGuid(), null, "+972501234567", "connection-1", CallPhase.Listening, 3, null, state, outcomeColumn, null, Now, null);

    private static CallContext Context() =>
        new("Dana", "dana@example.com", null, "Alex", "Northwind", "a short demo", "he-IL", "Asia/Jerusalem", Now, RecordingEnabled: true);
}

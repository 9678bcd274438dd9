using System.Text.Json;
using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

public sealed class CallOutcomeTests
{
    [Theory]
    [InlineData(CallOutcome.Booked, "booked")]
    [InlineData(CallOutcome.NotInterested, "not-interested")]
    [InlineData(CallOutcome.CallbackRequested, "callback-requested")]
    [InlineData(CallOutcome.OptedOut, "opted-out")]
    [InlineData(CallOutcome.Voicemail, "voicemail")]
    [InlineData(CallOutcome.NoAnswer, "no-answer")]
    [InlineData(CallOutcome.Busy, "busy")]
    [InlineData(CallOutcome.Failed, "failed")]
    [InlineData(CallOutcome.WrongNumber, "wrong-number")]
    public void Wire_names_round_trip(CallOutcome outcome, string wireName)
    {
        Assert.Equal(wireName, outcome.ToWireName());
        Assert.Equal(outcome, CallOutcomeWire.Parse(wireName));
        Assert.Equal(outcome, CallOutcomeWire.Parse(wireName.ToUpperInvariant()));
    }

    [Fact]
    public void An_unknown_wire_name_is_rejected_with_the_valid_names()
    {
        var error = Assert.Throws<FormatException>(() => CallOutcomeWire.Parse("hung-up"));
        Assert.Contains("not-interested", error.Message, StringComparison.Ordinal);
        Assert.False(CallOutcomeWire.TryParse(null, out _));
    }

    [Fact]
    public void A_slot_must_end_after_it_starts()
    {
        var start = new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero);
        Assert.Throws<ArgumentException>(() => new SlotOffer(start, start));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlotQuery(null, null, 0));
    }

    [Fact]
    public void Conversation_state_survives_a_json_round_trip()
    {
        var now = new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);
        var context = new CallContext("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "a demo", "he-IL", "Asia/Jerusalem", now, true);
        var slot = new SlotOffer(now.AddDays(1), now.AddDays(1).AddMinutes(30));
        var state = ConversationState.Begin(context, now) with
        {
            Stage = DialogueStage.ConfirmingEmail,
            OfferedSlots = [slot],
            ChosenSlot = slot,
            Turns = [new ConversationTurn(ConversationTurn.Agent, "שלום", "he-IL", now)],
            Outcome = CallOutcome.Booked,
        };

        var copy = JsonSerializer.Deserialize<ConversationState>(JsonSerializer.Serialize(state))!;

        Assert.Equal(state.Context, copy.Context);
        Assert.Equal(state.Stage, copy.Stage);
        Assert.Equal(slot, Assert.Single(copy.OfferedSlots));
        Assert.Equal(slot, copy.ChosenSlot);
        Assert.Equal(state.Turns[0], Assert.Single(copy.Turns));
        Assert.Equal(CallOutcome.Booked, copy.Outcome);
    }
}

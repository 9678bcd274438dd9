using AiScheduler.Domain.Campaigns;

namespace AiScheduler.Domain.Tests.Campaigns;

public class LeadCallLifecycleTests
{
    public static TheoryData<LeadCallState, LeadCallAction, LeadCallState> Allowed => new()
    {
        { LeadCallState.Pending, LeadCallAction.Dial, LeadCallState.Calling },
        { LeadCallState.Pending, LeadCallAction.Settle, LeadCallState.Settled },
        { LeadCallState.Calling, LeadCallAction.WaitForRetry, LeadCallState.RetryWait },
        { LeadCallState.Calling, LeadCallAction.WaitForCallback, LeadCallState.CallbackWait },
        { LeadCallState.Calling, LeadCallAction.Settle, LeadCallState.Settled },
        { LeadCallState.RetryWait, LeadCallAction.Dial, LeadCallState.Calling },
        { LeadCallState.RetryWait, LeadCallAction.Settle, LeadCallState.Settled },
        { LeadCallState.CallbackWait, LeadCallAction.Dial, LeadCallState.Calling },
        { LeadCallState.CallbackWait, LeadCallAction.Settle, LeadCallState.Settled },
        { LeadCallState.Pending, LeadCallAction.Defer, LeadCallState.RetryWait },
        { LeadCallState.RetryWait, LeadCallAction.Defer, LeadCallState.RetryWait },
        { LeadCallState.CallbackWait, LeadCallAction.Defer, LeadCallState.CallbackWait },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_moves_lead_to_the_expected_state(LeadCallState from, LeadCallAction action, LeadCallState to) =>
        Assert.Equal(to, LeadCallLifecycle.Apply(from, action));

    [Fact]
    public void Every_other_move_is_rejected_with_a_reason()
    {
        var allowed = Allowed.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();
        Assert.Equal(allowed.Count, LeadCallLifecycle.AllowedMoves.Count());
        foreach (var from in Enum.GetValues<LeadCallState>())
        {
            foreach (var action in Enum.GetValues<LeadCallAction>())
            {
                var transition = LeadCallLifecycle.CanTransition(from, action);
                Assert.Equal(allowed.Contains((from, action)), transition.IsAllowed);
                if (!transition.IsAllowed)
                {
                    Assert.Equal(from, transition.To);
                    Assert.Equal(transition.Reason, Assert.Throws<InvalidTransitionException>(() => LeadCallLifecycle.Apply(from, action)).Message);
                }
            }
        }
    }

    [Fact]
    public void A_lead_is_never_dialled_twice_at_once_nor_after_it_settled()
    {
        Assert.Equal("The lead is already on a call; wait for it to end.",
            LeadCallLifecycle.CanTransition(LeadCallState.Calling, LeadCallAction.Dial).Reason);
        Assert.Equal("A settled lead is not called again in this campaign.",
            LeadCallLifecycle.CanTransition(LeadCallState.Settled, LeadCallAction.Dial).Reason);
        Assert.Equal("Only a call that just ended can lead to a wait; the lead is retry.",
            LeadCallLifecycle.CanTransition(LeadCallState.RetryWait, LeadCallAction.WaitForCallback).Reason);
    }

    [Fact]
    public void A_lead_on_a_call_is_not_deferred_and_a_settled_one_stays_settled()
    {
        Assert.Equal("The lead is on a call; only a waiting lead is deferred.",
            LeadCallLifecycle.CanTransition(LeadCallState.Calling, LeadCallAction.Defer).Reason);
        Assert.Equal("A settled lead is not called again in this campaign.",
            LeadCallLifecycle.CanTransition(LeadCallState.Settled, LeadCallAction.Defer).Reason);
    }

    [Fact]
    public void Moves_for_an_action_list_every_allowed_move_of_the_table_in_state_order()
    {
        foreach (var action in Enum.GetValues<LeadCallAction>())
        {
            var expected = Allowed.Where(row => row.Data.Item2 == action).Select(row => (row.Data.Item1, row.Data.Item3)).OrderBy(move => move.Item1);
            Assert.Equal(expected, LeadCallLifecycle.MovesFor(action));
        }

        Assert.Equal([(LeadCallState.Pending, LeadCallState.Calling), (LeadCallState.RetryWait, LeadCallState.Calling), (LeadCallState.CallbackWait, LeadCallState.Calling)],
            LeadCallLifecycle.MovesFor(LeadCallAction.Dial));
        Assert.Equal([(LeadCallState.Calling, LeadCallState.RetryWait)], LeadCallLifecycle.MovesFor(LeadCallAction.WaitForRetry));
    }

    [Fact]
    public void Decisions_about_a_finished_call_map_to_moves_that_follow_a_call()
    {
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(LeadCallAction.WaitForRetry, LeadCallLifecycle.ActionFor(new AttemptDecision.Retry(now, 2)));
        Assert.Equal(LeadCallAction.WaitForCallback, LeadCallLifecycle.ActionFor(new AttemptDecision.Callback(now, 2)));
        Assert.Equal(LeadCallAction.Settle, LeadCallLifecycle.ActionFor(new AttemptDecision.Done(LeadSettlement.Booked)));
        Assert.Equal(LeadCallAction.Settle, LeadCallLifecycle.ActionFor(AttemptDecision.DoNotCall.Instance));
        foreach (var action in new[] { LeadCallAction.WaitForRetry, LeadCallAction.WaitForCallback, LeadCallAction.Settle })
        {
            Assert.True(LeadCallLifecycle.CanTransition(LeadCallState.Calling, action).IsAllowed);
        }
    }

    [Fact]
    public void A_lead_with_two_retries_and_a_callback_walks_the_table()
    {
        var state = LeadCallState.Pending;
        foreach (var action in new[] { LeadCallAction.Dial, LeadCallAction.WaitForRetry, LeadCallAction.Dial, LeadCallAction.WaitForCallback,
                     LeadCallAction.Dial, LeadCallAction.WaitForRetry, LeadCallAction.Dial, LeadCallAction.Settle })
        {
            state = LeadCallLifecycle.Apply(state, action);
        }

        Assert.Equal(LeadCallState.Settled, state);
    }

    [Theory]
    [InlineData(LeadCallState.Pending, "pending")]
    [InlineData(LeadCallState.Calling, "calling")]
    [InlineData(LeadCallState.RetryWait, "retry")]
    [InlineData(LeadCallState.CallbackWait, "callback")]
    [InlineData(LeadCallState.Settled, "settled")]
    public void States_have_wire_names_that_round_trip(LeadCallState state, string wire)
    {
        Assert.Equal(wire, state.ToWireName());
        Assert.True(LeadCallLifecycle.TryParseState(wire, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void Settlements_have_the_store_lead_status_names()
    {
        Assert.Equal(["booked", "not-interested", "wrong-number", "do-not-call", "unreachable", "failed"], LeadSettlementWire.AllNames);
        foreach (var settlement in Enum.GetValues<LeadSettlement>())
        {
            Assert.True(LeadSettlementWire.TryParse(settlement.ToWireName(), out var parsed));
            Assert.Equal(settlement, parsed);
        }
    }
}

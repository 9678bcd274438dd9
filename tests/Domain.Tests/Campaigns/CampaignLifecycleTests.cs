using AiScheduler.Domain.Campaigns;

namespace AiScheduler.Domain.Tests.Campaigns;

public class CampaignLifecycleTests
{
    public static TheoryData<CampaignStatus, CampaignAction, CampaignStatus> Allowed => new()
    {
        { CampaignStatus.Draft, CampaignAction.Schedule, CampaignStatus.Scheduled },
        { CampaignStatus.Draft, CampaignAction.Start, CampaignStatus.Running },
        { CampaignStatus.Draft, CampaignAction.Cancel, CampaignStatus.Cancelled },
        { CampaignStatus.Scheduled, CampaignAction.Start, CampaignStatus.Running },
        { CampaignStatus.Scheduled, CampaignAction.Cancel, CampaignStatus.Cancelled },
        { CampaignStatus.Running, CampaignAction.Pause, CampaignStatus.Paused },
        { CampaignStatus.Running, CampaignAction.Complete, CampaignStatus.Completed },
        { CampaignStatus.Running, CampaignAction.Cancel, CampaignStatus.Cancelled },
        { CampaignStatus.Paused, CampaignAction.Resume, CampaignStatus.Running },
        { CampaignStatus.Paused, CampaignAction.Cancel, CampaignStatus.Cancelled },
        { CampaignStatus.Completed, CampaignAction.Start, CampaignStatus.Running },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_moves_lead_to_the_expected_status(CampaignStatus from, CampaignAction action, CampaignStatus to)
    {
        Assert.Equal(Transition<CampaignStatus>.Allowed(to), CampaignLifecycle.CanTransition(from, action));
        Assert.Equal(to, CampaignLifecycle.Apply(from, action));
    }

    [Fact]
    public void Every_other_move_is_rejected_with_a_reason_and_leaves_the_status_unchanged()
    {
        var allowed = Allowed.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();
        Assert.Equal(allowed.Count, CampaignLifecycle.AllowedMoves.Count());
        foreach (var from in Enum.GetValues<CampaignStatus>())
        {
            foreach (var action in Enum.GetValues<CampaignAction>())
            {
                var transition = CampaignLifecycle.CanTransition(from, action);
                Assert.Equal(allowed.Contains((from, action)), transition.IsAllowed);
                if (!transition.IsAllowed)
                {
                    Assert.Equal(from, transition.To);
                    Assert.False(string.IsNullOrWhiteSpace(transition.Reason));
                    var error = Assert.Throws<InvalidTransitionException>(() => CampaignLifecycle.Apply(from, action));
                    Assert.Equal(transition.Reason, error.Message);
                }
            }
        }
    }

    [Fact]
    public void A_campaign_runs_through_its_whole_life()
    {
        var status = CampaignStatus.Draft;
        foreach (var action in new[] { CampaignAction.Schedule, CampaignAction.Start, CampaignAction.Pause, CampaignAction.Resume,
                     CampaignAction.Pause, CampaignAction.Resume, CampaignAction.Complete })
        {
            status = CampaignLifecycle.Apply(status, action);
        }

        Assert.Equal(CampaignStatus.Completed, status);
    }

    [Fact]
    public void Rejections_say_what_is_possible_instead()
    {
        Assert.Equal("A completed campaign cannot be paused; it can be started.",
            CampaignLifecycle.CanTransition(CampaignStatus.Completed, CampaignAction.Pause).Reason);
        Assert.Equal("A paused campaign cannot be paused; it can be resumed or cancelled.",
            CampaignLifecycle.CanTransition(CampaignStatus.Paused, CampaignAction.Pause).Reason);
        Assert.Equal("A cancelled campaign cannot be resumed; nothing can change it any more.",
            CampaignLifecycle.CanTransition(CampaignStatus.Cancelled, CampaignAction.Resume).Reason);
    }

    [Fact]
    public void Only_cancelled_is_final()
    {
        Assert.Equal([CampaignStatus.Cancelled], Enum.GetValues<CampaignStatus>().Where(CampaignLifecycle.IsFinal));
        Assert.All(Enum.GetValues<CampaignStatus>().Where(s => !CampaignLifecycle.IsFinal(s)),
            s => Assert.Contains(CampaignLifecycle.AllowedMoves, move => move.From == s));
    }

    [Theory]
    [InlineData(CampaignStatus.Draft, "draft")]
    [InlineData(CampaignStatus.Scheduled, "scheduled")]
    [InlineData(CampaignStatus.Running, "running")]
    [InlineData(CampaignStatus.Paused, "paused")]
    [InlineData(CampaignStatus.Completed, "completed")]
    [InlineData(CampaignStatus.Cancelled, "cancelled")]
    public void Statuses_have_wire_names_that_round_trip(CampaignStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWireName());
        Assert.True(CampaignLifecycle.TryParseStatus(wire.ToUpperInvariant(), out var parsed));
        Assert.Equal(status, parsed);
    }

    [Fact]
    public void Unknown_wire_names_do_not_parse() => Assert.False(CampaignLifecycle.TryParseStatus("stopped", out _));
}

using AiScheduler.Domain.Meetings.Analysis;

namespace AiScheduler.Domain.Tests.Meetings.Analysis;

public class BantScoringTests
{
    [Theory]
    [InlineData(100, 100, 100, 100, 100)]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(80, 60, 90, 50, 72)] // 20 + 15 + 27 + 10
    [InlineData(50, 50, 50, 50, 50)]
    [InlineData(10, 90, 90, 90, 70)] // 2.5 + 22.5 + 27 + 18
    [InlineData(55, 55, 55, 55, 55)]
    [InlineData(1, 0, 0, 0, 0)] // 0.25 rounds down
    [InlineData(2, 0, 0, 0, 1)] // 0.5 rounds away from zero
    public void Overall_is_the_documented_weighted_mean(int budget, int authority, int need, int timeline, int overall) =>
        Assert.Equal(overall, BantScoring.Overall(budget, authority, need, timeline));

    [Fact]
    public void The_weights_add_up_to_one() =>
        Assert.Equal(1.0, BantScoring.BudgetWeight + BantScoring.AuthorityWeight + BantScoring.NeedWeight + BantScoring.TimelineWeight, 10);

    [Theory]
    [InlineData(70, 70, 70, 70, QualificationStatus.Qualified)]
    [InlineData(95, 90, 100, 50, QualificationStatus.Qualified)]
    [InlineData(95, 90, 100, 49, QualificationStatus.Nurture)] // one dimension under the floor
    [InlineData(69, 69, 69, 69, QualificationStatus.Nurture)] // overall just under 70
    [InlineData(40, 40, 40, 40, QualificationStatus.Nurture)]
    [InlineData(39, 39, 39, 39, QualificationStatus.Disqualified)] // overall under 40
    [InlineData(100, 100, 19, 100, QualificationStatus.Disqualified)] // no need, whatever the rest
    [InlineData(100, 100, 20, 100, QualificationStatus.Nurture)]
    public void Status_follows_the_documented_thresholds(int budget, int authority, int need, int timeline, QualificationStatus status) =>
        Assert.Equal(status, BantScoring.StatusOf(budget, authority, need, timeline));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Scores_outside_0_to_100_are_refused(int score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DimensionScore(score, [], ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => BantScoring.Overall(score, 50, 50, 50));
    }

    [Theory]
    [InlineData(QualificationStatus.Qualified, "qualified")]
    [InlineData(QualificationStatus.Nurture, "nurture")]
    [InlineData(QualificationStatus.Disqualified, "disqualified")]
    public void Statuses_have_stable_wire_names(QualificationStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.True(BantScoring.TryParse(wire, out var parsed));
        Assert.Equal(status, parsed);
    }
}

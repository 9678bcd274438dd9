using AiScheduler.Domain.Recording;

namespace AiScheduler.Domain.Tests.Recording;

public sealed class RecordingRulesTests
{
    [Fact]
    public void Every_country_row_names_its_source_once()
    {
        Assert.All(RecordingRules.All, rule =>
        {
            Assert.Matches("^[A-Z]{2}$", rule.Country);
            Assert.True(rule.Source.Length > 30, $"{rule.Country} has no real source or assumption");
        });
        Assert.Equal(RecordingRules.All.Count, RecordingRules.All.Select(r => r.Country).Distinct().Count());
    }

    [Theory]
    [InlineData("US", RecordingMode.AnnounceAndRecord, true, false)]
    [InlineData("IL", RecordingMode.AnnounceAndRecord, true, false)]
    [InlineData("DE", RecordingMode.AskFirst, false, true)]
    [InlineData("FR", RecordingMode.AskFirst, false, true)]
    [InlineData("ZZ", RecordingMode.AskFirst, false, true)]
    [InlineData(null, RecordingMode.AskFirst, false, true)]
    public void With_a_recorder_the_country_decides_to_announce_or_to_ask(string? country, RecordingMode mode, bool announce, bool ask) =>
        Assert.Equal(new RecordingPlan(mode, announce, ask), RecordingRules.Plan(country, recorderOn: true));

    [Theory]
    [InlineData("US")]
    [InlineData("DE")]
    public void Without_a_recorder_nothing_is_announced_or_asked(string country) =>
        Assert.Equal(new RecordingPlan(RecordingMode.Never, false, false), RecordingRules.Plan(country, recorderOn: false));

    [Fact]
    public void Configuration_overrides_a_country()
    {
        var overrides = new Dictionary<string, RecordingMode>(StringComparer.OrdinalIgnoreCase) { ["us"] = RecordingMode.Never, ["DE"] = RecordingMode.AnnounceAndRecord };

        Assert.Equal(new RecordingPlan(RecordingMode.Never, false, false), RecordingRules.Plan("US", true, overrides));
        Assert.Equal(new RecordingPlan(RecordingMode.AnnounceAndRecord, true, false), RecordingRules.Plan("DE", true, overrides));
    }
}

namespace AiScheduler.Domain.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_loads()
    {
        Assert.Equal("AiScheduler.Domain", typeof(SmokeTests).Assembly.GetName().Name!.Replace(".Tests", "", StringComparison.Ordinal));
    }
}

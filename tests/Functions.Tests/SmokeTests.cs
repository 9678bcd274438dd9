namespace AiScheduler.Functions.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_loads()
    {
        Assert.Equal("AiScheduler.Functions", typeof(SmokeTests).Assembly.GetName().Name!.Replace(".Tests", "", StringComparison.Ordinal));
    }
}

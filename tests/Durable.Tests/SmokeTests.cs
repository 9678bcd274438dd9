namespace AiScheduler.Durable.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_loads()
    {
        Assert.Equal("AiScheduler.Durable", typeof(SmokeTests).Assembly.GetName().Name!.Replace(".Tests", "", StringComparison.Ordinal));
    }
}

namespace AiScheduler.Emulators.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_loads()
    {
        Assert.Equal("AiScheduler.Emulators", typeof(SmokeTests).Assembly.GetName().Name!.Replace(".Tests", "", StringComparison.Ordinal));
    }
}

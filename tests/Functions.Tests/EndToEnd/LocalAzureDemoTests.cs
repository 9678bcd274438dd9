using AiScheduler.Functions.Demo;
using AppProfiles = AiScheduler.Functions.Hosting.Profiles;

namespace AiScheduler.Functions.Tests.EndToEnd;

/// <summary>
/// What the demo adds to configuration when pointed at the local-azure stack. (The run itself is verified by hand against
/// infra/local/up.sh: it reads the profile from the process environment, which tests running in parallel must not change.)
/// </summary>
public sealed class LocalAzureDemoTests
{
    [Fact]
    public void The_demo_on_a_shared_stack_sets_only_its_pace_so_store_storage_and_telephony_come_from_the_profile()
    {
        var settings = DemoRun.SharedStackConfiguration("/tmp/demo-outbox");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(AppProfiles.All[AppProfiles.LocalAzure].Defaults)
            .AddInMemoryCollection(settings)
            .Build();

        Assert.All(settings.Keys, key => Assert.True(
            new[] { "Booking:", "CallingRules:", "Campaigns:", "Durable:", "Logging:", "Meetings:" }.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal))
            || key == "Email:Outbox:Directory", $"the demo should not override {key} on a shared stack"));
        Assert.Equal("/tmp/demo-outbox", settings["Email:Outbox:Directory"]);
        Assert.Equal("postgres", configuration["Store:Provider"]);
        Assert.Equal("azure", configuration["Storage:Provider"]);
        Assert.Equal("acs", configuration["Telephony:Provider"]);
        Assert.Equal("http://127.0.0.1:7071/", configuration["Telephony:CallbackBaseUri"]);
        Assert.Equal("00:00:00.200", configuration["Durable:MaxPollingInterval"]);
    }

    [Fact]
    public void The_embedded_demo_still_brings_its_own_store_folder_and_in_process_emulator()
    {
        var settings = DemoRun.DemoConfiguration("/tmp/demo", "/tmp/demo/outbox", 5123, null);

        Assert.Equal("sqlite", settings["Store:Provider"]);
        Assert.Equal("local", settings["Storage:Provider"]);
        Assert.Equal("emulator", settings["Telephony:Provider"]);
        Assert.Equal("http://127.0.0.1:5123/", settings["Telephony:CallbackBaseUri"]);
    }
}

using Microsoft.Extensions.Options;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Tests.Telephony;

public class TelephonyOptionsTests
{
    private static async Task<OptionsValidationException> StartFailsAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTelephony();
        await using var app = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_emulator_provider_in_a_host_without_embedded_telephony_fails_on_start_naming_the_ACS_settings()
    {
        // The Azure Functions app composes telephony like this: no in-process emulator, so the embedded default cannot run.
        var error = await StartFailsAsync(new() { ["Telephony:Provider"] = "emulator" });

        Assert.Contains("Telephony:Provider is 'emulator'", error.Message);
        Assert.Contains("only the self-host (src/Host) runs the emulator", error.Message);
        Assert.Contains("Telephony:Acs:ConnectionString", error.Message);
        Assert.Contains("standalone emulator", error.Message);
    }

    [Fact]
    public async Task ACS_without_credentials_caller_id_or_callback_secret_fails_on_start_saying_what_to_set()
    {
        var error = await StartFailsAsync(new() { ["Telephony:Provider"] = "acs" });

        Assert.Contains("Telephony:Acs:ConnectionString", error.Message);
        Assert.Contains("Telephony:Acs:CallerId", error.Message);
        Assert.Contains("Telephony:CallbackSecret", error.Message);
    }

    [Fact]
    public async Task A_connection_string_without_an_access_key_is_explained()
    {
        var error = await StartFailsAsync(new()
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = "endpoint=https://x.communication.azure.com/",
            ["Telephony:Acs:CallerId"] = "+14255550100",
            ["Telephony:CallbackSecret"] = new string('s', 40),
        });

        Assert.Contains("accesskey", error.Message);
    }

    [Fact]
    public async Task Required_callback_tokens_need_the_resource_id_as_audience()
    {
        var error = await StartFailsAsync(new() { ["Telephony:CallbackJwt:Required"] = "true" });

        Assert.Contains("Telephony:CallbackJwt:Audience", error.Message);
    }

    [Fact]
    public void Connection_strings_parse_endpoint_and_key_in_any_order_and_case()
    {
        var connection = AcsConnection.FromConnectionString("AccessKey=c2VjcmV0;Endpoint=https://x.communication.azure.com");

        Assert.Equal(new Uri("https://x.communication.azure.com/"), connection.Endpoint);
    }
}

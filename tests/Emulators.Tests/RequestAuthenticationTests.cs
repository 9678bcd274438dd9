using System.Security.Cryptography;
using System.Text;
using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

public class RequestAuthenticationTests
{
    [Fact]
    public async Task A_request_signed_with_the_access_key_is_accepted()
    {
        await using var emulator = await Emulator.StartAsync();

        var callId = await emulator.Client.CreateCallAsync("+14255550123", emulator.Sink.Callbacks());

        Assert.False(string.IsNullOrEmpty(callId));
        Assert.Equal(0, emulator.Host.Counters.RejectedSignatures);
    }

    [Fact]
    public async Task A_request_signed_with_another_key_gets_401_with_an_ACS_error_body()
    {
        await using var emulator = await Emulator.StartAsync();
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var (status, body) = await emulator.Client.SendAsync(HttpMethod.Get, "/calling/callConnections/x?" + SignedAcsClient.ApiVersion, key: otherKey);

        Assert.Equal(401, status);
        Assert.Equal("Denied", body!["error"]!["code"]!.GetValue<string>());
        Assert.Contains("signature does not match", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_rejected()
    {
        await using var emulator = await Emulator.StartAsync();
        emulator.Client.Tamper = (request, bytes) =>
        {
            var changed = Encoding.UTF8.GetString(bytes).Replace("5550123", "5550124", StringComparison.Ordinal);
            request.Content = new StringContent(changed, Encoding.UTF8, "application/json");
            return Task.CompletedTask;
        };

        var (status, body) = await emulator.Client.PostAsync("/calling/callConnections", new
        {
            targets = new[] { new { phoneNumber = new { value = "+14255550123" } } },
            sourceCallerIdNumber = new { value = "+14255550100" },
            callbackUri = emulator.Sink.Callbacks().ToString(),
        });

        Assert.Equal(401, status);
        Assert.Contains("x-ms-content-sha256", body!["error"]!["message"]!.GetValue<string>());
        Assert.Equal(0, emulator.Host.Counters.CallsCreated);
    }

    [Fact]
    public async Task An_unsigned_request_is_rejected()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.Host.Endpoint };

        using var response = await http.GetAsync("/calling/callConnections/x?" + SignedAcsClient.ApiVersion, TestContext.Current.CancellationToken);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_request_without_api_version_gets_an_ACS_shaped_400()
    {
        await using var emulator = await Emulator.StartAsync();

        var (status, body) = await emulator.Client.SendAsync(HttpMethod.Get, "/calling/callConnections/x");

        Assert.Equal(400, status);
        Assert.Equal("MissingApiVersionParameter", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_call_gets_an_ACS_shaped_404()
    {
        await using var emulator = await Emulator.StartAsync();

        var (status, body) = await emulator.Client.SendAsync(HttpMethod.Get, "/calling/callConnections/no-such-call?" + SignedAcsClient.ApiVersion);

        Assert.Equal(404, status);
        Assert.Contains("no-such-call", body!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_create_without_a_caller_id_gets_a_400_that_says_what_is_missing()
    {
        await using var emulator = await Emulator.StartAsync();

        var (status, body) = await emulator.Client.PostAsync("/calling/callConnections", new
        {
            targets = new[] { new { phoneNumber = new { value = "+14255550123" } } },
            callbackUri = emulator.Sink.Callbacks().ToString(),
        });

        Assert.Equal(400, status);
        Assert.Contains("sourceCallerIdNumber", body!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Text_to_speech_without_a_cognitive_services_endpoint_is_refused_like_ACS()
    {
        await using var emulator = await Emulator.StartAsync();
        var (_, created) = await emulator.Client.PostAsync("/calling/callConnections", new
        {
            targets = new[] { new { phoneNumber = new { value = "+14255550123" } } },
            sourceCallerIdNumber = new { value = "+14255550100" },
            callbackUri = emulator.Sink.Callbacks().ToString(),
        });
        var callId = created!["callConnectionId"]!.GetValue<string>();
        await emulator.Sink.WaitForAsync("CallConnected");

        var (status, body) = await emulator.Client.PostAsync($"/calling/callConnections/{callId}:play", new
        {
            playSources = new[] { new { kind = "text", text = new { text = "hi", sourceLocale = "en-US" } } },
        });

        Assert.Equal(400, status);
        Assert.Contains("cognitiveServicesEndpoint", body!["error"]!["message"]!.GetValue<string>());
    }
}

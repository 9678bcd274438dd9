using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiScheduler.Emulators.Tests.Support;

/// <summary>
/// A deliberately separate HMAC signer written from protocols.md 1.2, so the emulator's verification is checked
/// against an independent implementation (the app's client is tested in Functions.Tests, the JS SDK in the node test).
/// </summary>
internal sealed class SignedAcsClient(Uri endpoint, string accessKey) : IDisposable
{
    public const string ApiVersion = "api-version=2025-05-15";
    private readonly HttpClient http = new() { BaseAddress = endpoint };

    public Func<HttpRequestMessage, byte[], Task>? Tamper { get; set; }

    /// <summary>The clock requests are dated by (x-ms-date); the machine's when null, as a client of the real service.</summary>
    public TimeProvider? DateClock { get; set; }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string pathAndQuery, object? body = null, string? key = null)
    {
        var bytes = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body);
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var date = (DateClock?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToString("r", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(bytes));
        var uri = new Uri(endpoint, pathAndQuery);
        var toSign = $"{method.Method}\n{uri.PathAndQuery}\n{date};{uri.Authority};{hash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key ?? accessKey), Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        if (Tamper is not null)
        {
            await Tamper(request, bytes);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, string.IsNullOrWhiteSpace(text) || response.Content.Headers.ContentType?.MediaType != "application/json" ? null : JsonNode.Parse(text));
    }

    public Task<(int Status, JsonNode? Body)> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path + "?" + ApiVersion, body);

    public async Task<string> CreateCallAsync(string target, Uri callback, string? operationContext = null)
    {
        var (status, body) = await PostAsync("/calling/callConnections", new
        {
            targets = new[] { new { kind = "phoneNumber", phoneNumber = new { value = target } } },
            sourceCallerIdNumber = new { value = "+14255550100" },
            callbackUri = callback.ToString(),
            operationContext,
            callIntelligenceOptions = new { cognitiveServicesEndpoint = "https://test.cognitiveservices.azure.com/" },
        });
        Assert.Equal(201, status);
        return body!["callConnectionId"]!.GetValue<string>();
    }

    public async Task PlayAsync(string callId, string text, string? operationContext = null)
    {
        var (status, _) = await PostAsync($"/calling/callConnections/{callId}:play", new
        {
            playSources = new[] { new { kind = "text", text = new { text, sourceLocale = "en-US", voiceName = "en-US-JennyNeural" } } },
            operationContext,
        });
        Assert.Equal(202, status);
    }

    public async Task RecognizeAsync(string callId, string target, string? prompt, string inputType = "speech", string? operationContext = null, int initialSilenceSeconds = 5)
    {
        var (status, body) = await PostAsync($"/calling/callConnections/{callId}:recognize", new
        {
            recognizeInputType = inputType,
            playPrompt = prompt is null ? null : new { kind = "text", text = new { text = prompt, voiceName = "en-US-JennyNeural" } },
            recognizeOptions = new
            {
                targetParticipant = new { kind = "phoneNumber", phoneNumber = new { value = target } },
                initialSilenceTimeoutInSeconds = initialSilenceSeconds,
                speechLanguage = "en-US",
                dtmfOptions = new { maxTonesToCollect = 4 },
            },
            operationContext,
        });
        Assert.True(status == 202, body?.ToJsonString());
    }

    public void Dispose() => http.Dispose();
}

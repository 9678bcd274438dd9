using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Telephony;

/// <summary>
/// The ACS callback JWT check (Microsoft.IdentityModel) against an OpenID metadata document and JWKS served over
/// loopback HTTP, signed with a test RSA key the way ACS signs with its own; the validator's clock is frozen.
/// </summary>
public sealed class AcsCallbackJwtTests : IAsyncLifetime
{
    private const string Issuer = "https://acscallautomation.communication.azure.com";
    private const string Audience = "11111111-2222-3333-4444-555555555555";
    private static readonly DateTimeOffset Now = TestClocks.MondayMorning;
    private readonly RSA signingKey = RSA.Create(2048);
    private readonly RSA nextKey = RSA.Create(2048);
    private readonly Storage.ManualClock clock = new(Now);
    private volatile bool rotated;
    private int jwksRequests;
    private WebApplication? identity;
    private Uri metadataUri = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        identity = builder.Build();
        var parameters = signingKey.ExportParameters(false);
        var next = nextKey.ExportParameters(false);
        identity.MapGet("/calling/.well-known/acsopenidconfiguration", (HttpRequest r) => Results.Json(new
        {
            issuer = Issuer,
            jwks_uri = $"http://{r.Host}/calling/keys",
        }));
        // After rotation ACS publishes the new key next to the old one.
        identity.MapGet("/calling/keys", () =>
        {
            Interlocked.Increment(ref jwksRequests);
            var keys = new[] { new { kty = "RSA", kid = "key-1", use = "sig", n = B64(parameters.Modulus!), e = B64(parameters.Exponent!) } }
                .Concat(rotated ? [new { kty = "RSA", kid = "key-2", use = "sig", n = B64(next.Modulus!), e = B64(next.Exponent!) }] : []);
            return Results.Json(new { keys });
        });
        await identity.StartAsync();
        var address = identity.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        metadataUri = new Uri(address + "/calling/.well-known/acsopenidconfiguration");
    }

    public async ValueTask DisposeAsync()
    {
        if (identity is not null)
        {
            await identity.DisposeAsync();
        }

        signingKey.Dispose();
        nextKey.Dispose();
    }

    private AcsCallbackJwtValidator Validator()
    {
        var options = new TelephonyOptions();
        options.CallbackJwt.Required = true;
        options.CallbackJwt.Audience = Audience;
        options.CallbackJwt.OpenIdMetadataUri = metadataUri;
        return new AcsCallbackJwtValidator(new HttpClient(), Options.Create(options), clock, NullLogger<AcsCallbackJwtValidator>.Instance);
    }

    private string Token(string issuer = Issuer, string audience = Audience, TimeSpan? expiresIn = null, string kid = "key-1", RSA? key = null,
        DateTimeOffset? issuedAt = null)
    {
        var now = issuedAt ?? Now;
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = issuer,
            aud = audience,
            nbf = now.AddMinutes(-1).ToUnixTimeSeconds(),
            exp = now.Add(expiresIn ?? TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
        }));
        var signature = (key ?? signingKey).SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return "Bearer " + header + "." + payload + "." + B64(signature);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task A_token_signed_by_a_published_key_for_our_resource_is_accepted()
    {
        Assert.Null(await Validator().ValidateAsync(Token(), Ct));
    }

    [Fact]
    public async Task A_token_for_another_resource_is_refused()
    {
        Assert.Contains("audience", await Validator().ValidateAsync(Token(audience: "someone-else"), Ct));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        Assert.Contains("not issued by", await Validator().ValidateAsync(Token(issuer: "https://evil.example"), Ct));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        Assert.Contains("expired", await Validator().ValidateAsync(Token(expiresIn: TimeSpan.FromMinutes(-10)), Ct));
    }

    [Fact]
    public async Task A_token_is_refused_once_its_expiry_and_the_five_minute_skew_have_passed_on_the_apps_clock()
    {
        var validator = Validator();
        var token = Token(expiresIn: TimeSpan.FromMinutes(5));

        Assert.Null(await validator.ValidateAsync(token, Ct));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(await validator.ValidateAsync(token, Ct));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("expired", await validator.ValidateAsync(token, Ct));
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_refused()
    {
        Assert.Contains("not valid yet", await Validator().ValidateAsync(Token(issuedAt: Now.AddMinutes(30)), Ct));
    }

    [Fact]
    public async Task After_key_rotation_a_token_signed_with_the_new_key_is_accepted_after_one_reload()
    {
        var validator = Validator();
        Assert.Null(await validator.ValidateAsync(Token(), Ct));
        var loads = jwksRequests;

        rotated = true;
        var verdict = await validator.ValidateAsync(Token(kid: "key-2", key: nextKey), Ct);
        var again = await validator.ValidateAsync(Token(kid: "key-2", key: nextKey), Ct);

        Assert.Null(verdict);
        Assert.Null(again);
        Assert.Equal(loads + 1, jwksRequests);
    }

    [Fact]
    public async Task A_token_signed_with_an_unpublished_key_is_refused()
    {
        using var forger = RSA.Create(2048);

        Assert.Contains("signature is invalid", await Validator().ValidateAsync(Token(key: forger), Ct));
        Assert.Contains("not in the published key set", await Validator().ValidateAsync(Token(kid: "key-9", key: forger), Ct));
    }

    [Fact]
    public async Task A_missing_or_malformed_token_is_refused()
    {
        var validator = Validator();

        Assert.Contains("bearer token", await validator.ValidateAsync(null, Ct));
        Assert.Contains("not a JWT", await validator.ValidateAsync("Bearer abc", Ct));
    }

    [Fact]
    public async Task In_Azure_mode_the_callback_endpoint_requires_the_token()
    {
        await using var host = await TelephonyTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Telephony:CallbackJwt:Required"] = "true",
            ["Telephony:CallbackJwt:Audience"] = Audience,
            ["Telephony:CallbackJwt:OpenIdMetadataUri"] = metadataUri.ToString(),
        });
        using var http = new HttpClient();
        const string body = """[{"id":"ev-1","type":"Microsoft.Communication.CallConnected","data":{"callConnectionId":"cc"}}]""";

        using var without = await http.PostAsync(host.Callbacks.ForCall("c"), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Callbacks.ForCall("c")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", Token(issuedAt: DateTimeOffset.UtcNow));
        using var with = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        await host.Events.WaitForAsync<CallConnected>();
    }
}

using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Validates the JWT ACS attaches to each callback (protocols.md 1.7) with Microsoft.IdentityModel: RS256, signed by a
/// key from the JWKS named in the configured OpenID metadata, issued by that metadata's issuer, for our ACS resource
/// (audience), within its lifetime (5 minutes' skew). The metadata and keys are cached by a
/// <see cref="ConfigurationManager{T}"/> (refreshed every 12 hours) and loaded afresh, at most once a minute, when a
/// token names a key the cached set lacks, which is how ACS key rotation shows.
/// </summary>
public sealed class AcsCallbackJwtValidator
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromMinutes(1);
    private readonly IOptions<TelephonyOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AcsCallbackJwtValidator> _logger;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HttpClient _http;
    private readonly Lock _reloadLock = new();
    private volatile ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private DateTimeOffset _lastReload = DateTimeOffset.MinValue;

    // time: the clock a token's nbf/exp are checked against; the SigningClock when composed, because ACS stamps its
    // tokens with real time even when the app's clock is anchored.
    public AcsCallbackJwtValidator(HttpClient http, IOptions<TelephonyOptions> options, [FromKeyedServices(SigningClock.Key)] TimeProvider time,
        ILogger<AcsCallbackJwtValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _metadata = NewMetadataManager();
    }

    /// <summary>Null when the token is valid; otherwise why it is not, in words fit for a problem details response.</summary>
    public async Task<string?> ValidateAsync(string? authorization, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "the Authorization header must carry the ACS-signed bearer token.";
        }

        var token = authorization[scheme.Length..].Trim();
        if (!_handler.CanReadToken(token))
        {
            return "the bearer token is not a JWT (header.payload.signature).";
        }

        OpenIdConnectConfiguration metadata;
        try
        {
            metadata = await _metadata.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException e)
        {
            CallbackLog.MetadataUnavailable(_logger, _options.Value.CallbackJwt.OpenIdMetadataUri, e.Message);
            return "the signing keys could not be loaded from the OpenID metadata; try again later.";
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(metadata));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && MayReload())
        {
            // A key the cached set lacks: ACS may have rotated its keys. Load the metadata afresh now (a manager's own
            // refresh runs in the background and would refuse this callback) and try again.
            var fresh = NewMetadataManager();
            try
            {
                metadata = await fresh.GetConfigurationAsync(ct);
                _metadata = fresh;
                result = await _handler.ValidateTokenAsync(token, Parameters(metadata));
            }
            catch (InvalidOperationException e)
            {
                CallbackLog.MetadataUnavailable(_logger, _options.Value.CallbackJwt.OpenIdMetadataUri, e.Message);
            }
        }

        return result.IsValid ? null : Reason(result.Exception, metadata.Issuer);
    }

    private ConfigurationManager<OpenIdConnectConfiguration> NewMetadataManager()
    {
        var metadataUri = _options.Value.CallbackJwt.OpenIdMetadataUri;
        // HTTPS always, except for a metadata server on this machine (the tests' and the emulator's).
        return new ConfigurationManager<OpenIdConnectConfiguration>(metadataUri.AbsoluteUri, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(_http) { RequireHttps = !metadataUri.IsLoopback })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
            RefreshInterval = MinimumReloadInterval,
        };
    }

    /// <summary>At most one forced reload a minute, so forged tokens with made-up key ids cannot hammer the metadata server.</summary>
    private bool MayReload()
    {
        var now = _time.GetUtcNow();
        lock (_reloadLock)
        {
            if (now - _lastReload < MinimumReloadInterval)
            {
                return false;
            }

            _lastReload = now;
            return true;
        }
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration metadata) => new()
    {
        ValidIssuer = metadata.Issuer,
        ValidAudience = _options.Value.CallbackJwt.Audience,
        IssuerSigningKeys = metadata.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        TryAllIssuerSigningKeys = false,
        ClockSkew = ClockSkew,
        // The given clock decides expiry (the signing clock when composed, a manual one in unit tests), with the same
        // skew and the same exceptions as the handler's own lifetime check.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            if (expires is not { } expiry)
            {
                throw new SecurityTokenNoExpirationException("The token has no expiry.");
            }

            if (expiry + ClockSkew < now)
            {
                throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
            }

            if (notBefore is { } start && start - ClockSkew > now)
            {
                throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = start };
            }

            return true;
        },
    };

    private static string Reason(Exception? error, string issuer) => error switch
    {
        SecurityTokenInvalidAlgorithmException => "the token must be signed with RS256.",
        SecurityTokenSignatureKeyNotFoundException => "the token's signing key is not in the published key set.",
        SecurityTokenInvalidSignatureException => "the token's signature is invalid.",
        SecurityTokenInvalidIssuerException => "the token was not issued by " + issuer + ".",
        SecurityTokenInvalidAudienceException => "the token is meant for another ACS resource (audience mismatch).",
        SecurityTokenNoExpirationException => "the token has no expiry.",
        SecurityTokenExpiredException => "the token has expired.",
        SecurityTokenNotYetValidException => "the token is not valid yet.",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is not valid.",
        SecurityTokenMalformedException => "the bearer token is not well-formed.",
        _ => "the bearer token is not valid.",
    };
}

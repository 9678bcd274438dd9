using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// A Communication Services-compatible telephony service the host starts in its own process, used with
/// <c>Telephony:Provider = emulator</c>. This library does not carry one: the self-host plugs in the Communication Services
/// emulator (src/Host, <c>AddInProcessEmulator</c>) through <see cref="TelephonyServiceCollectionExtensions.AddEmbeddedTelephony{T}"/>.
/// Once started it hands the ACS client its connection through <see cref="AcsConnectionSource.Provide"/>, so the app talks
/// to it over exactly the HTTP + HMAC path it uses against Azure.
/// </summary>
public interface IEmbeddedTelephony
{
    /// <summary>Where it posts Event Grid events (IncomingCall, RecordingFileStatusUpdated), key included; null until known.</summary>
    Uri? EventGridEndpoint { get; }

    /// <summary>
    /// Points its Event Grid deliveries at <paramref name="endpoint"/> (this app's /api/eventgrid with its key), once the
    /// app knows its address and key.
    /// </summary>
    void DeliverEventGridTo(Uri endpoint);
}

/// <summary>
/// <c>Telephony:Provider = emulator</c> needs an <see cref="IEmbeddedTelephony"/> in the host; a host without one (the Azure
/// Functions app) refuses to start, saying how to point it at Communication Services or the standalone emulator.
/// </summary>
internal sealed class EmbeddedTelephonyValidation(IServiceProviderIsService services) : IValidateOptions<TelephonyOptions>
{
    public ValidateOptionsResult Validate(string? name, TelephonyOptions options) =>
        options.Provider != TelephonyProvider.Emulator || services.IsService(typeof(IEmbeddedTelephony))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Telephony:Provider is 'emulator' (the embedded default), but only the self-host (src/Host) runs the emulator in " +
                "its own process. Set Telephony:Provider to 'acs' with Telephony:Acs:ConnectionString (endpoint=...;accesskey=...) " +
                "or Telephony:Acs:Endpoint for Azure Communication Services, or with the standalone emulator's " +
                "endpoint=http://127.0.0.1:7081/;accesskey=<key> (infra/local/up.sh starts it and prints the key), plus " +
                "Telephony:Acs:CallerId and Telephony:CallbackSecret.");
}

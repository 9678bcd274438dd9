using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls.Compliance;

/// <summary>
/// On CallConnected, turns on continuous DTMF recognition for the lead, so the opt-out key works at any moment of the
/// call, even over the agent's speech; the call session acts on the tones (<see cref="DtmfToneReceived"/>).
/// </summary>
internal sealed class KeypadOptOut(CallSessionStore sessions, ITelephony telephony, ILogger<KeypadOptOut> logger) : ICallEventHandler
{
    public const string OperationContext = "keypad-opt-out";

    public async Task HandleAsync(string callId, CallEvent callEvent, CancellationToken ct)
    {
        if (callEvent is not CallConnected connected || await sessions.GetAsync(callId, ct) is not { } session)
        {
            return;
        }

        try
        {
            await telephony.StartContinuousDtmfRecognitionAsync(connected.CallConnectionId, PhoneNumber.Parse(session.LeadPhone), OperationContext, ct);
        }
        catch (TelephonyException e)
        {
            // Spoken opt-outs still work; the call must not wait on this.
            Log.KeypadNotListening(logger, e, callId);
        }
    }
}

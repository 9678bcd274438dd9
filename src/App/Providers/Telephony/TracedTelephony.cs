using System.Diagnostics;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// Wraps the <see cref="ITelephony"/> client in a client span per call command (<c>telephony play</c>,
/// <c>telephony recognize</c>, ...), the parent of the command's HTTP request. With nobody listening each method hands
/// the inner task straight back: no span, no extra state machine on the call turn's path.
/// </summary>
internal sealed class TracedTelephony(ITelephony inner) : ITelephony
{
    public Task<CallConnection> PlaceCallAsync(PlaceCall request, CancellationToken ct) =>
        Traced("place-call", null, request, static (t, r, ct) => t.PlaceCallAsync(r, ct), ct);

    public Task<CallConnection> AnswerCallAsync(AnswerCall request, CancellationToken ct) =>
        Traced("answer-call", null, request, static (t, r, ct) => t.AnswerCallAsync(r, ct), ct);

    public Task RejectCallAsync(string incomingCallContext, CancellationToken ct) =>
        Traced("reject-call", null, incomingCallContext, static (t, c, ct) => t.RejectCallAsync(c, ct), ct);

    public Task<CallConnection> GetCallAsync(string callConnectionId, CancellationToken ct) =>
        Traced("get-call", callConnectionId, callConnectionId, static (t, id, ct) => t.GetCallAsync(id, ct), ct);

    public Task PlayAsync(string callConnectionId, Prompt prompt, string? operationContext, CancellationToken ct) =>
        Traced("play", callConnectionId, (callConnectionId, prompt, operationContext),
            static (t, a, ct) => t.PlayAsync(a.callConnectionId, a.prompt, a.operationContext, ct), ct);

    public Task RecognizeAsync(string callConnectionId, Recognition request, CancellationToken ct) =>
        Traced("recognize", callConnectionId, (callConnectionId, request), static (t, a, ct) => t.RecognizeAsync(a.callConnectionId, a.request, ct), ct);

    public Task StartContinuousDtmfRecognitionAsync(string callConnectionId, PhoneNumber participant, string? operationContext, CancellationToken ct) =>
        Traced("start-dtmf-recognition", callConnectionId, (callConnectionId, participant, operationContext),
            static (t, a, ct) => t.StartContinuousDtmfRecognitionAsync(a.callConnectionId, a.participant, a.operationContext, ct), ct);

    public Task CancelMediaAsync(string callConnectionId, CancellationToken ct) =>
        Traced("cancel-media", callConnectionId, callConnectionId, static (t, id, ct) => t.CancelMediaAsync(id, ct), ct);

    public Task HangUpAsync(string callConnectionId, bool forEveryone, CancellationToken ct) =>
        Traced("hang-up", callConnectionId, (callConnectionId, forEveryone), static (t, a, ct) => t.HangUpAsync(a.callConnectionId, a.forEveryone, ct), ct);

    public Task<CallRecording> StartRecordingAsync(CallConnection call, Uri? stateCallbackUri, CancellationToken ct) =>
        Traced("start-recording", call.CallConnectionId, (call, stateCallbackUri), static (t, a, ct) => t.StartRecordingAsync(a.call, a.stateCallbackUri, ct), ct);

    public Task<CallRecording> GetRecordingAsync(string recordingId, CancellationToken ct) =>
        Traced("get-recording", null, recordingId, static (t, id, ct) => t.GetRecordingAsync(id, ct), ct);

    public Task StopRecordingAsync(string recordingId, CancellationToken ct) =>
        Traced("stop-recording", null, recordingId, static (t, id, ct) => t.StopRecordingAsync(id, ct), ct);

    public Task<Stream> DownloadRecordingAsync(Uri contentLocation, CancellationToken ct) =>
        Traced("download-recording", null, contentLocation, static (t, uri, ct) => t.DownloadRecordingAsync(uri, ct), ct);

    /// <summary>
    /// Runs one command on the inner client: straight through with nobody listening, else inside a client span that is
    /// marked failed when the command throws. The command's arguments travel as <paramref name="args"/> so the static
    /// lambdas capture nothing.
    /// </summary>
    private Task<TResult> Traced<TArgs, TResult>(
        string command, string? callConnectionId, TArgs args, Func<ITelephony, TArgs, CancellationToken, Task<TResult>> call, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? TracedAsync(command, callConnectionId, args, call, ct) : call(inner, args, ct);

    private Task Traced<TArgs>(
        string command, string? callConnectionId, TArgs args, Func<ITelephony, TArgs, CancellationToken, Task> call, CancellationToken ct) =>
        AppTracing.Source.HasListeners()
            ? TracedAsync(command, callConnectionId, (call, args), static async (t, a, ct) => { await a.call(t, a.args, ct); return true; }, ct)
            : call(inner, args, ct);

    private async Task<TResult> TracedAsync<TArgs, TResult>(
        string command, string? callConnectionId, TArgs args, Func<ITelephony, TArgs, CancellationToken, Task<TResult>> call, CancellationToken ct)
    {
        using var span = AppTracing.Source.StartActivity("telephony " + command, ActivityKind.Client);
        span?.SetTag("telephony.command", command);
        if (callConnectionId is not null)
        {
            span?.SetTag("telephony.call_connection_id", callConnectionId);
        }

        try
        {
            return await call(inner, args, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    /// <summary>Marks the span failed; false, so the exception filter lets the exception go on unchanged.</summary>
    private static bool Failed(Activity? span, Exception e)
    {
        span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        return false;
    }
}

/// <summary>Registration of <see cref="TracedTelephony"/> around whatever <see cref="ITelephony"/> is registered.</summary>
internal static class TracedTelephonyRegistration
{
    /// <summary>Wraps the last <see cref="ITelephony"/> registration in a <see cref="TracedTelephony"/>, keeping its lifetime.</summary>
    public static IServiceCollection AddTelephonyTracing(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var registered = services[i];
            if (registered.ServiceType != typeof(ITelephony) || registered.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(typeof(ITelephony), sp => new TracedTelephony(Create(sp, registered)), registered.Lifetime);
            break;
        }

        return services;
    }

    private static ITelephony Create(IServiceProvider services, ServiceDescriptor registered) => (ITelephony)(
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}

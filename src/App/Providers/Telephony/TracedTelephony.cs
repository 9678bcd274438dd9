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
        AppTracing.Source.HasListeners() ? PlaceCallTracedAsync(request, ct) : inner.PlaceCallAsync(request, ct);

    public Task<CallConnection> AnswerCallAsync(AnswerCall request, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? AnswerCallTracedAsync(request, ct) : inner.AnswerCallAsync(request, ct);

    public Task RejectCallAsync(string incomingCallContext, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? RejectCallTracedAsync(incomingCallContext, ct) : inner.RejectCallAsync(incomingCallContext, ct);

    public Task<CallConnection> GetCallAsync(string callConnectionId, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? GetCallTracedAsync(callConnectionId, ct) : inner.GetCallAsync(callConnectionId, ct);

    public Task PlayAsync(string callConnectionId, Prompt prompt, string? operationContext, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? PlayTracedAsync(callConnectionId, prompt, operationContext, ct) : inner.PlayAsync(callConnectionId, prompt, operationContext, ct);

    public Task RecognizeAsync(string callConnectionId, Recognition request, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? RecognizeTracedAsync(callConnectionId, request, ct) : inner.RecognizeAsync(callConnectionId, request, ct);

    public Task StartContinuousDtmfRecognitionAsync(string callConnectionId, PhoneNumber participant, string? operationContext, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? StartContinuousDtmfRecognitionTracedAsync(callConnectionId, participant, operationContext, ct) : inner.StartContinuousDtmfRecognitionAsync(callConnectionId, participant, operationContext, ct);

    public Task CancelMediaAsync(string callConnectionId, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? CancelMediaTracedAsync(callConnectionId, ct) : inner.CancelMediaAsync(callConnectionId, ct);

    public Task HangUpAsync(string callConnectionId, bool forEveryone, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? HangUpTracedAsync(callConnectionId, forEveryone, ct) : inner.HangUpAsync(callConnectionId, forEveryone, ct);

    public Task<CallRecording> StartRecordingAsync(CallConnection call, Uri? stateCallbackUri, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? StartRecordingTracedAsync(call, stateCallbackUri, ct) : inner.StartRecordingAsync(call, stateCallbackUri, ct);

    public Task<CallRecording> GetRecordingAsync(string recordingId, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? GetRecordingTracedAsync(recordingId, ct) : inner.GetRecordingAsync(recordingId, ct);

    public Task StopRecordingAsync(string recordingId, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? StopRecordingTracedAsync(recordingId, ct) : inner.StopRecordingAsync(recordingId, ct);

    public Task<Stream> DownloadRecordingAsync(Uri contentLocation, CancellationToken ct) =>
        AppTracing.Source.HasListeners() ? DownloadRecordingTracedAsync(contentLocation, ct) : inner.DownloadRecordingAsync(contentLocation, ct);

    private async Task<CallConnection> PlaceCallTracedAsync(PlaceCall request, CancellationToken ct)
    {
        using var span = Start("place-call", null);
        try
        {
            return await inner.PlaceCallAsync(request, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task<CallConnection> AnswerCallTracedAsync(AnswerCall request, CancellationToken ct)
    {
        using var span = Start("answer-call", null);
        try
        {
            return await inner.AnswerCallAsync(request, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task RejectCallTracedAsync(string incomingCallContext, CancellationToken ct)
    {
        using var span = Start("reject-call", null);
        try
        {
            await inner.RejectCallAsync(incomingCallContext, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task<CallConnection> GetCallTracedAsync(string callConnectionId, CancellationToken ct)
    {
        using var span = Start("get-call", callConnectionId);
        try
        {
            return await inner.GetCallAsync(callConnectionId, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task PlayTracedAsync(string callConnectionId, Prompt prompt, string? operationContext, CancellationToken ct)
    {
        using var span = Start("play", callConnectionId);
        try
        {
            await inner.PlayAsync(callConnectionId, prompt, operationContext, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task RecognizeTracedAsync(string callConnectionId, Recognition request, CancellationToken ct)
    {
        using var span = Start("recognize", callConnectionId);
        try
        {
            await inner.RecognizeAsync(callConnectionId, request, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task StartContinuousDtmfRecognitionTracedAsync(string callConnectionId, PhoneNumber participant, string? operationContext, CancellationToken ct)
    {
        using var span = Start("start-dtmf-recognition", callConnectionId);
        try
        {
            await inner.StartContinuousDtmfRecognitionAsync(callConnectionId, participant, operationContext, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task CancelMediaTracedAsync(string callConnectionId, CancellationToken ct)
    {
        using var span = Start("cancel-media", callConnectionId);
        try
        {
            await inner.CancelMediaAsync(callConnectionId, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task HangUpTracedAsync(string callConnectionId, bool forEveryone, CancellationToken ct)
    {
        using var span = Start("hang-up", callConnectionId);
        try
        {
            await inner.HangUpAsync(callConnectionId, forEveryone, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task<CallRecording> StartRecordingTracedAsync(CallConnection call, Uri? stateCallbackUri, CancellationToken ct)
    {
        using var span = Start("start-recording", call.CallConnectionId);
        try
        {
            return await inner.StartRecordingAsync(call, stateCallbackUri, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task<CallRecording> GetRecordingTracedAsync(string recordingId, CancellationToken ct)
    {
        using var span = Start("get-recording", null);
        try
        {
            return await inner.GetRecordingAsync(recordingId, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task StopRecordingTracedAsync(string recordingId, CancellationToken ct)
    {
        using var span = Start("stop-recording", null);
        try
        {
            await inner.StopRecordingAsync(recordingId, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private async Task<Stream> DownloadRecordingTracedAsync(Uri contentLocation, CancellationToken ct)
    {
        using var span = Start("download-recording", null);
        try
        {
            return await inner.DownloadRecordingAsync(contentLocation, ct);
        }
        catch (Exception e) when (Failed(span, e))
        {
            throw;
        }
    }

    private static Activity? Start(string command, string? callConnectionId)
    {
        var span = AppTracing.Source.StartActivity("telephony " + command, ActivityKind.Client);
        span?.SetTag("telephony.command", command);
        if (callConnectionId is not null)
        {
            span?.SetTag("telephony.call_connection_id", callConnectionId);
        }

        return span;
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

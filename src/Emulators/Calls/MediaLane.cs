namespace AiScheduler.Emulators.Calls;

/// <summary>
/// Media operations of one call run one after another, as ACS queues them; cancelling cancels the running one and
/// everything queued behind it.
/// </summary>
internal sealed class MediaLane
{
    private readonly Lock gate = new();
    private Task tail = Task.CompletedTask;
    private CancellationTokenSource generation = new();

    /// <param name="run">The operation; it receives a token cancelled by <see cref="CancelAll"/>.</param>
    /// <param name="canceled">Reports the cancellation (PlayCanceled / RecognizeCanceled).</param>
    public void Enqueue(Func<CancellationToken, Task> run, Func<Task> canceled)
    {
        lock (gate)
        {
            var token = generation.Token;
            tail = tail.ContinueWith(
                async _ =>
                {
                    if (token.IsCancellationRequested)
                    {
                        await canceled();
                        return;
                    }

                    try
                    {
                        await run(token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        await canceled();
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }

    public void CancelAll()
    {
        lock (gate)
        {
            generation.Cancel();
            generation.Dispose();
            generation = new CancellationTokenSource();
        }
    }
}

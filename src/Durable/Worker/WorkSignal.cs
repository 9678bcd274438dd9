namespace AiScheduler.Durable;

/// <summary>
/// An auto-reset wake-up: <see cref="Set"/> releases one pending or the next <see cref="WaitAsync"/>. Dispatchers
/// wait on it with their polling delay as the timeout, so a lost signal costs one polling interval, never work.
/// </summary>
internal sealed class WorkSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one pending wake-up is enough.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}

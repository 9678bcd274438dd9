using AiScheduler.Functions.Providers.Storage;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting.Queues;

/// <summary>
/// Functions-style queue trigger hosting over any <see cref="IMessageQueue"/>: one polling loop per registered queue
/// (backing off while it is empty), each message handled in its own scope; success deletes it, failure makes it
/// visible again after <see cref="QueueTriggerOptions.VisibilityTimeout"/>, and a message that has failed
/// <see cref="QueueTriggerOptions.MaxDequeueCount"/> times is moved to <c>&lt;queue&gt;-poison</c>, as the Functions host does.
/// </summary>
internal sealed class QueueTriggerHost(
    IEnumerable<QueueTriggerRegistration> registrations,
    IMessageQueue queue,
    IServiceScopeFactory scopes,
    IOptions<QueueTriggerOptions> options,
    IOptions<StorageOptions> storageOptions,
    TimeProvider clock,
    ILogger<QueueTriggerHost> logger) : BackgroundService
{
    private readonly QueueTriggerOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = registrations
            .Select(registration => (Queue: new QueueName(registration.QueueName(storageOptions.Value)), registration.HandlerType))
            .Select(trigger => Task.Run(() => PollAsync(trigger.Queue, trigger.HandlerType, stoppingToken), stoppingToken))
            .ToList();
        return Task.WhenAll(loops);
    }

    private async Task PollAsync(QueueName name, Type handlerType, CancellationToken stoppingToken)
    {
        Log.Listening(logger, handlerType.Name, name.Value);
        var idleDelay = _options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = await queue.ReceiveAsync(name, _options.BatchSize, _options.MessageLease, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store or the storage service is unreachable: keep the host up and try again later.
                Log.PollFailed(logger, ex, name.Value, _options.MaxPollingInterval);
                await Task.Delay(_options.MaxPollingInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (messages.Count == 0)
            {
                await queue.WaitForMessagesAsync(name, idleDelay, stoppingToken);
                idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, _options.MaxPollingInterval.Ticks));
                continue;
            }

            idleDelay = _options.MinPollingInterval;
            await Task.WhenAll(messages.Select(message => ProcessAsync(name, handlerType, message, stoppingToken)));
        }
    }

    /// <summary>Runs one message through its handler and settles it; never throws, so one message cannot stop the loop.</summary>
    private async Task ProcessAsync(QueueName name, Type handlerType, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await HandleAndSettleAsync(name, handlerType, message, stoppingToken);
        }
        catch (Exception ex)
        {
            // Settling failed (store or service unreachable): the message reappears when its lease runs out.
            Log.SettleFailed(logger, ex, message.Id, name.Value, _options.MessageLease);
        }
    }

    private async Task HandleAndSettleAsync(QueueName name, Type handlerType, QueueMessage message, CancellationToken stoppingToken)
    {
        // Received more often than allowed without ever failing in a handler: its host died while handling it.
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(name, message, exception: null);
            return;
        }

        // Work that outlasts the lease keeps its message hidden, as the Functions host does; renewals may change the receipt.
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var leased = RenewWhileHandlingAsync(name, message, renewal.Token);
        try
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var handler = (IQueueTriggerHandler)scope.ServiceProvider.GetRequiredService(handlerType);
                await handler.HandleAsync(message, stoppingToken);
            }
            finally
            {
                await renewal.CancelAsync();
                message = await leased;
            }

            if (!await queue.DeleteAsync(name, message, CancellationToken.None))
            {
                Log.LeaseLost(logger, message.Id, name.Value);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-message: hand it straight back so another process need not wait out the lease.
            await queue.ReleaseAsync(name, message, TimeSpan.Zero, CancellationToken.None);
        }
        catch (Exception ex)
        {
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(name, message, ex);
            }
            else
            {
                Log.HandlerFailed(logger, ex, message.Id, name.Value, message.DequeueCount, _options.MaxDequeueCount);
                await queue.ReleaseAsync(name, message, _options.VisibilityTimeout, CancellationToken.None);
            }
        }
    }

    /// <summary>Renews the lease every third of a lease until cancelled; returns the message with its latest receipt.</summary>
    private async Task<QueueMessage> RenewWhileHandlingAsync(QueueName name, QueueMessage message, CancellationToken cancellationToken)
    {
        // A third, not a half: a renewal that fails or runs late still leaves time for one more before the lease ends.
        var interval = _options.MessageLease / 3;
        while (true)
        {
            await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return message;
            }

            try
            {
                var renewed = await queue.RenewLeaseAsync(name, message, _options.MessageLease, cancellationToken);
                if (renewed is null)
                {
                    Log.LeaseLost(logger, message.Id, name.Value);
                    return message;
                }

                message = renewed;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed renewal is retried at the next interval, still inside the lease.
                Log.RenewFailed(logger, ex, message.Id, name.Value);
            }
            catch (OperationCanceledException)
            {
                return message;
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueName name, QueueMessage message, Exception? exception)
    {
        // Copy first, then delete: a crash in between leaves a duplicate in the poison queue rather than losing the message.
        await queue.EnqueueAsync(name.Poison, message.Text, TimeSpan.Zero, CancellationToken.None);
        await queue.DeleteAsync(name, message, CancellationToken.None);
        Log.MovedToPoison(logger, exception, message.Id, name.Value, message.DequeueCount, name.Poison.Value);
    }
}

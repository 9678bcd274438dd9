using AiScheduler.Functions.Providers.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting.Queues;

public static class QueueTriggerServiceCollectionExtensions
{
    /// <summary>Runs <typeparamref name="THandler"/> for every message on <paramref name="queueName"/>.</summary>
    public static IServiceCollection AddQueueTrigger<THandler>(this IServiceCollection services, string queueName)
        where THandler : class, IQueueTriggerHandler
    {
        _ = new QueueName(queueName);
        return services.AddQueueTrigger<THandler>(_ => queueName);
    }

    /// <summary>
    /// Runs <typeparamref name="THandler"/> for every message on the queue named by the storage settings, e.g.
    /// <c>options => options.Queues.LeadImports</c>. The queue host (a hosted service polling every registered queue over
    /// the configured <see cref="IMessageQueue"/>) is added once, with its <c>extensions:queues</c> settings.
    /// </summary>
    public static IServiceCollection AddQueueTrigger<THandler>(this IServiceCollection services, Func<StorageOptions, string> queueName)
        where THandler : class, IQueueTriggerHandler
    {
        ArgumentNullException.ThrowIfNull(queueName);
        services.AddOptions<QueueTriggerOptions>().BindConfiguration(QueueTriggerOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueueTriggerOptions>, QueueTriggerOptionsValidation>());
        services.TryAddScoped<THandler>();
        services.AddSingleton(new QueueTriggerRegistration(queueName, typeof(THandler)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QueueTriggerHost>());
        return services;
    }
}

internal sealed class QueueTriggerOptionsValidation : IValidateOptions<QueueTriggerOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueTriggerOptions options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 32)
        {
            failures.Add($"extensions:queues:batchSize is {options.BatchSize}; set 1-32 (host.json).");
        }

        if (options.MaxDequeueCount < 1)
        {
            failures.Add($"extensions:queues:maxDequeueCount is {options.MaxDequeueCount}; set 1 or more (host.json).");
        }

        if (options.VisibilityTimeout < TimeSpan.Zero)
        {
            failures.Add("extensions:queues:visibilityTimeout may not be negative (host.json).");
        }

        if (options.MinPollingInterval <= TimeSpan.Zero || options.MaxPollingInterval < options.MinPollingInterval)
        {
            failures.Add("extensions:queues:minPollingInterval must be positive and maxPollingInterval at least as long (host.json).");
        }

        if (options.MessageLease < TimeSpan.FromSeconds(1) || options.MessageLease > TimeSpan.FromDays(7))
        {
            failures.Add("extensions:queues:messageLease must be between 00:00:01 and 7.00:00:00 (host.json).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using AiScheduler.Functions.Providers.Storage;

namespace AiScheduler.Functions.Hosting.Queues;

/// <summary>One queue-triggered function: which queue (resolved from settings at start) and which handler type.</summary>
internal sealed record QueueTriggerRegistration(Func<StorageOptions, string> QueueName, Type HandlerType);

using System.Globalization;
using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Providers.Storage;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// The <c>lead-imports</c> queue on the Functions queue trigger: the message goes to the same handler the self-host's
/// queue runner calls (<see cref="LeadImportQueueTrigger"/>, which starts the import's orchestration). Throwing leaves
/// the message for a retry; after host.json <c>extensions.queues.maxDequeueCount</c> (5) tries the Functions host moves
/// it to <c>lead-imports-poison</c>.
/// </summary>
public sealed class LeadImportQueueFunction(LeadImportQueueTrigger handler, FunctionsDurableClient durable)
{
    public const string Queue = "lead-imports";

    /// <summary>The app setting (prefix) naming the storage account: <c>AzureWebJobsStorage</c>, identity-based in Azure.</summary>
    public const string Connection = "AzureWebJobsStorage";

    [Function("LeadImportQueue")]
    public Task RunAsync(
        [QueueTrigger(Queue, Connection = Connection)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        durable.Bind(client);
        // The queue trigger's binding data carries the message's metadata (the text arrives decoded from base64).
        var data = context.BindingContext.BindingData;
        var received = new QueueMessage(
            Text(data, "Id"),
            Text(data, "PopReceipt"),
            message,
            int.Parse(Text(data, "DequeueCount"), CultureInfo.InvariantCulture),
            DateTimeOffset.TryParse(Text(data, "InsertionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var inserted)
                ? inserted
                : DateTimeOffset.MinValue);
        return handler.HandleAsync(received, cancellationToken);
    }

    private static string Text(IReadOnlyDictionary<string, object?> data, string key) =>
        data.TryGetValue(key, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim('"')
            : throw new InvalidOperationException($"The queue trigger's binding data has no '{key}'.");
}

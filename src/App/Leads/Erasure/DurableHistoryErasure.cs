using System.Text.Json;
using AiScheduler.Durable;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Leads.Erasure;

/// <summary>
/// Durable history: orchestration inputs, outputs and activity results carry the lead (a call attempt's target with
/// the phone, a meeting's snapshot with the name and address). The lead's own instances - its call attempts
/// (<c>call:{campaign}:{lead}:{n}</c>) and its meetings (<c>meeting:{id}</c>) - are stopped if still running and purged
/// through the official client, which both engines implement (on Microsoft's backend this deletes the instance's
/// history and payloads from its task hub). On our engine the finished instances of other orchestrations (the
/// campaign that called the lead, an import) keep running their course and are then redacted in place: every
/// occurrence of the phone, email and name becomes <see cref="Replacement"/>. A campaign still running keeps the
/// lead in its history until it finishes; erase again then, or purge finished campaigns (see the README).
/// </summary>
internal sealed class DurableHistoryErasure(DataStore store, DurableTaskClient durable, ILogger<DurableHistoryErasure> logger) : IPersonalDataEraser
{
    public const string Replacement = "[erased]";

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    public string Covers => "durable orchestration history";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var instances = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT instance_id FROM call_attempts WHERE lead_id = @leadId", new { leadId = subject.LeadId }, cancellationToken: cancellationToken)))
            .Concat(subject.MeetingIds.Select(MeetingWorkflowInput.InstanceIdFor))
            .Distinct(StringComparer.Ordinal).ToList();
        var changed = 0;
        foreach (var instanceId in instances)
        {
            var metadata = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (metadata is null)
            {
                continue;
            }

            if (!metadata.IsCompleted)
            {
                await durable.TerminateInstanceAsync(instanceId, "The lead was erased.", cancellationToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(StopWait);
                try
                {
                    await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.InstanceNotStopped(logger, instanceId);
                    continue;
                }
            }

            changed += (await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken)).PurgedInstanceCount;
        }

        if (durable is SqlDurableTaskClient ours)
        {
            changed += await ours.RedactFinishedAsync(Spellings(subject), Replacement, cancellationToken);
        }

        return changed;
    }

    /// <summary>
    /// The values as history stores them: payloads are JSON, which escapes '+' and non-ASCII letters, so a phone is
    /// searched by its digits and a name also in its escaped spelling.
    /// </summary>
    private static List<string> Spellings(PersonalDataSubject subject)
    {
        var values = new List<string>();
        if (subject.Phone is { Length: > 1 } phone)
        {
            values.Add(phone.TrimStart('+'));
        }

        foreach (var text in new[] { subject.Email, subject.Name })
        {
            if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 3)
            {
                continue;
            }

            values.Add(text.Trim());
            var escaped = JsonSerializer.Serialize(text.Trim())[1..^1];
            if (!string.Equals(escaped, text.Trim(), StringComparison.Ordinal))
            {
                values.Add(escaped);
            }
        }

        return [.. values.Distinct(StringComparer.Ordinal).OrderByDescending(value => value.Length)];
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1291, Level = LogLevel.Warning, Message = "Erasure: orchestration {InstanceId} did not stop in time; its history is kept until it does and the lead is erased again")]
    public static partial void InstanceNotStopped(ILogger logger, string instanceId);
}

using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;

namespace AiScheduler.Durable.Worker;

/// <summary>Input of <see cref="Pipeline"/>.</summary>
public sealed record PipelineInput(int Steps);

/// <summary>Input of <see cref="RecordEffect"/>.</summary>
public sealed record EffectInput(int Step);

/// <summary>Five (or N) sequential activities; returns the sum of the step numbers they echo.</summary>
public sealed class Pipeline : TaskOrchestrator<PipelineInput, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, PipelineInput input)
    {
        var sum = 0;
        for (var step = 1; step <= input.Steps; step++)
        {
            sum += await context.CallActivityAsync<int>(nameof(RecordEffect), new EffectInput(step));
        }

        return sum;
    }
}

/// <summary>An effect that is idempotent by key (instance, step): the ledger keeps it once however often it runs.</summary>
public sealed class RecordEffect(EffectLedger ledger, IHostApplicationLifetime lifetime) : TaskActivity<EffectInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, EffectInput input)
    {
        await ledger.RecordAsync(context.InstanceId, input.Step, lifetime.ApplicationStopping);
        return input.Step;
    }
}

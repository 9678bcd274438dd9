using AiScheduler.Functions.Calls.Attempts;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Durable;
using Microsoft.DurableTask;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The CallAttempt orchestration (a sub-orchestration of Campaign) and its activities on Durable Functions.
/// Function names are the names the feature code schedules (<c>X.Name</c>); each wrapper only hands the trigger's
/// context and input to the feature's class, in the shape the Durable Task source generator would produce.
/// </summary>
public sealed class CallAttemptWorkflowFunctions
{
    [Function(CallAttemptOrchestration.Name)]
    public static Task<CallAttemptResult> RunCallAttemptOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CallAttemptOrchestration().RunAsync(context, context.GetInput<CallAttemptInput>()!);
    }

    [Function(CheckCallAttempt.Name)]
    public static Task<AttemptCheck> RunCheckCallAttempt([ActivityTrigger] CallAttemptInput input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<CheckCallAttempt, CallAttemptInput, AttemptCheck>(context, CheckCallAttempt.Name, instanceId, input);

    [Function(ReleaseCallAttempt.Name)]
    public static Task<string> RunReleaseCallAttempt([ActivityTrigger] ReleaseRequest input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<ReleaseCallAttempt, ReleaseRequest, string>(context, ReleaseCallAttempt.Name, instanceId, input);

    [Function(PlaceCampaignCall.Name)]
    public static Task<PlacedCall> RunPlaceCampaignCall([ActivityTrigger] CallAttemptInput input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<PlaceCampaignCall, CallAttemptInput, PlacedCall>(context, PlaceCampaignCall.Name, instanceId, input);

    [Function(ConcludeCall.Name)]
    public static Task<CallEnded> RunConcludeCall([ActivityTrigger] ConcludeCallRequest input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<ConcludeCall, ConcludeCallRequest, CallEnded>(context, ConcludeCall.Name, instanceId, input);

    [Function(RecordCallAttempt.Name)]
    public static Task<AttemptRecord> RunRecordCallAttempt([ActivityTrigger] RecordAttemptRequest input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<RecordCallAttempt, RecordAttemptRequest, AttemptRecord>(context, RecordCallAttempt.Name, instanceId, input);
}

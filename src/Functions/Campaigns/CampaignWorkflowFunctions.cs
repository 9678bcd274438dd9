using AiScheduler.Functions.Durable;
using Microsoft.DurableTask;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// The Campaign orchestration and its activities on Durable Functions.
/// Function names are the names the feature code schedules (<c>X.Name</c>); each wrapper only hands the trigger's
/// context and input to the feature's class, in the shape the Durable Task source generator would produce.
/// </summary>
public sealed class CampaignWorkflowFunctions
{
    [Function(CampaignOrchestration.Name)]
    public static Task<CampaignRunResult> RunCampaignOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CampaignOrchestration().RunAsync(context, context.GetInput<CampaignRunInput>()!);
    }

    [Function(BeginCampaignRun.Name)]
    public static Task<CampaignRunPlan> RunBeginCampaignRun([ActivityTrigger] CampaignRunInput input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<BeginCampaignRun, CampaignRunInput, CampaignRunPlan>(context, BeginCampaignRun.Name, instanceId, input);

    [Function(PickDueLeads.Name)]
    public static Task<PickResult> RunPickDueLeads([ActivityTrigger] PickRequest input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<PickDueLeads, PickRequest, PickResult>(context, PickDueLeads.Name, instanceId, input);

    [Function(SetCampaignStatus.Name)]
    public static Task<string> RunSetCampaignStatus([ActivityTrigger] CampaignStatusChange input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<SetCampaignStatus, CampaignStatusChange, string>(context, SetCampaignStatus.Name, instanceId, input);
}

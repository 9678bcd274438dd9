using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Leads.Imports;
using Microsoft.DurableTask;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// The LeadImport orchestration and its activities on Durable Functions.
/// Function names are the names the feature code schedules (<c>X.Name</c>); each wrapper only hands the trigger's
/// context and input to the feature's class, in the shape the Durable Task source generator would produce.
/// </summary>
public sealed class LeadImportWorkflowFunctions
{
    [Function(LeadImportOrchestration.Name)]
    public static Task<LeadImportOutcome> RunLeadImportOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LeadImportOrchestration().RunAsync(context, context.GetInput<LeadImportInput>()!);
    }

    [Function(ImportLeadRows.Name)]
    public static Task<LeadImportOutcome> RunImportLeadRows([ActivityTrigger] LeadImportInput input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<ImportLeadRows, LeadImportInput, LeadImportOutcome>(context, ImportLeadRows.Name, instanceId, input);

    [Function(FailLeadImport.Name)]
    public static Task<LeadImportOutcome> RunFailLeadImport([ActivityTrigger] LeadImportFailure input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<FailLeadImport, LeadImportFailure, LeadImportOutcome>(context, FailLeadImport.Name, instanceId, input);
}

using AiScheduler.Functions.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The Meeting orchestration and its activities on Durable Functions. StartMeetingWorkflow starts a Meeting instance, so it binds the durable client.
/// Function names are the names the feature code schedules (<c>X.Name</c>); each wrapper only hands the trigger's
/// context and input to the feature's class, in the shape the Durable Task source generator would produce.
/// </summary>
public sealed class MeetingWorkflowFunctions(FunctionsDurableClient durable)
{
    [Function(MeetingOrchestration.Name)]
    public static Task<MeetingWorkflowResult> RunMeetingOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new MeetingOrchestration().RunAsync(context, context.GetInput<MeetingWorkflowInput>()!);
    }

    [Function(LoadMeeting.Name)]
    public static Task<MeetingSnapshot> RunLoadMeeting([ActivityTrigger] MeetingWorkflowInput input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<LoadMeeting, MeetingWorkflowInput, MeetingSnapshot>(context, LoadMeeting.Name, instanceId, input);

    [Function(CreateMeetingEvent.Name)]
    public static Task<string> RunCreateMeetingEvent([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<CreateMeetingEvent, MeetingSnapshot, string>(context, CreateMeetingEvent.Name, instanceId, input);

    [Function(RescheduleMeetingEvent.Name)]
    public static Task<string> RunRescheduleMeetingEvent([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<RescheduleMeetingEvent, MeetingSnapshot, string>(context, RescheduleMeetingEvent.Name, instanceId, input);

    [Function(CancelMeetingEvent.Name)]
    public static Task<string> RunCancelMeetingEvent([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<CancelMeetingEvent, MeetingSnapshot, string>(context, CancelMeetingEvent.Name, instanceId, input);

    [Function(SendMeetingEmail.Name)]
    public static Task<string> RunSendMeetingEmail([ActivityTrigger] MeetingEmailRequest input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<SendMeetingEmail, MeetingEmailRequest, string>(context, SendMeetingEmail.Name, instanceId, input);

    [Function(StartMeetingWorkflow.Name)]
    public Task<string> RunStartMeetingWorkflow(
        [ActivityTrigger] MeetingWorkflowInput input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        durable.Bind(client);
        return FunctionActivity.RunAsync<StartMeetingWorkflow, MeetingWorkflowInput, string>(context, StartMeetingWorkflow.Name, instanceId, input);
    }

    [Function(CallLeadForMeeting.Name)]
    public static Task<string> RunCallLeadForMeeting([ActivityTrigger] MeetingCallRequest input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<CallLeadForMeeting, MeetingCallRequest, string>(context, CallLeadForMeeting.Name, instanceId, input);

    [Function(ReadMeetingCall.Name)]
    public static Task<MeetingCallEnded> RunReadMeetingCall([ActivityTrigger] string input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<ReadMeetingCall, string, MeetingCallEnded>(context, ReadMeetingCall.Name, instanceId, input);

    [Function(FinishMeeting.Name)]
    public static Task<string> RunFinishMeeting([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<FinishMeeting, MeetingSnapshot, string>(context, FinishMeeting.Name, instanceId, input);

    [Function(MarkMeetingNoShow.Name)]
    public static Task<string> RunMarkMeetingNoShow([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<MarkMeetingNoShow, MeetingSnapshot, string>(context, MarkMeetingNoShow.Name, instanceId, input);

    [Function(MarkMeetingOptedOut.Name)]
    public static Task<string> RunMarkMeetingOptedOut([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<MarkMeetingOptedOut, MeetingSnapshot, string>(context, MarkMeetingOptedOut.Name, instanceId, input);

    [Function(LeadSpokeInMeeting.Name)]
    public static Task<bool> RunLeadSpokeInMeeting([ActivityTrigger] MeetingSnapshot input, string instanceId, FunctionContext context) =>
        FunctionActivity.RunAsync<LeadSpokeInMeeting, MeetingSnapshot, bool>(context, LeadSpokeInMeeting.Name, instanceId, input);
}

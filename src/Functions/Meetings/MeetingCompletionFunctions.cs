using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Meetings.Analysis;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The meeting completion activities on Durable Functions: each wrapper hands the trigger's input to the feature's
/// class (<see cref="CompleteMeeting"/>, <see cref="NotifyMeetingNoShow"/>, <see cref="NotifyMeetingOptedOut"/>) under the name the orchestration schedules.
/// </summary>
public static class MeetingCompletionFunctions
{
    [Function(CompleteMeeting.Name)]
    public static Task<MeetingCompletionResult> RunCompleteMeeting([ActivityTrigger] MeetingCompletionRequest input, string instanceId,
        FunctionContext context) =>
        FunctionActivity.RunAsync<CompleteMeeting, MeetingCompletionRequest, MeetingCompletionResult>(context, CompleteMeeting.Name, instanceId, input);

    [Function(NotifyMeetingNoShow.Name)]
    public static Task<MeetingNoShowResult> RunNotifyMeetingNoShow([ActivityTrigger] MeetingNoShowRequest input, string instanceId,
        FunctionContext context) =>
        FunctionActivity.RunAsync<NotifyMeetingNoShow, MeetingNoShowRequest, MeetingNoShowResult>(context, NotifyMeetingNoShow.Name, instanceId, input);

    [Function(NotifyMeetingOptedOut.Name)]
    public static Task<MeetingNoShowResult> RunNotifyMeetingOptedOut([ActivityTrigger] MeetingNoShowRequest input, string instanceId,
        FunctionContext context) =>
        FunctionActivity.RunAsync<NotifyMeetingOptedOut, MeetingNoShowRequest, MeetingNoShowResult>(context, NotifyMeetingOptedOut.Name, instanceId, input);
}

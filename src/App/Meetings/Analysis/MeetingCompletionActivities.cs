using Microsoft.DurableTask;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// The Meeting orchestration's step after the interview: <see cref="MeetingCompletion.CompleteAsync(MeetingCompletionRequest, CancellationToken)"/>
/// (analyse, store, update the lead, email the summary). Retrying it is safe: the stored analysis is reused and each
/// email is sent once per key. The orchestration marks the meeting completed afterwards.
/// </summary>
[DurableTask(Name)]
public sealed class CompleteMeeting(MeetingCompletion completion, IHostApplicationLifetime lifetime) : TaskActivity<MeetingCompletionRequest, MeetingCompletionResult>
{
    public const string Name = "CompleteMeeting";

    public override Task<MeetingCompletionResult> RunAsync(TaskActivityContext context, MeetingCompletionRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return completion.CompleteAsync(input, lifetime.ApplicationStopping);
    }
}

/// <summary>
/// The Meeting orchestration's step for a lead who never answered: <see cref="MeetingCompletion.NotifyNoShowAsync"/>
/// (the sales team told, the lead asked for a new time in their language).
/// </summary>
[DurableTask(Name)]
public sealed class NotifyMeetingNoShow(MeetingCompletion completion, IHostApplicationLifetime lifetime) : TaskActivity<MeetingNoShowRequest, MeetingNoShowResult>
{
    public const string Name = "NotifyMeetingNoShow";

    public override Task<MeetingNoShowResult> RunAsync(TaskActivityContext context, MeetingNoShowRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return completion.NotifyNoShowAsync(input, lifetime.ApplicationStopping);
    }
}

/// <summary>
/// The Meeting orchestration's step for a lead who opted out on the AI's call: <see cref="MeetingCompletion.NotifyOptedOutAsync"/>
/// (the sales team told; the lead is on the do-not-call list and gets nothing more).
/// </summary>
[DurableTask(Name)]
public sealed class NotifyMeetingOptedOut(MeetingCompletion completion, IHostApplicationLifetime lifetime) : TaskActivity<MeetingNoShowRequest, MeetingNoShowResult>
{
    public const string Name = "NotifyMeetingOptedOut";

    public override Task<MeetingNoShowResult> RunAsync(TaskActivityContext context, MeetingNoShowRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return completion.NotifyOptedOutAsync(input, lifetime.ApplicationStopping);
    }
}

using Microsoft.DurableTask;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// The Meeting orchestration's step after the interview: <see cref="MeetingCompletion.CompleteAsync(MeetingCompletionRequest, CancellationToken)"/>
/// (analyse, store, update the lead, email the summary). Retrying it is safe: the stored analysis is reused and each
/// email is sent once per key. The orchestration marks the meeting completed afterwards.
/// </summary>
[DurableTask(Name)]
public sealed class CompleteMeeting(MeetingCompletion completion, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingCompletionRequest, MeetingCompletionResult>(lifetime)
{
    public const string Name = "CompleteMeeting";

    protected override Task<MeetingCompletionResult> RunAsync(MeetingCompletionRequest input, CancellationToken ct)
    {
        return completion.CompleteAsync(input, ct);
    }
}

/// <summary>
/// The Meeting orchestration's step for a lead who never answered: <see cref="MeetingCompletion.NotifyNoShowAsync"/>
/// (the sales team told, the lead asked for a new time in their language).
/// </summary>
[DurableTask(Name)]
public sealed class NotifyMeetingNoShow(MeetingCompletion completion, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingNoShowRequest, MeetingNoShowResult>(lifetime)
{
    public const string Name = "NotifyMeetingNoShow";

    protected override Task<MeetingNoShowResult> RunAsync(MeetingNoShowRequest input, CancellationToken ct)
    {
        return completion.NotifyNoShowAsync(input, ct);
    }
}

/// <summary>
/// The Meeting orchestration's step for a lead who opted out on the AI's call: <see cref="MeetingCompletion.NotifyOptedOutAsync"/>
/// (the sales team told; the lead is on the do-not-call list and gets nothing more).
/// </summary>
[DurableTask(Name)]
public sealed class NotifyMeetingOptedOut(MeetingCompletion completion, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingNoShowRequest, MeetingNoShowResult>(lifetime)
{
    public const string Name = "NotifyMeetingOptedOut";

    protected override Task<MeetingNoShowResult> RunAsync(MeetingNoShowRequest input, CancellationToken ct)
    {
        return completion.NotifyOptedOutAsync(input, ct);
    }
}

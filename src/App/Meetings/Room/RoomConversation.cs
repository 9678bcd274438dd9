using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Store;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>One transcript line as the room's page shows it.</summary>
public sealed record RoomLine(int Sequence, string Speaker, string Text, string Language, DateTimeOffset At)
{
    public static RoomLine From(TranscriptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new(line.Seq, line.Speaker, line.Text, line.Language, line.AtUtc);
    }
}

/// <summary>
/// The room's side of the meeting: the interview (<see cref="MeetingInterviews"/>, channel <c>room</c>), the meeting's
/// orchestration told when the interview ends in the room (<c>InterviewEnded</c>, which runs the completion), and the
/// analysis once it is stored.
/// </summary>
public sealed class RoomConversation(
    MeetingInterviews interviews, MeetingAnalysisStore analyses, MeetingStore meetings, DurableTaskClient durable, ILogger<RoomConversation> logger)
{
    public const string Channel = "room";

    /// <summary>The meeting's workspace: the room's visitors are not signed in, their signed link names the meeting.</summary>
    public async Task<Guid> WorkspaceOfAsync(Guid meetingId, CancellationToken cancellationToken) =>
        await meetings.WorkspaceOfAsync(meetingId, cancellationToken) ?? Workspaces.DefaultId;

    public async Task<IReadOnlyList<RoomLine>> TranscriptAsync(Guid meetingId, CancellationToken cancellationToken) =>
        (await interviews.TranscriptAsync(await WorkspaceOfAsync(meetingId, cancellationToken), meetingId, cancellationToken)).Select(RoomLine.From).ToList();

    public async Task<bool> EndedAsync(Guid meetingId, CancellationToken cancellationToken) =>
        (await interviews.GetAsync(await WorkspaceOfAsync(meetingId, cancellationToken), meetingId, cancellationToken))?.State?.Phase == InterviewPhase.Ended;

    /// <summary>The AI's opening, once (begun interviews are left as they are); its lines reach the room as they are stored.</summary>
    public async Task BeginAsync(Guid meetingId, CancellationToken cancellationToken) =>
        await interviews.BeginAsync(await WorkspaceOfAsync(meetingId, cancellationToken), meetingId, Channel, cancellationToken);

    /// <summary>
    /// What someone in the room typed: the lead's words are answered by the interviewer, a rep's are recorded. When this
    /// answer ends the interview, the meeting's orchestration hears <c>InterviewEnded</c>.
    /// </summary>
    public async Task<InterviewTurn> SayAsync(Guid meetingId, string speaker, string text, CancellationToken cancellationToken)
    {
        var workspaceId = await WorkspaceOfAsync(meetingId, cancellationToken);
        var turn = await interviews.AnswerAsync(workspaceId, meetingId, speaker, text, cancellationToken);
        if (turn.Ended && turn.Action is not (InterviewAction.AlreadyEnded or InterviewAction.Noted))
        {
            await SignalEndedAsync(workspaceId, meetingId, turn.EndReason?.ToString(), cancellationToken);
        }

        return turn;
    }

    /// <summary>The analysis as it stands (the AI's, with any rep corrections), or null until the completion stored it.</summary>
    public async Task<AnalysisValues?> AnalysisAsync(Guid meetingId, CancellationToken cancellationToken) =>
        (await analyses.GetAsync(await WorkspaceOfAsync(meetingId, cancellationToken), meetingId, cancellationToken))?.Value;

    /// <summary>
    /// Raises <c>InterviewEnded</c> on <c>meeting:{id}</c>; when that orchestration is not running, a fresh one starts and
    /// finds the event in its buffer (the meetings API signals the same way).
    /// </summary>
    private async Task SignalEndedAsync(Guid workspaceId, Guid meetingId, string? reason, CancellationToken cancellationToken)
    {
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        var instance = await durable.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance is not { IsRunning: true } && instance?.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, new MeetingWorkflowInput(meetingId, workspaceId),
                new StartOrchestrationOptions(instanceId), cancellationToken);
        }

        await durable.RaiseEventAsync(instanceId, MeetingOrchestration.InterviewEndedEvent, new InterviewEnded(Channel, reason), cancellationToken);
        Log.InterviewEnded(logger, meetingId, reason ?? "ended");
    }
}

/// <summary>
/// Pushes every transcript line and every interview end to the meeting's room group as <see cref="MeetingInterviews"/>
/// stores them (whichever connection caused them), so the lead and the rep see the same live transcript.
/// </summary>
public sealed class RoomBroadcaster(
    MeetingInterviews interviews, Microsoft.AspNetCore.SignalR.IHubContext<MeetingRoomHub, IRoomClient> hub, RoomPresence presence,
    ILogger<RoomBroadcaster> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        interviews.LineAdded += OnLineAdded;
        interviews.Ended += OnEnded;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        interviews.LineAdded -= OnLineAdded;
        interviews.Ended -= OnEnded;
        return Task.CompletedTask;
    }

    private void OnLineAdded(object? sender, TranscriptLineAddedEventArgs e) =>
        _ = SendAsync(e.Line.MeetingId, hub.Clients.Group(MeetingRoomHub.Group(e.Line.MeetingId)).Line(RoomLine.From(e.Line)));

    private void OnEnded(object? sender, InterviewEndedEventArgs e)
    {
        var group = hub.Clients.Group(MeetingRoomHub.Group(e.MeetingId));
        _ = SendAsync(e.MeetingId, group.InterviewEnded(e.Reason.ToString()));
        _ = SendAsync(e.MeetingId, group.Participants(presence.List(e.MeetingId, interviewEnded: true)));
    }

    private async Task SendAsync(Guid meetingId, Task send)
    {
        try
        {
            await send;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A room that cannot be told now catches up when its page reads the room again (Enter after reconnecting).
            Log.BroadcastFailed(logger, ex, meetingId);
        }
    }
}

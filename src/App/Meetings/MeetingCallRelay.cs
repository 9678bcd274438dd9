using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// Tells a Meeting orchestration that the AI's call to the lead ended: listens to this process's live call feed and
/// raises <c>MeetingCallEnded</c> on <c>meeting:{id}</c> for calls placed for a meeting. An end missed here (the process
/// died in between) is read from the session when the orchestration's wait times out (<see cref="ReadMeetingCall"/>).
/// </summary>
internal sealed class MeetingCallRelay(LiveCallFeed feed, CallSessionStore sessions, DurableTaskClient durable, ILogger<MeetingCallRelay> logger)
    : BackgroundService
{
    /// <summary>
    /// A meeting call was answered when the lead said anything: the interview ran, fully or until the lead ended it. A
    /// callee who never spoke (no answer, busy, rejected, failed, silence) leaves nothing to analyse and gets the retry.
    /// </summary>
    public static MeetingCallEnded EndOf(CallSessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var answered = session.State.Turns.Any(turn => turn.Speaker == ConversationTurn.Lead);
        var outcome = session.Outcome ?? session.State.Outcome;
        if (outcome == CallOutcome.OptedOut)
        {
            // The lead asked not to be called again: answered, but the interview is not a meeting to analyse.
            return new MeetingCallEnded(session.CallId, Answered: true, CallOutcome.OptedOut.ToWireName());
        }

        return new MeetingCallEnded(session.CallId, answered,
            answered ? "interviewed" : (outcome is { } o && o != CallOutcome.NotInterested ? o.ToWireName() : CallOutcome.NoAnswer.ToWireName()));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in feed.SubscribeAsync(stoppingToken))
        {
            if (update.EndedWith is null)
            {
                continue;
            }

            try
            {
                var session = await sessions.GetAsync(update.CallId, stoppingToken);
                if (session?.MeetingId is not { } meetingId)
                {
                    continue;
                }

                var ended = EndOf(session);
                Log.MeetingCallEnded(logger, meetingId, ended.Answered, ended.Outcome);
                await durable.RaiseEventAsync(MeetingWorkflowInput.InstanceIdFor(meetingId), MeetingOrchestration.CallEndedEvent, ended, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RelayFailed(logger, e, update.CallId);
            }
        }
    }
}

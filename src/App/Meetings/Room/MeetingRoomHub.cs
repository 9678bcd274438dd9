using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using AiScheduler.Functions.Providers.Speech;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>What the room's hub calls on the browsers (the page registers handlers of the same names).</summary>
public interface IRoomClient
{
    Task Participants(IReadOnlyList<RoomParticipant> participants);

    Task Line(RoomLine line);

    Task InterviewEnded(string reason);

    Task Analysis(AnalysisValues analysis);
}

/// <summary>The room as one browser sees it when it enters.</summary>
public sealed record RoomState(
    Guid MeetingId,
    RoomParticipant You,
    string Title,
    IReadOnlyList<RoomParticipant> Participants,
    IReadOnlyList<RoomLine> Transcript,
    bool Ended,
    string JoinMode,
    RoomVoice Voice);

/// <summary>
/// Whether the room offers voice (browser microphone + the speech provider, <see cref="RoomSpeech"/>) or text chat only
/// (no speech service configured, the local default), and why.
/// </summary>
public sealed record RoomVoice(bool Available, string Note);

/// <summary>
/// The meeting room's real-time channel (<c>/meet/hub</c>), signed in with the room link's token: presence and mute,
/// the live transcript, the lead's text answers to the AI participant (through <see cref="RoomConversation"/>), the
/// end of the interview and, for the sales rep, the analysis.
/// </summary>
[Authorize(AuthenticationSchemes = RoomAuthenticationHandler.SchemeName)]
public sealed class MeetingRoomHub(RoomPresence presence, RoomConversation conversation, MeetingStore meetings, IOptions<SpeechOptions> speech,
    ILogger<MeetingRoomHub> logger)
    : Hub<IRoomClient>
{
    public const string Path = "/meet/hub";
    public const int MaxAnswerLength = 2000;

    public static string Group(Guid meetingId) => $"meeting:{meetingId:D}";

    public override async Task OnConnectedAsync()
    {
        var grant = Context.User.Grant();
        var meeting = await meetings.GetAsync(await conversation.WorkspaceOfAsync(grant.MeetingId, Context.ConnectionAborted), grant.MeetingId, Context.ConnectionAborted);
        if (meeting is null || meeting.Status == MeetingStatus.Cancelled)
        {
            // The link outlived its meeting: nothing to join.
            Log.RoomRefused(logger, grant.MeetingId, meeting?.Status ?? "missing");
            Context.Abort();
            return;
        }

        var name = grant.Role == RoomRole.Lead
            ? string.IsNullOrWhiteSpace(meeting.LeadName) ? "Guest" : meeting.LeadName
            : "Sales rep";
        presence.Join(grant.MeetingId, Context.ConnectionId, name, grant.Role);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(grant.MeetingId), Context.ConnectionAborted);
        Log.Joined(logger, grant.MeetingId, grant.Role);
        await BroadcastParticipantsAsync(grant.MeetingId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var grant = Context.User.Grant();
        presence.Leave(grant.MeetingId, Context.ConnectionId);
        await BroadcastParticipantsAsync(grant.MeetingId);
    }

    /// <summary>
    /// The room as it is now. When the lead enters the room of a meeting held in the room (join mode <c>room</c>) whose
    /// interview has not begun, the AI participant begins it (greeting, disclosure, first question), and everyone sees
    /// those lines arrive. In a meeting held by phone the room follows the call's transcript live.
    /// </summary>
    public async Task<RoomState> Enter()
    {
        var grant = Context.User.Grant();
        var you = presence.Find(grant.MeetingId, Context.ConnectionId)
            ?? throw new HubException("You are not in this meeting room; reload the page to join again.");
        var meeting = await meetings.GetAsync(await conversation.WorkspaceOfAsync(grant.MeetingId, Context.ConnectionAborted), grant.MeetingId, Context.ConnectionAborted)
            ?? throw new HubException("This meeting no longer exists.");
        if (grant.Role == RoomRole.Lead && meeting.JoinMode == MeetingJoinMode.Room)
        {
            try
            {
                await conversation.BeginAsync(grant.MeetingId, Context.ConnectionAborted);
            }
            catch (MeetingInterviewException ex)
            {
                throw new HubException(ex.Message);
            }
        }

        var transcript = await conversation.TranscriptAsync(grant.MeetingId, Context.ConnectionAborted);
        var ended = await conversation.EndedAsync(grant.MeetingId, Context.ConnectionAborted);
        var title = string.IsNullOrWhiteSpace(meeting.LeadName) ? "Meeting room" : $"Meeting with {meeting.LeadName}";
        return new RoomState(grant.MeetingId, you, title, presence.List(grant.MeetingId, ended), transcript, ended, meeting.JoinMode,
            RoomSpeech.VoiceOf(speech.Value));
    }

    /// <summary>
    /// A typed message: the lead's answers go to the AI participant, who replies; a rep's are recorded in the transcript.
    /// Every line reaches everyone in the room as it is stored (<see cref="RoomBroadcaster"/>).
    /// </summary>
    public async Task Say(string text)
    {
        var grant = Context.User.Grant();
        if (presence.Find(grant.MeetingId, Context.ConnectionId) is { Muted: true })
        {
            throw new HubException("You are muted; unmute to speak.");
        }

        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new HubException("Type a message first.");
        }

        var meeting = await meetings.GetAsync(await conversation.WorkspaceOfAsync(grant.MeetingId, Context.ConnectionAborted), grant.MeetingId, Context.ConnectionAborted);
        if (meeting?.JoinMode != MeetingJoinMode.Room)
        {
            throw new HubException("This meeting is held by phone: the AI assistant calls the guest, and the room shows the call's transcript.");
        }

        if (text.Length > MaxAnswerLength)
        {
            throw new HubException($"Messages are at most {MaxAnswerLength} characters; shorten yours.");
        }

        try
        {
            await conversation.SayAsync(grant.MeetingId, grant.Role == RoomRole.Lead ? TranscriptSpeakers.Lead : TranscriptSpeakers.Rep,
                text, Context.ConnectionAborted);
        }
        catch (MeetingInterviewException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    public async Task SetMuted(bool muted)
    {
        var grant = Context.User.Grant();
        presence.SetMuted(grant.MeetingId, Context.ConnectionId, muted);
        await BroadcastParticipantsAsync(grant.MeetingId);
    }

    /// <summary>For the sales rep: the analysis once the interview has been analysed, else null (the page asks again).</summary>
    public async Task<AnalysisValues?> Analysis()
    {
        var grant = Context.User.Grant();
        if (grant.Role != RoomRole.Rep)
        {
            throw new HubException("The analysis is for the sales team.");
        }

        return await conversation.AnalysisAsync(grant.MeetingId, Context.ConnectionAborted);
    }

    private async Task BroadcastParticipantsAsync(Guid meetingId)
    {
        var ended = await conversation.EndedAsync(meetingId, CancellationToken.None);
        await Clients.Group(Group(meetingId)).Participants(presence.List(meetingId, ended));
    }
}

using System.Collections.Concurrent;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>Someone in the room: a person's hub connection, or the AI participant (<c>role</c> <c>ai</c>).</summary>
public sealed record RoomParticipant(string Id, string Name, string Role, bool Muted, string Status);

/// <summary>
/// Who is in each meeting room now, per host process: the SignalR connections of this process (the hub's groups are
/// per process too; several self-host instances need sticky sessions or Azure SignalR Service, see the README), plus
/// the AI participant, which is always present while the room is open.
/// </summary>
public sealed class RoomPresence
{
    public const string AiId = "ai";
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, RoomParticipant>> _rooms = new();

    public RoomParticipant Join(Guid meetingId, string connectionId, string name, string role)
    {
        var participant = new RoomParticipant(connectionId, name, role, Muted: false, Status: "connected");
        _rooms.GetOrAdd(meetingId, _ => new ConcurrentDictionary<string, RoomParticipant>(StringComparer.Ordinal))[connectionId] = participant;
        return participant;
    }

    public void Leave(Guid meetingId, string connectionId)
    {
        if (_rooms.TryGetValue(meetingId, out var room))
        {
            room.TryRemove(connectionId, out _);
        }
    }

    /// <summary>Sets the mute flag of one connection; false when it is not in the room.</summary>
    public bool SetMuted(Guid meetingId, string connectionId, bool muted)
    {
        if (!_rooms.TryGetValue(meetingId, out var room))
        {
            return false;
        }

        while (room.TryGetValue(connectionId, out var current))
        {
            if (room.TryUpdate(connectionId, current with { Muted = muted }, current))
            {
                return true;
            }
        }

        return false;
    }

    public RoomParticipant? Find(Guid meetingId, string connectionId) =>
        _rooms.TryGetValue(meetingId, out var room) && room.TryGetValue(connectionId, out var participant) ? participant : null;

    /// <summary>The AI first, then the people in the order they are listed (lead before rep, then by name).</summary>
    public IReadOnlyList<RoomParticipant> List(Guid meetingId, bool interviewEnded)
    {
        var ai = new RoomParticipant(AiId, "AI assistant", "ai", Muted: false, Status: interviewEnded ? "finished" : "listening");
        var people = _rooms.TryGetValue(meetingId, out var room) ? room.Values : [];
        return [ai, .. people.OrderBy(p => p.Role == RoomRole.Lead ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }
}

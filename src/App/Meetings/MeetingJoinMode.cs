namespace AiScheduler.Functions.Meetings;

/// <summary>How the AI joins a meeting at its start: it calls the lead (<see cref="Phone"/>), or it waits in the web meeting room.</summary>
public static class MeetingJoinMode
{
    public const string Phone = "phone";
    public const string Room = "room";

    public static IReadOnlyList<string> All { get; } = [Phone, Room];

    public static bool IsKnown(string? mode) => All.Contains(mode, StringComparer.Ordinal);
}

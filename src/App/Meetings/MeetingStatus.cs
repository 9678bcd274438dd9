using AiScheduler.Functions.Meetings.Booking;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// A meeting's status and the changes allowed between them, as a table: a booked meeting can be held (completed), missed
/// (no-show), ended by the lead's opt-out on the AI's call (opted-out) or cancelled; completed and no-show can be corrected into each other; a cancelled meeting stays cancelled.
/// Moving a meeting is a reschedule, not a status change.
/// </summary>
public static class MeetingStatus
{
    public const string Booked = SlotBooking.BookedStatus;
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
    public const string NoShow = "no-show";

    /// <summary>The lead asked, on the AI's meeting call, not to be called again (the number is on the do-not-call list).</summary>
    public const string OptedOut = "opted-out";

    public static IReadOnlyList<string> All { get; } = [Booked, Cancelled, Completed, NoShow, OptedOut];

    private static readonly HashSet<(string From, string To)> Allowed =
    [
        (Booked, Cancelled),
        (Booked, Completed),
        (Booked, NoShow),
        (Booked, OptedOut),
        (Completed, NoShow),
        (NoShow, Completed),
    ];

    public static bool IsKnown(string status) => All.Contains(status, StringComparer.Ordinal);

    public static bool CanChange(string from, string to) => Allowed.Contains((from, to));

    /// <summary>The statuses <paramref name="from"/> may change to, for error messages.</summary>
    public static IReadOnlyList<string> NextOf(string from) => All.Where(to => CanChange(from, to)).ToList();
}

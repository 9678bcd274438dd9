using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Analytics;

/// <summary>One call as the KPIs see it.</summary>
/// <param name="StartedUtc">When the call was placed.</param>
/// <param name="Outcome">How it ended; null while it is still in progress.</param>
/// <param name="Duration">Talk time, when the call connected and ended.</param>
/// <param name="Language">The language the call ended in (BCP 47), if known.</param>
public sealed record CallFact(DateTimeOffset StartedUtc, CallOutcome? Outcome, TimeSpan? Duration, string? Language)
{
    /// <summary>A person picked up: every outcome of a conversation, wrong numbers included; voicemail is not a person.</summary>
    public bool Connected => Outcome is { } outcome && IsConversation(outcome);

    public static bool IsConversation(CallOutcome outcome) => outcome is CallOutcome.Booked or CallOutcome.NotInterested
        or CallOutcome.CallbackRequested or CallOutcome.OptedOut or CallOutcome.WrongNumber;
}

/// <summary>One meeting as the KPIs see it.</summary>
public sealed record MeetingFact(DateTimeOffset StartUtc, bool Cancelled);

/// <summary>The dashboard's headline numbers. Rates are fractions in [0, 1]; 0 when nothing was counted.</summary>
/// <param name="CallsPlaced">Every call placed, finished or not.</param>
/// <param name="CallsCompleted">Calls that have an outcome.</param>
/// <param name="CallsInProgress">Calls without an outcome yet.</param>
/// <param name="Connected">Completed calls where a person answered.</param>
/// <param name="ConnectedRate">Connected / completed.</param>
/// <param name="Booked">Calls that ended with a booking.</param>
/// <param name="BookingRate">Booked / connected: how often a conversation turns into a meeting.</param>
/// <param name="AverageDuration">Mean talk time of connected calls that have a duration.</param>
/// <param name="MeetingsBooked">Meetings not cancelled.</param>
/// <param name="MeetingsUpcoming">Meetings not cancelled that start after now.</param>
public sealed record KpiOverview(
    int CallsPlaced,
    int CallsCompleted,
    int CallsInProgress,
    int Connected,
    double ConnectedRate,
    int Booked,
    double BookingRate,
    TimeSpan AverageDuration,
    int MeetingsBooked,
    int MeetingsUpcoming);

/// <summary>How many completed calls ended with <paramref name="Outcome"/>, and their share of all completed calls.</summary>
public sealed record OutcomeCount(CallOutcome Outcome, int Count, double Share);

/// <summary>Calls per language: placed, connected, booked and the share of all calls placed.</summary>
public sealed record LanguageCount(string Language, int Calls, int Connected, int Booked, double Share);

/// <summary>Granularity of <see cref="Kpis.CallsOverTime"/>.</summary>
public enum TimeBucket
{
    Hour,
    Day,
}

/// <summary>One bucket of calls over time: it starts at <paramref name="StartLocal"/> on the zone's wall clock.</summary>
public sealed record CallsInBucket(DateTimeOffset StartUtc, DateTimeOffset StartLocal, int Calls, int Connected, int Booked);

/// <summary>A booked meeting's start and the IANA zone of the lead it was booked with.</summary>
public sealed record BookedStart(DateTimeOffset StartUtc, string TimeZone);

/// <summary>How many meetings start on <paramref name="Day"/> at <paramref name="Hour"/> of their lead's wall clock.</summary>
public sealed record BookingTimeCell(DayOfWeek Day, int Hour, int Meetings);

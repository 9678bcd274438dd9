using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings;

/// <summary>Settings under <c>Meetings:</c>: who organises the meetings and when reminders go out.</summary>
public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>ORGANIZER of every invite (the sales team's mailbox, which receives the attendees' replies).</summary>
    public string OrganizerEmail { get; set; } = "scheduling@aischeduler.local";

    public string OrganizerName { get; set; } = "AiScheduler";

    /// <summary>The invite's title; the lead's name is appended when known.</summary>
    public string Title { get; set; } = "Introductory call";

    /// <summary>
    /// Reminder emails go out this long before the start, comma-separated time spans (default 24 h and 1 h); reminders
    /// whose time has already passed when the meeting is booked or moved are skipped. A string, not a list, so a setting
    /// replaces the default instead of being appended to it by the configuration binder.
    /// </summary>
    public string ReminderOffsets { get; set; } = "1.00:00:00,01:00:00";

    /// <summary>The wait before the AI calls a lead again who did not answer its first call (one retry, then no-show).</summary>
    public TimeSpan NoAnswerRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the orchestration waits for the end of a call to the lead before it reads the call's session itself
    /// (the end is normally reported at once; this bounds a report lost with a crashed process).
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Room mode: how long after joining the AI waits for the room's interview to end (then it analyses what was said, or records a no-show).</summary>
    public TimeSpan RoomTimeout { get; set; } = TimeSpan.FromHours(2);

    public MeetingJoinSettings JoinSettings => new(NoAnswerRetryDelay, CallTimeout, RoomTimeout);

    public IReadOnlyList<TimeSpan> ParsedReminderOffsets =>
        ReminderOffsets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(offset => TimeSpan.Parse(offset, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct()
            .OrderDescending()
            .ToList();
}

internal sealed class MeetingOptionsValidation : IValidateOptions<MeetingOptions>
{
    public ValidateOptionsResult Validate(string? name, MeetingOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = new Domain.Calendar.CalendarParty(options.OrganizerName, options.OrganizerEmail ?? "");
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Meetings:OrganizerEmail is not usable: {ex.Message}.");
        }

        if (string.IsNullOrWhiteSpace(options.Title) || options.Title.Any(char.IsControl) || options.Title.Length > 200)
        {
            failures.Add("Meetings:Title must be one line of 1 to 200 characters.");
        }

        var offsets = (options.ReminderOffsets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (offsets.Any(offset => !TimeSpan.TryParse(offset, System.Globalization.CultureInfo.InvariantCulture, out var span) ||
                                  span <= TimeSpan.Zero || span > TimeSpan.FromDays(30)))
        {
            failures.Add("Meetings:ReminderOffsets must each be a positive time span up to 30 days, comma-separated, e.g. '1.00:00:00,01:00:00' (empty for none).");
        }

        if (options.NoAnswerRetryDelay < TimeSpan.Zero || options.NoAnswerRetryDelay > TimeSpan.FromDays(1))
        {
            failures.Add("Meetings:NoAnswerRetryDelay must be a time span from 00:00:00 to 1.00:00:00, e.g. '00:05:00'.");
        }

        if (options.CallTimeout <= TimeSpan.Zero || options.CallTimeout > TimeSpan.FromDays(1))
        {
            failures.Add("Meetings:CallTimeout must be a positive time span up to 1.00:00:00, e.g. '02:00:00'.");
        }

        if (options.RoomTimeout <= TimeSpan.Zero || options.RoomTimeout > TimeSpan.FromDays(1))
        {
            failures.Add("Meetings:RoomTimeout must be a positive time span up to 1.00:00:00, e.g. '02:00:00'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

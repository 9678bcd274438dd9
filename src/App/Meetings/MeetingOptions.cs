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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

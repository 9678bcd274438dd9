using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>Settings under <c>Meetings:Room:</c>: how meeting-room links are signed and how long they open the room.</summary>
public sealed class RoomOptions
{
    public const string Section = "Meetings:Room";

    /// <summary>
    /// The HMAC-SHA256 key of room links, at least 32 characters, the same on every instance. Unset: a random key is
    /// generated at first use and kept in the store (table <c>meeting_room_keys</c>), which every instance shares.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>A link opens the room until this many hours after the meeting's scheduled end.</summary>
    public int LinkHoursAfterEnd { get; set; } = 12;
}

internal sealed class RoomOptionsValidation : IValidateOptions<RoomOptions>
{
    public ValidateOptionsResult Validate(string? name, RoomOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey is { } key && key.Length > 0 && key.Length < 32)
        {
            failures.Add("Meetings:Room:SigningKey must be at least 32 characters (or unset, to have one generated and stored).");
        }

        if (options.LinkHoursAfterEnd is < 1 or > 24 * 30)
        {
            failures.Add("Meetings:Room:LinkHoursAfterEnd must be between 1 and 720 hours.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

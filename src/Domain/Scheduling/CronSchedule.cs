using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cronos;

namespace AiScheduler.Domain.Scheduling;

/// <summary>
/// A cron schedule, parsed and evaluated by Cronos: five fields (<c>minute hour day-of-month month day-of-week</c>,
/// minute precision, as campaigns write them) or six with seconds first, like Azure Functions' NCRONTAB in
/// <c>host.json</c> (<c>"0 */5 * * * *"</c>). The number of fields picks Cronos's format (six: <c>CronFormat.IncludeSeconds</c>).
/// Each field takes <c>*</c>, values, ranges (<c>1-5</c>), lists (<c>1,15</c>), steps (<c>*/10</c>, <c>5/15</c>,
/// <c>0-30/10</c>) and names (<c>JAN</c>-<c>DEC</c>, <c>SUN</c>-<c>SAT</c>; day-of-week 0 and 7 are both Sunday); <c>?</c>
/// means "any", and Cronos's <c>L</c>, <c>W</c> and <c>#</c> day forms work too. A range written backwards wraps
/// around (<c>22-2</c> in the hour field is 22:00 to 02:00).
/// </summary>
/// <remarks>
/// As in NCRONTAB, a day must satisfy both day-of-month and day-of-week (Vixie cron would OR them when both are
/// restricted). Occurrences are evaluated on the wall clock of the given zone (Cronos's rules):
/// <list type="bullet">
/// <item>a wall time skipped by a spring-forward change fires once, at the first instant after the gap;</item>
/// <item>a wall time repeated by a fall-back change fires at its first pass only, unless the schedule repeats within the
/// hour (hour field <c>*</c>), which keeps its rhythm through the repeated hour, by elapsed time.</item>
/// </list>
/// </remarks>
public sealed class CronSchedule
{
    private const string Forms = "write 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. \"0 */5 * * * *\".";

    // Field names as the error messages say them, with what each takes, in the order of the six-field form.
    private static readonly (string Name, string Takes)[] Fields =
    [
        ("second", "0-59"),
        ("minute", "0-59"),
        ("hour", "0-23"),
        ("day-of-month", "1-31, L, W or ?"),
        ("month", "1-12 or JAN-DEC"),
        ("day-of-week", "0-7 (0 and 7 are Sunday), SUN-SAT, # or ?"),
    ];

    // An instant before any schedule's first occurrence, for the "never fires" check (Cronos looks ahead to 2499).
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly CronExpression _expression;

    private CronSchedule(string expression, bool hasSeconds, CronExpression parsed)
    {
        Expression = expression;
        HasSeconds = hasSeconds;
        _expression = parsed;
    }

    /// <summary>The expression as given (trimmed).</summary>
    public string Expression { get; }

    /// <summary>True for the six-field form (seconds first).</summary>
    public bool HasSeconds { get; }

    /// <summary>Parses <paramref name="expression"/>.</summary>
    /// <exception cref="FormatException">The expression is malformed; the message names the field and what to fix.</exception>
    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(
        string? expression,
        [NotNullWhen(true)] out CronSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "The cron expression is empty; " + Forms;
            return false;
        }

        var text = expression.Trim();
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Cron expression '{text}' has {parts.Length} fields; ") + Forms;
            return false;
        }

        var hasSeconds = parts.Length == 6;
        var format = hasSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (!TryParseCronos(string.Join(' ', parts), format, out var parsed, out var reason))
        {
            error = FieldError(text, parts, format, reason);
            return false;
        }

        if (parsed.GetNextOccurrence(Epoch) is null)
        {
            var offset = hasSeconds ? 1 : 0;
            error = $"Cron expression '{text}' never fires: no month in the month field '{parts[offset + 3]}' has a day " +
                    $"listed in the day-of-month field '{parts[offset + 2]}' (with the day-of-week field '{parts[offset + 4]}').";
            return false;
        }

        schedule = new CronSchedule(text, hasSeconds, parsed);
        error = null;
        return true;
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, evaluated on the wall clock of <paramref name="zone"/>,
    /// returned in UTC (offset zero).
    /// </summary>
    public DateTimeOffset Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _expression.GetNextOccurrence(after, zone)?.ToUniversalTime()
               // Parse rejects schedules that can never fire, so only the end of Cronos's calendar (2499) gets here.
               ?? throw new InvalidOperationException($"Cron schedule '{Expression}' has no occurrence after {after:O}.");
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>.</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset after, TimeZoneInfo zone, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cursor = after;
        for (var i = 0; i < count; i++)
        {
            cursor = Next(cursor, zone);
            yield return cursor;
        }
    }

    public override string ToString() => Expression;

    private static bool TryParseCronos(string text, CronFormat format, [NotNullWhen(true)] out CronExpression? parsed,
        [NotNullWhen(false)] out string? reason)
    {
        try
        {
            parsed = CronExpression.Parse(text, format);
            reason = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            parsed = null;
            reason = ex.Message;
            return false;
        }
    }

    // Cronos says what is wrong but names its fields its own way; find the field by parsing it alone (the others '*').
    private static string FieldError(string text, string[] parts, CronFormat format, string reason)
    {
        var offset = parts.Length == 6 ? 0 : 1;
        for (var i = 0; i < parts.Length; i++)
        {
            var alone = string.Join(' ', parts.Select((part, j) => j == i ? part : "*"));
            if (!TryParseCronos(alone, format, out _, out var fieldReason))
            {
                var (name, takes) = Fields[i + offset];
                return $"Cron expression '{text}': the {name} field '{parts[i]}' is invalid: {Reason(fieldReason)} " +
                       $"The {name} field takes {takes}, as values, ranges (1-5), lists (1,15) or steps (*/10).";
            }
        }

        return $"Cron expression '{text}' is invalid: {Reason(reason)} " + Forms;
    }

    // "The given cron expression has an invalid format. Minutes: Value must be ..." -> "value must be ...".
    private static string Reason(string message)
    {
        var colon = message.LastIndexOf(": ", StringComparison.Ordinal);
        var reason = colon >= 0 ? message[(colon + 2)..].Trim() : message.Trim();
        return reason.Length == 0 ? message : char.ToLowerInvariant(reason[0]) + reason[1..];
    }
}

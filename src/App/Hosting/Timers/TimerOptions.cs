using AiScheduler.Domain.Scheduling;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting.Timers;

/// <summary>
/// Timer settings: the schedules come from the root <c>schedules</c> section of host.json (name → cron, five fields or
/// six with seconds first); the rest from <c>Timers:</c>.
/// </summary>
public sealed class TimerOptions
{
    public const string SchedulesSection = "schedules";
    public const string Section = "Timers";

    /// <summary>Schedule name → cron expression.</summary>
    public Dictionary<string, string> Schedules { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set false to run no timers in this process (other processes still run them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>IANA zone whose wall clock the cron expressions follow (like WEBSITE_TIME_ZONE); UTC by default.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>This process's name in <c>timer_runs</c>; defaults to machine name and process id.</summary>
    public string? HostId { get; set; }

    /// <summary>How long to wait before trying again when the store cannot be reached (milliseconds).</summary>
    public int StoreRetryMilliseconds { get; set; } = 5_000;

    internal string EffectiveHostId =>
        string.IsNullOrWhiteSpace(HostId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : HostId.Trim();
}

/// <summary>Fails start-up on a schedule that does not parse or a zone that does not exist, naming the setting.</summary>
internal sealed class TimerOptionsValidation : IValidateOptions<TimerOptions>
{
    public ValidateOptionsResult Validate(string? name, TimerOptions options)
    {
        var failures = new List<string>();
        foreach (var (schedule, expression) in options.Schedules)
        {
            if (!CronSchedule.TryParse(expression, out _, out var error))
            {
                failures.Add($"host.json schedules:{schedule}: {error}");
            }
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? string.Empty, out _))
        {
            failures.Add($"Timers:TimeZone '{options.TimeZone}' is not a time zone; use an IANA id such as 'UTC' or 'Europe/London'.");
        }

        if (options.StoreRetryMilliseconds is < 10 or > 600_000)
        {
            failures.Add("Timers:StoreRetryMilliseconds must be between 10 and 600000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

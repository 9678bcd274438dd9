using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>How the call inbox hands out and retries its entries. Section <c>Calls:Inbox</c>.</summary>
public sealed class CallInboxOptions
{
    public const string Section = "Calls:Inbox";

    /// <summary>How long an entry stays with the process that took it before another may take it over (renewed while it works).</summary>
    public TimeSpan LeaseLength { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the inbox looks for entries whose process died, renews its own leases and stores what it handled.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Tries per entry before it is closed as failed (the failure is kept on the row).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry of a failed entry; doubles per try, at most 30 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long handled entries are kept (for inspection) before they are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);
}

public sealed class CallInboxOptionsValidation : IValidateOptions<CallInboxOptions>
{
    public ValidateOptionsResult Validate(string? name, CallInboxOptions options)
    {
        var failures = new List<string>();
        if (options.LeaseLength < TimeSpan.FromSeconds(1) || options.LeaseLength > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Calls:Inbox:LeaseLength is {options.LeaseLength}; use 00:00:01 to 00:10:00.");
        }

        if (options.SweepInterval < TimeSpan.FromMilliseconds(50) || options.SweepInterval * 2 > options.LeaseLength)
        {
            failures.Add($"Calls:Inbox:SweepInterval is {options.SweepInterval}; use at least 00:00:00.050 and at most half of Calls:Inbox:LeaseLength ({options.LeaseLength}), so leases are renewed in time.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"Calls:Inbox:MaxAttempts is {options.MaxAttempts}; use 1 to 100.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Calls:Inbox:RetryDelay is {options.RetryDelay}; use 00:00:00 to 00:01:00.");
        }

        if (options.Retention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Calls:Inbox:Retention is {options.Retention}; keep handled entries at least 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

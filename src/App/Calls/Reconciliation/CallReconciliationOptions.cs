using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Reconciliation;

/// <summary>How calls the store thinks are in progress are checked against the telephony service. Section <c>Calls:Reconciliation</c>.</summary>
public sealed class CallReconciliationOptions
{
    public const string Section = "Calls:Reconciliation";

    /// <summary>Off: calls cut off by a crash wait for <c>Campaigns:CallEndedTimeout</c> instead.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the check runs after the one at start-up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls whose session changed less than this long ago are left alone (their callbacks are still on the way).</summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A call still up at the telephony service whose session has not moved for this long lost a callback (its process
    /// was down when it came) and is hung up, which settles it. Keep it well above the longest turn (the listen timeouts
    /// plus the agent's answer).
    /// </summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after a call was settled its campaign attempt may still be on its way to record the end before the end is sent again.</summary>
    public TimeSpan ResendEndAfter { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class CallReconciliationOptionsValidation : IValidateOptions<CallReconciliationOptions>
{
    public ValidateOptionsResult Validate(string? name, CallReconciliationOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromHours(1))
        {
            failures.Add($"Calls:Reconciliation:Interval is {options.Interval}; use 00:00:01 to 01:00:00.");
        }

        if (options.MinimumAge < TimeSpan.Zero)
        {
            failures.Add($"Calls:Reconciliation:MinimumAge is {options.MinimumAge}; it cannot be negative.");
        }

        if (options.StuckAfter < TimeSpan.FromSeconds(5))
        {
            failures.Add($"Calls:Reconciliation:StuckAfter is {options.StuckAfter}; use at least 00:00:05 (a quiet turn must not count as stuck).");
        }

        if (options.ResendEndAfter < TimeSpan.Zero)
        {
            failures.Add($"Calls:Reconciliation:ResendEndAfter is {options.ResendEndAfter}; it cannot be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

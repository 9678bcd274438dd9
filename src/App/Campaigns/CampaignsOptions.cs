using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Campaigns;

/// <summary>How campaigns run, section <c>Campaigns</c>. Per-campaign settings (window, concurrency, retries) are in the campaign itself.</summary>
public sealed class CampaignsOptions
{
    public const string Section = "Campaigns";

    /// <summary>
    /// How long a call attempt waits for its call to end before it asks the session itself, hangs up if needed, and
    /// settles the call as failed (callbacks that never arrive must not hold a concurrency slot for ever).
    /// </summary>
    public TimeSpan CallEndedTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The shortest wait of a campaign that has nothing to do but wait for a lead to become due.</summary>
    public TimeSpan MinimumWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After starting this many calls a campaign drains its calls in flight and continues as new, to bound its history.</summary>
    public int CallsPerGeneration { get; set; } = 300;
}

public sealed class CampaignsOptionsValidation : IValidateOptions<CampaignsOptions>
{
    public ValidateOptionsResult Validate(string? name, CampaignsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CallEndedTimeout < TimeSpan.FromSeconds(1) || options.CallEndedTimeout > TimeSpan.FromHours(6))
        {
            failures.Add($"Campaigns:CallEndedTimeout is {options.CallEndedTimeout}; use 00:00:01 to 06:00:00 (longer than any call lasts).");
        }

        if (options.MinimumWait < TimeSpan.FromMilliseconds(100) || options.MinimumWait > TimeSpan.FromHours(1))
        {
            failures.Add($"Campaigns:MinimumWait is {options.MinimumWait}; use 00:00:00.1 to 01:00:00.");
        }

        if (options.CallsPerGeneration is < 1 or > 10_000)
        {
            failures.Add($"Campaigns:CallsPerGeneration is {options.CallsPerGeneration}; use 1 to 10000 (a few hundred keeps history small).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

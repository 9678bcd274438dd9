using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Leads;

/// <summary>Settings under <c>Leads:</c>.</summary>
public sealed class LeadsOptions
{
    public const string Section = "Leads";

    /// <summary>ISO 3166-1 region assumed for numbers written without a country code ("050-123-4567").</summary>
    public string DefaultRegion { get; set; } = "US";

    /// <summary>IANA zone used when neither the lead nor its number settles one (multi-zone countries).</summary>
    public string FallbackTimeZone { get; set; } = "UTC";

    public LeadImportOptions Import { get; set; } = new();
}

/// <summary>Settings under <c>Leads:Import:</c> for CSV uploads.</summary>
public sealed class LeadImportOptions
{
    /// <summary>Largest accepted upload in bytes; larger ones are answered with 413.</summary>
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows in one file; more are answered with 400 before anything is written.</summary>
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Rows written per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Row errors listed in a response; the rest are only counted.</summary>
    public int MaxReportedErrors { get; set; } = 1_000;
}

/// <summary>Rejects unusable lead settings at start-up, naming the setting to fix.</summary>
internal sealed class LeadsOptionsValidation : IValidateOptions<LeadsOptions>
{
    public ValidateOptionsResult Validate(string? name, LeadsOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultRegion is not { Length: 2 } region || !region.All(char.IsAsciiLetterUpper))
        {
            failures.Add($"Leads:DefaultRegion '{options.DefaultRegion}' must be a two-letter ISO 3166-1 code such as 'US' or 'IL'.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.FallbackTimeZone ?? string.Empty, out var zone) || !zone.HasIanaId)
        {
            failures.Add($"Leads:FallbackTimeZone '{options.FallbackTimeZone}' is not an IANA time zone such as 'America/New_York' or 'UTC'.");
        }

        var import = options.Import;
        if (import.MaxBytes < 1)
        {
            failures.Add("Leads:Import:MaxBytes must be a positive number of bytes.");
        }

        if (import.MaxRows < 1)
        {
            failures.Add("Leads:Import:MaxRows must be positive.");
        }

        if (import.BatchSize is < 1 or > 10_000)
        {
            failures.Add("Leads:Import:BatchSize must be between 1 and 10000.");
        }

        if (import.MaxReportedErrors is < 0 or > 100_000)
        {
            failures.Add("Leads:Import:MaxReportedErrors must be between 0 and 100000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

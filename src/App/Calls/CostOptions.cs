using System.ComponentModel.DataAnnotations;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// Prices for the cost estimate on each call's record (<c>Costs:*</c>). The defaults are list prices at the time of
/// writing - Azure Communication Services outbound PSTN to a US number, and gpt-4o-mini - so set your own.
/// </summary>
public sealed class CostOptions
{
    public const string Section = "Costs";

    /// <summary>ISO currency code the prices below are in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";

    /// <summary>Telephony, per minute connected.</summary>
    [Range(0, 1000)]
    public decimal TelephonyPerMinute { get; set; } = 0.013m;

    /// <summary>Model input (prompt) tokens, per million.</summary>
    [Range(0, 100_000)]
    public decimal LlmInputPerMillionTokens { get; set; } = 0.15m;

    /// <summary>Model output (completion) tokens, per million.</summary>
    [Range(0, 100_000)]
    public decimal LlmOutputPerMillionTokens { get; set; } = 0.60m;
}

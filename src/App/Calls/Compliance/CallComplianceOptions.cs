using AiScheduler.Domain.Recording;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Compliance;

/// <summary>The caller's rights during a call. Section <c>Calls:Compliance</c>.</summary>
public sealed class CallComplianceOptions
{
    public const string SectionName = "Calls:Compliance";

    /// <summary>The keypad key that ends the call and puts the number on the do-not-call list (0-9, * or #).</summary>
    public string OptOutDigit { get; set; } = "9";

    /// <summary>Recording mode per country (ISO alpha-2) overriding <see cref="RecordingRules"/>, e.g.
    /// <c>"Calls:Compliance:RecordingModes:US": "AskFirst"</c>. Modes: AnnounceAndRecord, AskFirst, Never.</summary>
    public Dictionary<string, RecordingMode> RecordingModes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class CallComplianceOptionsValidator : IValidateOptions<CallComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, CallComplianceOptions options)
    {
        var failures = new List<string>();
        if (options.OptOutDigit is not { Length: 1 } digit || !(char.IsAsciiDigit(digit[0]) || digit[0] is '*' or '#'))
        {
            failures.Add($"Calls:Compliance:OptOutDigit is '{options.OptOutDigit}'; use one keypad key: 0-9, * or #.");
        }

        foreach (var country in options.RecordingModes.Keys.Where(c => c.Length != 2 || !c.All(char.IsAsciiLetter)))
        {
            failures.Add($"Calls:Compliance:RecordingModes has the key '{country}'; keys are ISO 3166 alpha-2 country codes such as US or DE.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

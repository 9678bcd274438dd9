using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls;

/// <summary>How the call session listens and speaks. Section <c>Calls</c>.</summary>
public sealed class CallSessionOptions
{
    public const string SectionName = "Calls";

    /// <summary>The name the agent introduces itself with.</summary>
    public string AgentName { get; set; } = "Maya";

    /// <summary>The company the agent calls for (said in the opening).</summary>
    public string CompanyName { get; set; } = "AiScheduler";

    /// <summary>Why we call, for calls outside a campaign (inbound calls, single calls): an English noun phrase the agent
    /// says as "I'm calling about {Purpose}." Other languages say the product's default purpose; a campaign's calls say
    /// the campaign's pitch (<c>pitch</c> on <c>POST /api/campaigns</c>).</summary>
    public string Purpose { get; set; } = "a short introduction to our services";

    /// <summary>When on, the opening says the call is recorded.</summary>
    public bool RecordingEnabled { get; set; } = true;

    /// <summary>How long to wait for the callee to start speaking before the turn counts as silence.</summary>
    public double InitialSilenceSeconds { get; set; } = 6;

    /// <summary>How much silence ends the callee's utterance.</summary>
    public double EndSilenceSeconds { get; set; } = 0.8;

    /// <summary>Neural voice per language (BCP-47 primary subtag or full tag); unlisted languages use the service default.</summary>
    public Dictionary<string, string> Voices { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en-US-JennyNeural",
        ["he"] = "he-IL-HilaNeural",
        ["fr"] = "fr-FR-DeniseNeural",
        ["de"] = "de-DE-KatjaNeural",
        ["es"] = "es-ES-ElviraNeural",
    };

    public string? VoiceFor(string language) =>
        Voices.TryGetValue(language, out var voice) || Voices.TryGetValue(language.Split('-', 2)[0], out voice) ? voice : null;
}

public sealed class CallSessionOptionsValidator : IValidateOptions<CallSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, CallSessionOptions options)
    {
        var failures = new List<string>();
        if (options.InitialSilenceSeconds is < 1 or > 60)
        {
            failures.Add($"Calls:InitialSilenceSeconds is {options.InitialSilenceSeconds}; use 1 to 60 seconds.");
        }

        if (options.EndSilenceSeconds is < 0.1 or > 10)
        {
            failures.Add($"Calls:EndSilenceSeconds is {options.EndSilenceSeconds}; use 0.1 to 10 seconds.");
        }

        foreach (var (setting, value) in new[] { ("AgentName", options.AgentName), ("CompanyName", options.CompanyName), ("Purpose", options.Purpose) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
            {
                failures.Add($"Calls:{setting} must be 1 to 200 characters; it is spoken in every call's opening.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

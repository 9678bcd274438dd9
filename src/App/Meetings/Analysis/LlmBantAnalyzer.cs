using System.ClientModel;
using System.Globalization;
using System.Text;
using AiScheduler.Domain.Meetings.Analysis;
using AiScheduler.Functions.Providers.Llm;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>What an analyser concluded, and from where (<see cref="AnalysisSource"/>).</summary>
public sealed record AnalysisOutcome(BantAnalysis Analysis, string Source, string? FallbackReason = null);

/// <summary>
/// The LLM analyser: one chat completion with <c>response_format</c> <c>json_schema</c> (structured outputs, strict) over
/// the transcript, checked by <see cref="LlmAnalysisSchema.Validate"/>. Returns null with the reason when the model
/// failed, refused, timed out or answered outside the schema; the caller then falls back to the rule-based analyser.
/// </summary>
public sealed class LlmBantAnalyzer(ChatClient chat, IOptions<LlmOptions> options, TimeProvider clock, ILogger<LlmBantAnalyzer> logger)
{
    /// <summary>A transcript is analysed within this long; analysis runs in an activity, not a live turn.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<(BantAnalysis? Analysis, string? Failure)> AnalyzeAsync(IReadOnlyList<SpokenLine> transcript, string language,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var messages = new List<ChatMessage>
        {
            new SystemChatMessage(Instructions),
            new UserChatMessage(TranscriptText(transcript, language)),
        };
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(LlmAnalysisSchema.Name, BinaryData.FromString(LlmAnalysisSchema.Schema),
                "BANT analysis of a sales qualification meeting", jsonSchemaIsStrict: true),
            Temperature = (float)options.Value.Temperature,
            MaxOutputTokenCount = 2000,
        };

        using var timeout = new CancellationTokenSource(Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ChatCompletion completion;
        try
        {
            ClientResult<ChatCompletion> result = await chat.CompleteChatAsync(messages, completionOptions, linked.Token);
            completion = result.Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"the model did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (ClientResultException ex)
        {
            return (null, $"the model failed with HTTP {ex.Status}");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"the model could not be reached: {ex.Message}");
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            return (null, "the model refused to analyse the transcript");
        }

        var json = string.Concat(completion.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
        var (analysis, errors) = LlmAnalysisSchema.Validate(json, transcript);
        if (analysis is null)
        {
            return (null, "the model's answer failed validation: " + string.Join("; ", errors.Take(5)));
        }

        var (overall, status) = LlmAnalysisSchema.ModelVerdict(json);
        if ((overall is not null && overall != analysis.Overall) || (status is not null && status != analysis.Status.ToWire()))
        {
            Log.ModelVerdictReplaced(logger, overall ?? -1, status ?? "", analysis.Overall, analysis.Status.ToWire());
        }

        return (analysis, null);
    }

    private const string Instructions = """
        You analyse the transcript of a sales qualification meeting between an AI interviewer (and sometimes a sales rep)
        and a lead, using BANT. Score Budget, Authority, Need and Timeline from 0 to 100 each:
        - 80-100: clearly established by the lead (an amount or approved budget; the lead decides; an urgent, concrete need;
          acting within about three months).
        - 50-79: partly established (a budget without an amount; a senior influencer; a need without urgency; within a year).
        - 21-49: weak (sign-off needed elsewhere; vague need; a year or more away).
        - 20: not established in the meeting. 0-10: the lead ruled it out ("we have no budget", "we don't need this").
        Only lines spoken by the lead are evidence. Every quote must be copied verbatim from a line marked [lead]; never
        paraphrase or translate a quote. A score above 20 needs at least one quote. Hedges ("maybe", "vielleicht",
        "peut-être", "quizás", "אולי") lower a score. Write rationales, pain points, opportunities, next steps, follow-up
        questions and insights in English for the sales team. The overall score and status you give are informational.
        """;

    private static string TranscriptText(IReadOnlyList<SpokenLine> transcript, string language)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The lead's language: {language}.\nTranscript:\n");
        foreach (var line in transcript)
        {
            var speaker = line.IsLead ? "lead" : line.Speaker.ToLowerInvariant() switch
            {
                "agent" or "ai" => "agent",
                _ => "rep",
            };
            text.Append(CultureInfo.InvariantCulture, $"[{speaker}] {line.At.UtcDateTime:HH:mm:ss} {line.Text.ReplaceLineEndings(" ")}\n");
        }

        return text.ToString();
    }
}

/// <summary>
/// The analyser the meeting completion uses: the LLM analyser when <c>Llm:Provider</c> names a model, falling back to
/// the rule-based analyser (source <c>rules-fallback</c>) whenever the model's answer is unusable; the rule-based
/// analyser alone otherwise.
/// </summary>
public sealed class MeetingAnalyzer(LlmBantAnalyzer? llm, ILogger<MeetingAnalyzer> logger)
{
    public async Task<AnalysisOutcome> AnalyzeAsync(IReadOnlyList<SpokenLine> transcript, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (llm is null)
        {
            return new AnalysisOutcome(RuleBasedBantAnalyzer.Analyze(transcript), AnalysisSource.Rules);
        }

        var (analysis, failure) = await llm.AnalyzeAsync(transcript, language, cancellationToken);
        if (analysis is not null)
        {
            return new AnalysisOutcome(analysis, AnalysisSource.Llm);
        }

        Log.FellBackToRules(logger, failure ?? "unknown");
        return new AnalysisOutcome(RuleBasedBantAnalyzer.Analyze(transcript), AnalysisSource.RulesFallback, failure);
    }
}

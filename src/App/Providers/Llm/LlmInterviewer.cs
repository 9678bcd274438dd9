using System.Text.Json;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// The LLM brain of the meeting interview: the rule-based interviewer runs every turn (language switches, "can you
/// repeat", "I don't know", off-topic, ending early and the configured follow-up rules stay deterministic); when the lead
/// has answered a question and the rules move on, the model reads the answer in the context of the interview so far and
/// may acknowledge it in its own words and ask one context-aware follow-up. It answers with structured output
/// (<c>response_format</c> json_schema, strict), checked in code (<see cref="ModelFollowUp.Apply"/>); invalid output, a
/// failing or slow model leaves the rule-based turn. With <c>Llm:Provider</c> = <c>rules</c> it never asks.
/// </summary>
public sealed class LlmInterviewer(IOptions<LlmOptions> options, TimeProvider timeProvider, ILogger<LlmInterviewer> logger, IHttpClientFactory? httpClients = null)
{
    /// <summary>Opens the system prompt (and lets a test tell this request from the planner's).</summary>
    public const string Role = "You listen to a sales lead's answer in a short qualification interview";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The structured output the model must produce.</summary>
    public const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["acknowledgement", "followUp"],
          "properties": {
            "acknowledgement": { "type": "string" },
            "followUp": { "type": ["string", "null"] }
          }
        }
        """;

    private readonly Lazy<ChatClient?> chat = new(() =>
        options.Value.UsesModel ? LlmServiceCollectionExtensions.CreateChatClient(options.Value, httpClients?.CreateClient(LlmServiceCollectionExtensions.HttpClientName)) : null);

    /// <summary>Whether a model is configured (otherwise <see cref="RefineAsync"/> returns the rules' turn untouched).</summary>
    public bool UsesModel => options.Value.UsesModel;

    /// <summary>
    /// The turn to take after <paramref name="utterance"/>: the model's acknowledgement and follow-up when it applies and
    /// passes the checks, otherwise <paramref name="ruleTurn"/>.
    /// </summary>
    public async Task<InterviewTurn> RefineAsync(InterviewState before, string utterance, InterviewTurn ruleTurn, string? leadName,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(ruleTurn);
        if (chat.Value is not { } client || !ModelFollowUp.Applies(before, ruleTurn))
        {
            return ruleTurn;
        }

        var language = ruleTurn.State.Language;
        var question = before.CurrentQuestion()!;
        List<ChatMessage> messages =
        [
            new SystemChatMessage(
                Role + " (BANT: budget, authority, need, timeline). You get the question just asked, the lead's answer, the " +
                "answers so far and what was known before the meeting. Write a short acknowledgement of what the lead just said " +
                $"(one sentence, at most 15 words, no question, in the language '{language}'). Then decide whether ONE follow-up " +
                "question is needed because the answer left something open that matters for qualification (an amount, who signs " +
                "off, a date, what they use today, a concrete example). If the answer is clear enough, followUp is null. A " +
                "follow-up is one short, polite question ending with '?', in the same language, about this answer only; never " +
                "ask what is already known, never invent facts, prices or promises, no links. Answer only with the JSON the " +
                "schema describes."),
            new UserChatMessage(JsonSerializer.Serialize(new
            {
                language,
                lead = leadName,
                question = new { question.Key, dimension = question.Dimension.Name(), text = question.TextIn(language) },
                answer = utterance.Trim(),
                answersSoFar = before.Answers.Select(a => new { question = a.QuestionKey, dimension = a.Dimension.Name(), a.Text }),
                knownBefore = before.Plan.Known.Select(fact => new { dimension = fact.Dimension.Name(), fact.Value }),
                nextQuestion = ruleTurn.State.CurrentQuestion()?.TextIn(language),
            }, Json)),
        ];
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("interview_follow_up", BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
            Temperature = (float)options.Value.Temperature,
            MaxOutputTokenCount = 300,
        };

        var proposal = await StructuredAnswer.RequestAsync<FollowUpProposal>(client, messages, completionOptions,
            TimeSpan.FromSeconds(options.Value.TimeoutSeconds), timeProvider, reason => Log.FollowUpRejected(logger, reason), cancellationToken);
        if (proposal is null)
        {
            return ruleTurn;
        }

        var (turn, rejected) = ModelFollowUp.Apply(before, ruleTurn, proposal.Acknowledgement, proposal.FollowUp);
        if (turn is null)
        {
            Log.FollowUpRejected(logger, rejected!);
            return ruleTurn;
        }

        return turn;
    }

    private sealed record FollowUpProposal(string? Acknowledgement, string? FollowUp);
}

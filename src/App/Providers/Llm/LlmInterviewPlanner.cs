using System.Text.Json;
using AiScheduler.Domain.Meetings.Questions;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// The LLM way to personalise a meeting's interview: the model sees the rule-based plan and what is known about the
/// lead, and answers with structured output (<c>response_format</c> json_schema, strict) rewording each question for
/// this lead or skipping it with the fact that answers it. The answer is checked in code (<see cref="PlanProposal.Apply"/>);
/// anything invalid, slow or failed leaves the rule-based plan in place. With <c>Llm:Provider</c> = <c>rules</c> it
/// does nothing.
/// </summary>
public sealed class LlmInterviewPlanner(IOptions<LlmOptions> options, TimeProvider timeProvider, ILogger<LlmInterviewPlanner> logger, IHttpClientFactory? httpClients = null)
    : IInterviewPlanPersonaliser
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The structured output the model must produce.</summary>
    public const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["questions", "skipped"],
          "properties": {
            "questions": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["key", "text"],
                "properties": { "key": { "type": "string" }, "text": { "type": "string" } }
              }
            },
            "skipped": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["key", "knownFact"],
                "properties": { "key": { "type": "string" }, "knownFact": { "type": "string" } }
              }
            }
          }
        }
        """;

    private readonly Lazy<ChatClient?> chat = new(() =>
        options.Value.UsesModel ? LlmServiceCollectionExtensions.CreateChatClient(options.Value, httpClients?.CreateClient(LlmServiceCollectionExtensions.HttpClientName)) : null);

    public async Task<InterviewPlan?> PersonaliseAsync(InterviewPlan rulePlan, LeadProfile lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rulePlan);
        ArgumentNullException.ThrowIfNull(lead);
        if (chat.Value is not { } client || rulePlan.Questions.Count == 0)
        {
            return null;
        }

        List<ChatMessage> messages =
        [
            new SystemChatMessage(
                "You prepare the questions an AI assistant asks a sales lead in a short qualification meeting (BANT: budget, authority, " +
                "need, timeline). You get the planned questions and what is known about the lead. For each planned question, either " +
                $"reword it for this lead in the language '{rulePlan.Language}' (one short, polite question ending with '?', same meaning " +
                "and topic, no placeholders, no links), or skip it when what is known already answers it, quoting that fact. Never invent " +
                "facts. Keep the planned order and use each key exactly once. Answer only with the JSON the schema describes."),
            new UserChatMessage(JsonSerializer.Serialize(new
            {
                language = rulePlan.Language,
                lead = new { lead.Name, lead.Company, lead.Notes, lead.CustomFields, qualifyingCallAnswers = lead.CallAnswers },
                questions = rulePlan.Questions.Select(q => new { q.Key, dimension = q.Dimension.Name(), text = q.TextIn(rulePlan.Language) }),
            }, Json)),
        ];
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("interview_plan", BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
            Temperature = (float)options.Value.Temperature,
            MaxOutputTokenCount = 1500,
        };

        var proposal = await StructuredAnswer.RequestAsync<PlanProposal>(client, messages, completionOptions,
            TimeSpan.FromSeconds(options.Value.TimeoutSeconds * 2), timeProvider, reason => Log.PlanRejected(logger, reason), cancellationToken);
        if (proposal is null)
        {
            return null;
        }

        var (plan, rejected) = proposal.Apply(rulePlan);
        if (plan is null)
        {
            Log.PlanRejected(logger, rejected!);
        }

        return plan;
    }
}

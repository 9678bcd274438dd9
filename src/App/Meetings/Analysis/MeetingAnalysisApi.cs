using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Text.Json;
using AiScheduler.Domain.Meetings.Analysis;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// The meeting analysis: its services (analysers, store, completion), the completion activities, and
/// <c>GET</c>/<c>PATCH /api/meetings/{id}/analysis</c>.
/// </summary>
public static class MeetingAnalysisApi
{
    /// <summary>Fields a rep can confirm or correct, as named in the PATCH body and in errors.</summary>
    public static readonly string[] Fields =
        ["budget", "authority", "need", "timeline", "status", "painPoints", "opportunities", "nextSteps", "followUpQuestions", "keyInsights"];

    public const int MaxConfirmedByLength = 200;

    /// <summary>
    /// The analysis store, the analysers (the LLM one when <c>Llm:Provider</c> names a model), the meeting completion
    /// and <c>Meetings:SalesTeamEmail</c>. Needs the meeting store, the leads store, email and the <c>Llm:*</c> settings.
    /// </summary>
    public static IServiceCollection AddMeetingAnalysis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MeetingCompletionOptions>().BindConfiguration(MeetingCompletionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MeetingCompletionOptions>, MeetingCompletionOptionsValidation>());
        services.TryAddSingleton<MeetingAnalysisStore>();
        services.TryAddSingleton(provider =>
        {
            // The model's client exists only when a model is configured; otherwise the rule-based analyser works alone.
            var llm = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
            var model = llm.UsesModel
                ? new LlmBantAnalyzer(LlmServiceCollectionExtensions.CreateChatClient(llm, provider.GetService<IHttpClientFactory>()?.CreateClient(LlmServiceCollectionExtensions.HttpClientName)), provider.GetRequiredService<IOptions<LlmOptions>>(),
                    provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<LlmBantAnalyzer>>())
                : null;
            return new MeetingAnalyzer(model, provider.GetRequiredService<ILogger<MeetingAnalyzer>>());
        });
        services.TryAddSingleton<MeetingCompletion>();
        return services;
    }

    /// <summary>The completion activities (<see cref="CompleteMeeting"/>, <see cref="NotifyMeetingNoShow"/>), for the meeting feature's registry.</summary>
    public static DurableTaskRegistry AddMeetingCompletionTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AddActivity<CompleteMeeting>().AddActivity<NotifyMeetingNoShow>().AddActivity<NotifyMeetingOptedOut>();
    }

    public static IEndpointRouteBuilder MapMeetingAnalysis(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/meetings").WithTags("Meetings");
        group.MapGet("/{id:guid}/analysis", GetAsync).WithName("GetMeetingAnalysis")
            .WithSummary("The meeting's BANT analysis: the AI value, the rep-confirmed fields and the resulting value (overall and status computed)");
        group.MapPatch("/{id:guid}/analysis", PatchAsync).WithName("ConfirmMeetingAnalysis")
            .WithSummary("A rep confirms fields as the AI gave them ('confirm': [...]) or corrects them (budget, authority, need, timeline, status, lists); the lead follows the resulting status and score");
        return endpoints;
    }

    private static async Task<Results<Ok<MeetingAnalysisView>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, MeetingAnalysisStore analyses,
        MeetingStore meetings, CancellationToken cancellationToken)
    {
        var view = await analyses.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        return view is not null ? TypedResults.Ok(view) : await NotFoundAsync(caller, id, meetings, cancellationToken);
    }

    private static async Task<Results<Ok<MeetingAnalysisView>, ValidationProblem, ProblemHttpResult>> PatchAsync(ClaimsPrincipal caller, Guid id, HttpRequest request,
        [AsParameters] MeetingAnalysisServices services, CancellationToken cancellationToken)
    {
        var (analyses, meetings, leads, loggers) = services;
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {ex.Message}"] },
                detail: "Send a JSON object with the fields to confirm or correct.");
        }

        var current = await analyses.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (current is null)
        {
            return await NotFoundAsync(caller, id, meetings, cancellationToken);
        }

        var (fields, confirmedBy, errors) = ReadPatch(body, current.Ai);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the fields listed in 'errors'.");
        }

        var view = (await analyses.ConfirmAsync(caller.WorkspaceId(), id, fields!, confirmedBy, cancellationToken))!;
        var meeting = await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (meeting?.LeadId is { } leadId)
        {
            await leads.RecordQualificationAsync(caller.WorkspaceId(), leadId, view.Value.Status, view.Value.Overall, view.Value.KeyInsights,
                meeting.Id, meeting.StartUtc, cancellationToken);
        }

        Log.Confirmed(loggers.CreateLogger(typeof(MeetingAnalysisApi).FullName!), id, CountSet(fields!), view.Value.Status);
        return TypedResults.Ok(view);
    }

    /// <summary>
    /// Reads a PATCH body: corrected fields (a dimension needs its score; quotes and rationale default to the AI's), the
    /// <c>confirm</c> list (fields accepted as the AI gave them) and <c>confirmedBy</c>. Every problem names its field.
    /// </summary>
    internal static (ConfirmedValues? Fields, string? ConfirmedBy, Dictionary<string, string[]> Errors) ReadPatch(JsonElement body, AnalysisValues ai)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return (null, null, errors);
        }

        var fields = new ConfirmedValues();
        string? confirmedBy = null;
        var corrected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            switch (name)
            {
                case "budget" or "authority" or "need" or "timeline":
                    if (ReadDimension(name, value, Dimension(ai, name), errors) is { } dimension)
                    {
                        fields = name switch
                        {
                            "budget" => fields with { Budget = dimension },
                            "authority" => fields with { Authority = dimension },
                            "need" => fields with { Need = dimension },
                            _ => fields with { Timeline = dimension },
                        };
                        corrected.Add(name);
                    }

                    break;
                case "status":
                    if (value.ValueKind != JsonValueKind.String || !BantScoring.TryParse(value.GetString(), out _))
                    {
                        errors["status"] = ["must be one of qualified, nurture, disqualified"];
                    }
                    else
                    {
                        fields = fields with { Status = value.GetString() };
                        corrected.Add(name);
                    }

                    break;
                case "painPoints" or "opportunities" or "nextSteps" or "followUpQuestions" or "keyInsights":
                    if (ReadList(name, value, errors) is { } list)
                    {
                        fields = name switch
                        {
                            "painPoints" => fields with { PainPoints = list },
                            "opportunities" => fields with { Opportunities = list },
                            "nextSteps" => fields with { NextSteps = list },
                            "followUpQuestions" => fields with { FollowUpQuestions = list },
                            _ => fields with { KeyInsights = list },
                        };
                        corrected.Add(name);
                    }

                    break;
                case "confirm":
                    break;
                case "confirmedBy":
                    if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()) ||
                        value.GetString()!.Length > MaxConfirmedByLength || value.GetString()!.Any(char.IsControl))
                    {
                        errors["confirmedBy"] = [$"must be one line of 1 to {MaxConfirmedByLength} characters (the rep's name or email)"];
                    }
                    else
                    {
                        confirmedBy = value.GetString()!.Trim();
                    }

                    break;
                default:
                    errors[name] = [$"is not a field of the analysis; use {string.Join(", ", Fields)}, confirm or confirmedBy"];
                    break;
            }
        }

        if (body.TryGetProperty("confirm", out var confirm))
        {
            if (confirm.ValueKind != JsonValueKind.Array)
            {
                errors["confirm"] = ["must be an array of field names"];
            }
            else
            {
                var index = 0;
                foreach (var item in confirm.EnumerateArray())
                {
                    var field = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (field is null || !Fields.Contains(field, StringComparer.Ordinal))
                    {
                        errors[$"confirm[{index}]"] = [$"is not a field of the analysis; use one of {string.Join(", ", Fields)}"];
                    }
                    else if (corrected.Contains(field))
                    {
                        errors[$"confirm[{index}]"] = [$"'{field}' is both corrected and confirmed as the AI gave it; send one of the two"];
                    }
                    else
                    {
                        fields = fields.Merge(AsGiven(ai, field));
                    }

                    index++;
                }
            }
        }

        if (errors.Count == 0 && CountSet(fields) == 0)
        {
            errors["body"] = [$"names no field to confirm or correct; send one of {string.Join(", ", Fields)} or 'confirm'"];
        }

        return (errors.Count == 0 ? fields : null, confirmedBy, errors);
    }

    private static DimensionValue? ReadDimension(string name, JsonElement value, DimensionValue ai, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors[name] = ["must be an object with score (0-100) and optionally rationale and quotes"];
            return null;
        }

        var ok = true;
        var score = 0;
        if (!value.TryGetProperty("score", out var scoreElement) || scoreElement.ValueKind != JsonValueKind.Number ||
            !scoreElement.TryGetInt32(out score) || score is < 0 or > 100)
        {
            errors[$"{name}.score"] = ["must be a whole number from 0 to 100"];
            ok = false;
        }

        var rationale = ai.Rationale;
        if (value.TryGetProperty("rationale", out var rationaleElement))
        {
            if (rationaleElement.ValueKind != JsonValueKind.String || rationaleElement.GetString()!.Length > LlmAnalysisSchema.MaxTextLength)
            {
                errors[$"{name}.rationale"] = [$"must be text of at most {LlmAnalysisSchema.MaxTextLength} characters"];
                ok = false;
            }
            else
            {
                rationale = rationaleElement.GetString()!.Trim();
            }
        }

        IReadOnlyList<string> quotes = ai.Quotes;
        if (value.TryGetProperty("quotes", out var quotesElement))
        {
            if (ReadList($"{name}.quotes", quotesElement, errors) is { } list)
            {
                quotes = list;
            }
            else
            {
                ok = false;
            }
        }

        foreach (var property in value.EnumerateObject().Where(p => p.Name is not ("score" or "rationale" or "quotes")))
        {
            errors[$"{name}.{property.Name}"] = ["is not part of a dimension; use score, rationale, quotes"];
            ok = false;
        }

        return ok ? new DimensionValue(score, quotes, rationale) : null;
    }

    private static List<string>? ReadList(string field, JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors[field] = ["must be an array of strings"];
            return null;
        }

        var items = new List<string>();
        var index = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()) ||
                item.GetString()!.Length > LlmAnalysisSchema.MaxTextLength)
            {
                errors[$"{field}[{index}]"] = [$"must be non-empty text of at most {LlmAnalysisSchema.MaxTextLength} characters"];
                ok = false;
            }
            else
            {
                items.Add(item.GetString()!.Trim());
            }

            index++;
        }

        if (index > 2 * LlmAnalysisSchema.MaxListItems)
        {
            errors[field] = [$"must have at most {2 * LlmAnalysisSchema.MaxListItems} items"];
            ok = false;
        }

        return ok ? items : null;
    }

    private static DimensionValue Dimension(AnalysisValues ai, string name) => name switch
    {
        "budget" => ai.Budget,
        "authority" => ai.Authority,
        "need" => ai.Need,
        _ => ai.Timeline,
    };

    /// <summary>The AI's value of one field, as a confirmation.</summary>
    private static ConfirmedValues AsGiven(AnalysisValues ai, string field) => field switch
    {
        "budget" => new(Budget: ai.Budget),
        "authority" => new(Authority: ai.Authority),
        "need" => new(Need: ai.Need),
        "timeline" => new(Timeline: ai.Timeline),
        "status" => new(Status: ai.Status),
        "painPoints" => new(PainPoints: ai.PainPoints),
        "opportunities" => new(Opportunities: ai.Opportunities),
        "nextSteps" => new(NextSteps: ai.NextSteps),
        "followUpQuestions" => new(FollowUpQuestions: ai.FollowUpQuestions),
        _ => new(KeyInsights: ai.KeyInsights),
    };

    private static int CountSet(ConfirmedValues fields) =>
        new object?[]
        {
            fields.Budget, fields.Authority, fields.Need, fields.Timeline, fields.Status, fields.PainPoints, fields.Opportunities,
            fields.NextSteps, fields.FollowUpQuestions, fields.KeyInsights,
        }.Count(field => field is not null);

    private static async Task<ProblemHttpResult> NotFoundAsync(ClaimsPrincipal caller, Guid id, MeetingStore meetings, CancellationToken cancellationToken) =>
        await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken) is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such meeting", detail: $"There is no meeting {id}.")
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The meeting has no analysis yet",
                detail: $"Meeting {id} is analysed when it completes (after the AI's interview); try again then.");
}

/// <summary>The services the analysis confirmation handler uses, bound from the container with <c>[AsParameters]</c>.</summary>
internal readonly record struct MeetingAnalysisServices(MeetingAnalysisStore Analyses, MeetingStore Meetings, LeadStore Leads, ILoggerFactory Loggers);

using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Text.RegularExpressions;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Functions.Meetings.Questions;

/// <summary>A follow-up rule in a request: <c>when</c> is vague, missing-number or competitor.</summary>
public sealed record FollowUpRequest(string? When, Dictionary<string, string>? Text);

/// <summary>A question in a request: text per language (en, he, fr, de, es; at least one), its BANT dimension, follow-ups,
/// an optional key (letters, digits, dashes; made from the position when absent) and, when adding, a position.</summary>
public sealed record QuestionRequest(string? Key, string? Dimension, Dictionary<string, string>? Text, List<FollowUpRequest>? FollowUps,
    int? Position = null);

/// <summary>Body of <c>POST /api/question-sets</c> and <c>PUT /api/question-sets/{id}</c> (questions only on create).</summary>
public sealed record QuestionSetRequest(string? Name, string? Description, List<string>? Competitors, List<QuestionRequest>? Questions = null);

/// <summary>Body of <c>PUT /api/question-sets/{id}/questions/order</c>: every question id of the set, in the new order.</summary>
public sealed record QuestionOrderRequest(List<Guid>? QuestionIds);

/// <summary>Body of <c>PUT /api/meetings/{id}/question-set</c> and <c>PUT /api/campaigns/{id}/question-set</c>; null clears.</summary>
public sealed record QuestionSetAssignment(Guid? QuestionSetId);

/// <summary>Which set a meeting or campaign names (<c>null</c>: it uses its campaign's, then the default).</summary>
public sealed record QuestionSetAssigned(Guid Id, Guid? QuestionSetId);

/// <summary>
/// The question sets endpoints (<c>/api/question-sets</c>): sets (list, create, get, update, delete) and their questions
/// (add, reorder, edit, remove); and naming the set a meeting or campaign interviews with. Every bad input is a problem
/// details response naming the field (<c>questions[1].text.fr</c>, <c>followUps[0].when</c>, ...).
/// </summary>
public static partial class QuestionSetsApi
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;
    public const int MaxTextLength = 1000;
    public const int MaxCompetitors = 50;
    public const int MaxCompetitorLength = 100;
    public const int MaxFollowUps = 3;
    public const int MaxKeyLength = 64;

    public static IServiceCollection AddQuestionSets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<QuestionSetStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapQuestionSets(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/question-sets").WithTags("Question sets");
        group.MapGet("/", ListAsync).WithName("ListQuestionSets").WithSummary("The workspace's question sets, the default first");
        group.MapPost("/", CreateAsync).WithName("CreateQuestionSet").WithSummary("Create a question set, optionally with its questions");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetQuestionSet").WithSummary("One question set with its questions in order");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateQuestionSet").WithSummary("Rename a set, change its description and competitors");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteQuestionSet")
            .WithSummary("Delete a set (not the default); meetings and campaigns naming it fall back to the default");
        group.MapPost("/{id:guid}/questions", AddQuestionAsync).WithName("AddQuestion").WithSummary("Add a question (at a position, or last)");
        group.MapPut("/{id:guid}/questions/order", ReorderAsync).WithName("ReorderQuestions")
            .WithSummary("Put the set's questions in a new order: every question id once");
        group.MapPut("/{id:guid}/questions/{questionId:guid}", EditQuestionAsync).WithName("EditQuestion").WithSummary("Replace one question");
        group.MapDelete("/{id:guid}/questions/{questionId:guid}", RemoveQuestionAsync).WithName("RemoveQuestion").WithSummary("Remove one question");

        endpoints.MapPut("/api/meetings/{id:guid}/question-set", AssignToMeetingAsync).WithTags("Question sets").WithName("SetMeetingQuestionSet")
            .WithSummary("Name the question set a meeting's interview uses (null: the campaign's, then the default)");
        endpoints.MapPut("/api/campaigns/{id:guid}/question-set", AssignToCampaignAsync).WithTags("Question sets").WithName("SetCampaignQuestionSet")
            .WithSummary("Name the question set the meetings of a campaign's leads use (null: the default)");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<QuestionSetSummary>>> ListAsync(ClaimsPrincipal caller, QuestionSetStore sets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sets.ListAsync(caller.WorkspaceId(), cancellationToken));

    private static async Task<Results<Ok<QuestionSetView>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, QuestionSetStore sets, CancellationToken cancellationToken) =>
        await sets.GetAsync(caller.WorkspaceId(), id, cancellationToken) is { } set ? TypedResults.Ok(set) : NotFound(id);

    private static async Task<Results<Created<QuestionSetView>, ValidationProblem>> CreateAsync(ClaimsPrincipal caller, QuestionSetRequest request, QuestionSetStore sets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var draft = ReadSet(request, errors);
        var questions = new List<Question>();
        if (request.Questions is { Count: > MaxQuestionsPerRequest })
        {
            errors["questions"] = [$"a set holds at most {QuestionSetStore.MaxQuestions} questions"];
        }
        else
        {
            for (var i = 0; i < (request.Questions?.Count ?? 0); i++)
            {
                if (ReadQuestion(request.Questions![i], $"questions[{i}].", i, errors) is { } question)
                {
                    if (questions.Any(q => q.Key == question.Key))
                    {
                        errors[$"questions[{i}].key"] = [$"'{question.Key}' is already the key of another question in this set"];
                    }

                    questions.Add(question);
                }
            }
        }

        if (draft is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        var set = await sets.CreateAsync(caller.WorkspaceId(), draft, questions, cancellationToken);
        return TypedResults.Created($"/api/question-sets/{set.Id}", set);
    }

    private const int MaxQuestionsPerRequest = QuestionSetStore.MaxQuestions;

    private static async Task<Results<Ok<QuestionSetView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(ClaimsPrincipal caller, Guid id, QuestionSetRequest request,
        QuestionSetStore sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var draft = ReadSet(request, errors);
        if (request.Questions is not null)
        {
            errors["questions"] = ["questions are changed through /api/question-sets/{id}/questions, not here"];
        }

        if (draft is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        var (change, set) = await sets.UpdateAsync(caller.WorkspaceId(), id, draft, cancellationToken);
        return change == QuestionSetChange.Changed ? TypedResults.Ok(set!) : NotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ClaimsPrincipal caller, Guid id, QuestionSetStore sets, CancellationToken cancellationToken) =>
        await sets.DeleteAsync(caller.WorkspaceId(), id, cancellationToken) switch
        {
            QuestionSetChange.Changed => TypedResults.NoContent(),
            QuestionSetChange.IsDefault => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The default question set cannot be deleted",
                detail: "Interviews without a set of their own use the default set. Edit its questions instead "
                    + "(PUT /api/question-sets/{id}/questions/{questionId}), or name another set on the campaign or meeting."),
            _ => NotFound(id),
        };

    private static async Task<Results<Created<QuestionSetView>, ValidationProblem, ProblemHttpResult>> AddQuestionAsync(ClaimsPrincipal caller, Guid id,
        QuestionRequest request, QuestionSetStore sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Position is < 0)
        {
            errors["position"] = ["must be 0 or more (0 is first; leave it out to add last)"];
        }

        var existing = await sets.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (existing is null)
        {
            return NotFound(id);
        }

        var question = ReadQuestion(request, "", request.Position ?? existing.Questions.Count, errors, existing.Questions.Select(q => q.Key).ToHashSet());
        if (question is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        var (change, set) = await sets.AddQuestionAsync(caller.WorkspaceId(), id, question, request.Position, cancellationToken);
        return change switch
        {
            QuestionSetChange.Changed => TypedResults.Created($"/api/question-sets/{id}", set!),
            QuestionSetChange.DuplicateKey => Invalid(new() { ["key"] = [$"'{question.Key}' is already the key of another question in this set"] }),
            QuestionSetChange.TooManyQuestions => Invalid(new() { ["questions"] = [$"a set holds at most {QuestionSetStore.MaxQuestions} questions"] }),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<Ok<QuestionSetView>, ValidationProblem, ProblemHttpResult>> EditQuestionAsync(ClaimsPrincipal caller, Guid id, Guid questionId,
        QuestionRequest request, QuestionSetStore sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = await sets.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (existing is null)
        {
            return NotFound(id);
        }

        var current = existing.Questions.FirstOrDefault(q => q.Id == questionId);
        if (current is null)
        {
            return QuestionNotFound(id, questionId);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Position is not null)
        {
            errors["position"] = ["a question moves with PUT /api/question-sets/{id}/questions/order"];
        }

        var question = ReadQuestion(request with { Key = request.Key ?? current.Key }, "", current.Position, errors);
        if (question is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        var (change, set) = await sets.UpdateQuestionAsync(caller.WorkspaceId(), id, questionId, question, cancellationToken);
        return change switch
        {
            QuestionSetChange.Changed => TypedResults.Ok(set!),
            QuestionSetChange.DuplicateKey => Invalid(new() { ["key"] = [$"'{question.Key}' is already the key of another question in this set"] }),
            QuestionSetChange.QuestionNotFound => QuestionNotFound(id, questionId),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<Ok<QuestionSetView>, ProblemHttpResult>> RemoveQuestionAsync(ClaimsPrincipal caller, Guid id, Guid questionId, QuestionSetStore sets,
        CancellationToken cancellationToken)
    {
        var (change, set) = await sets.RemoveQuestionAsync(caller.WorkspaceId(), id, questionId, cancellationToken);
        return change switch
        {
            QuestionSetChange.Changed => TypedResults.Ok(set!),
            QuestionSetChange.QuestionNotFound => QuestionNotFound(id, questionId),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<Ok<QuestionSetView>, ValidationProblem, ProblemHttpResult>> ReorderAsync(ClaimsPrincipal caller, Guid id, QuestionOrderRequest request,
        QuestionSetStore sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.QuestionIds is null)
        {
            return Invalid(new() { ["questionIds"] = ["required: every question id of the set, in the new order"] });
        }

        if (request.QuestionIds.Distinct().Count() != request.QuestionIds.Count)
        {
            return Invalid(new() { ["questionIds"] = ["names a question more than once"] });
        }

        var (change, set) = await sets.ReorderAsync(caller.WorkspaceId(), id, request.QuestionIds, cancellationToken);
        return change switch
        {
            QuestionSetChange.Changed => TypedResults.Ok(set!),
            QuestionSetChange.NotAPermutation => Invalid(new()
            {
                ["questionIds"] = [$"must name each of the set's {set!.Questions.Count} questions exactly once: {string.Join(", ", set.Questions.Select(q => q.Id))}"],
            }),
            _ => NotFound(id),
        };
    }

    private static Task<Results<Ok<QuestionSetAssigned>, ValidationProblem, ProblemHttpResult>> AssignToMeetingAsync(ClaimsPrincipal caller, Guid id,
        QuestionSetAssignment request, QuestionSetStore sets, CancellationToken cancellationToken) =>
        AssignAsync(caller, QuestionSetTarget.Meeting, id, request, sets, cancellationToken);

    private static Task<Results<Ok<QuestionSetAssigned>, ValidationProblem, ProblemHttpResult>> AssignToCampaignAsync(ClaimsPrincipal caller, Guid id,
        QuestionSetAssignment request, QuestionSetStore sets, CancellationToken cancellationToken) =>
        AssignAsync(caller, QuestionSetTarget.Campaign, id, request, sets, cancellationToken);

    private static async Task<Results<Ok<QuestionSetAssigned>, ValidationProblem, ProblemHttpResult>> AssignAsync(ClaimsPrincipal caller, QuestionSetTarget target, Guid id,
        QuestionSetAssignment request, QuestionSetStore sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await sets.AssignAsync(caller.WorkspaceId(), target, id, request.QuestionSetId, cancellationToken) switch
        {
            QuestionSetChange.Changed => TypedResults.Ok(new QuestionSetAssigned(id, request.QuestionSetId)),
            QuestionSetChange.NotFound => Invalid(new()
            {
                ["questionSetId"] = [$"there is no question set {request.QuestionSetId} in this workspace; list them with GET /api/question-sets"],
            }),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: target == QuestionSetTarget.Meeting ? "No such meeting" : "No such campaign",
                detail: $"There is no {(target == QuestionSetTarget.Meeting ? "meeting" : "campaign")} {id} in this workspace."),
        };
    }

    private static QuestionSetDraft? ReadSet(QuestionSetRequest request, Dictionary<string, string[]> errors)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["required"];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"at most {MaxNameLength} characters"];
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"at most {MaxDescriptionLength} characters"];
        }

        var competitors = new List<string>();
        if (request.Competitors is { Count: > MaxCompetitors })
        {
            errors["competitors"] = [$"at most {MaxCompetitors} names"];
        }
        else
        {
            for (var i = 0; i < (request.Competitors?.Count ?? 0); i++)
            {
                var competitor = request.Competitors![i]?.Trim();
                if (string.IsNullOrEmpty(competitor) || competitor.Length > MaxCompetitorLength)
                {
                    errors[$"competitors[{i}]"] = [$"a name of 1 to {MaxCompetitorLength} characters"];
                }
                else
                {
                    competitors.Add(competitor);
                }
            }
        }

        return errors.Count == 0 && name is not null ? new QuestionSetDraft(name, description, competitors.Distinct(StringComparer.OrdinalIgnoreCase).ToList()) : null;
    }

    /// <summary>Validates one question; <paramref name="prefix"/> names it in errors (e.g. "questions[2].").</summary>
    internal static Question? ReadQuestion(QuestionRequest request, string prefix, int position, Dictionary<string, string[]> errors,
        IReadOnlySet<string>? takenKeys = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = errors.Count;
        var key = request.Key?.Trim().ToLowerInvariant();
        if (key is null)
        {
            key = $"q{position + 1}";
            while (takenKeys?.Contains(key) == true)
            {
                key += "-b";
            }
        }
        else if (key.Length is 0 or > MaxKeyLength || !KeyPattern().IsMatch(key))
        {
            errors[prefix + "key"] = [$"1 to {MaxKeyLength} letters, digits or dashes, starting with a letter or digit"];
        }
        else if (takenKeys?.Contains(key) == true)
        {
            errors[prefix + "key"] = [$"'{key}' is already the key of another question in this set"];
        }

        if (request.Dimension is null)
        {
            errors[prefix + "dimension"] = [$"required: one of {string.Join(", ", BantDimensions.Names)}"];
        }
        else if (!BantDimensions.TryParse(request.Dimension, out _))
        {
            errors[prefix + "dimension"] = [$"'{request.Dimension}' is not a BANT dimension; use one of {string.Join(", ", BantDimensions.Names)}"];
        }

        var text = ReadTexts(request.Text, prefix + "text", errors);
        var followUps = new List<FollowUpRule>();
        if (request.FollowUps is { Count: > MaxFollowUps })
        {
            errors[prefix + "followUps"] = [$"at most {MaxFollowUps} follow-ups, one per trigger ({string.Join(", ", FollowUpTriggers.Names)})"];
        }
        else
        {
            for (var i = 0; i < (request.FollowUps?.Count ?? 0); i++)
            {
                var rule = request.FollowUps![i];
                var field = $"{prefix}followUps[{i}]";
                if (rule is null)
                {
                    errors[field] = ["required: an object with 'when' and 'text'"];
                    continue;
                }

                if (!FollowUpTriggers.TryParse(rule.When, out var when))
                {
                    errors[field + ".when"] = [$"'{rule.When}' is not a follow-up trigger; use one of {string.Join(", ", FollowUpTriggers.Names)}"];
                }
                else if (followUps.Any(f => f.When == when))
                {
                    errors[field + ".when"] = [$"the question already has a '{when.Name()}' follow-up"];
                }

                var ruleText = ReadTexts(rule.Text, field + ".text", errors);
                if (ruleText is not null && errors.Count == before)
                {
                    followUps.Add(new FollowUpRule(when, ruleText));
                }
            }
        }

        BantDimensions.TryParse(request.Dimension, out var dimension);
        return errors.Count == before && text is not null ? new Question(key, dimension, text, followUps) : null;
    }

    private static Dictionary<string, string>? ReadTexts(Dictionary<string, string>? texts, string field, Dictionary<string, string[]> errors)
    {
        if (texts is null || texts.Count == 0 || texts.Values.All(string.IsNullOrWhiteSpace))
        {
            errors[field] = [$"required: the text in at least one language ({string.Join(", ", InterviewLanguages.All)})"];
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (language, value) in texts)
        {
            var tag = language.Trim().ToLowerInvariant();
            if (!InterviewLanguages.IsSupported(tag))
            {
                errors[$"{field}.{language}"] = [$"'{language}' is not an interview language; use one of {string.Join(", ", InterviewLanguages.All)}"];
                valid = false;
            }
            else if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxTextLength)
            {
                errors[$"{field}.{language}"] = [$"a text of 1 to {MaxTextLength} characters"];
                valid = false;
            }
            else
            {
                result[tag] = value.Trim();
            }
        }

        return valid ? result : null;
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "Fix the fields listed in 'errors'.");

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such question set",
            detail: $"There is no question set {id} in this workspace; list them with GET /api/question-sets.");

    private static ProblemHttpResult QuestionNotFound(Guid setId, Guid questionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such question",
            detail: $"Question set {setId} has no question {questionId}; see its questions with GET /api/question-sets/{setId}.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex KeyPattern();
}

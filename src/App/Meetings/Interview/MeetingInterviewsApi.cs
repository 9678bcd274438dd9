using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Functions.Meetings.Questions;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Functions.Meetings.Interview;

/// <summary>One planned question in <c>GET /api/meetings/{id}/questions</c>: its text in the plan's language and in all.</summary>
public sealed record PlannedQuestionView(string Key, string Dimension, string Text, IReadOnlyDictionary<string, string> Texts,
    IReadOnlyList<FollowUpView> FollowUps, string? PersonalisedBecause);

/// <summary>A fact about the lead known before the meeting, and where it was learned.</summary>
public sealed record KnownFactView(string Dimension, string Value, string Source);

/// <summary>Body of <c>GET /api/meetings/{id}/questions</c>: the personalised interview for this meeting's lead.</summary>
public sealed record MeetingQuestions(Guid MeetingId, string Language, string Source, Guid? QuestionSetId, IReadOnlyList<PlannedQuestionView> Questions,
    IReadOnlyList<KnownFactView> Known, IReadOnlyList<string> Skipped);

/// <summary>Body of <c>GET /api/meetings/{id}/transcript</c>.</summary>
public sealed record MeetingTranscript(Guid MeetingId, string Status, string? Channel, string? EndReason, string? Language,
    IReadOnlyList<TranscriptLine> Lines);

/// <summary>
/// The interview's endpoints (<c>GET /api/meetings/{id}/questions</c>, <c>GET /api/meetings/{id}/transcript</c>) and
/// its registration: the question sets, the planner (with the LLM personaliser when a model is configured), the
/// rule-based interviewer and <see cref="MeetingInterviews"/>.
/// </summary>
public static class MeetingInterviewsApi
{
    public static IServiceCollection AddMeetingInterviews(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddQuestionSets();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MeetingStore>();
        services.TryAddSingleton<InterviewStore>();
        services.TryAddSingleton<InterviewPlanning>();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterviewPlanPersonaliser, LlmInterviewPlanner>());
        services.TryAddSingleton<IInterviewer>(RuleBasedInterviewer.Instance);
        services.TryAddSingleton<LlmInterviewer>();
        services.TryAddSingleton<MeetingInterviews>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetingInterviews(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/meetings").WithTags("Meetings");
        group.MapGet("/{id:guid}/questions", QuestionsAsync).WithName("GetMeetingQuestions")
            .WithSummary("The personalised interview prepared for this meeting's lead (prepared on first request, then kept)");
        group.MapGet("/{id:guid}/transcript", TranscriptAsync).WithName("GetMeetingTranscript")
            .WithSummary("The meeting's interview transcript, line by line, with the interview's status");
        return endpoints;
    }

    private static async Task<Results<Ok<MeetingQuestions>, ProblemHttpResult>> QuestionsAsync(ClaimsPrincipal caller, Guid id, MeetingInterviews interviews,
        CancellationToken cancellationToken)
    {
        var plan = await interviews.QuestionsAsync(caller.WorkspaceId(), id, cancellationToken);
        if (plan is null)
        {
            return NotFound(id);
        }

        var record = await interviews.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        return TypedResults.Ok(new MeetingQuestions(id, plan.Language, plan.Source, record?.QuestionSetId,
            plan.Questions.Select(q => new PlannedQuestionView(q.Key, q.Dimension.Name(), q.TextIn(plan.Language), q.Text,
                q.FollowUps.Select(f => new FollowUpView(f.When.Name(), f.Text)).ToList(), q.PersonalisedBecause)).ToList(),
            plan.Known.Select(f => new KnownFactView(f.Dimension.Name(), f.Value, f.Source)).ToList(),
            plan.Skipped));
    }

    private static async Task<Results<Ok<MeetingTranscript>, ProblemHttpResult>> TranscriptAsync(ClaimsPrincipal caller, Guid id, MeetingInterviews interviews,
        MeetingStore meetings, CancellationToken cancellationToken)
    {
        var record = await interviews.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (record is null)
        {
            return await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken) is null
                ? NotFound(id)
                : TypedResults.Ok(new MeetingTranscript(id, "not-started", null, null, null, []));
        }

        var lines = await interviews.TranscriptAsync(caller.WorkspaceId(), id, cancellationToken);
        var status = record.Status == InterviewStatus.Planned ? "not-started" : record.Status;
        return TypedResults.Ok(new MeetingTranscript(id, status, record.Channel, record.EndReason, record.State?.Language ?? record.Plan.Language, lines));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such meeting",
            detail: $"There is no meeting {id} in this workspace; list meetings with GET /api/meetings.");
}

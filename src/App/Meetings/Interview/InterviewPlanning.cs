using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Questions;

namespace AiScheduler.Functions.Meetings.Interview;

/// <summary>
/// Prepares a meeting's personalised plan from what is known: the meeting's question set (its own, its lead's
/// campaign's, or the default), the lead's record (name, company, notes, custom fields, language) and what the lead
/// said on the qualifying call that booked the meeting. The rule-based planner always runs; when an LLM planner is
/// configured its plan replaces the rule-based one only if it passes validation.
/// </summary>
public sealed class InterviewPlanning(
    MeetingStore meetings,
    LeadStore leads,
    CallSessionStore calls,
    QuestionSetStore questionSets,
    IEnumerable<IInterviewPlanPersonaliser> personalisers,
    ILogger<InterviewPlanning> logger)
{
    /// <summary>The plan for a meeting, or null when there is no such meeting.</summary>
    public async Task<(InterviewPlan Plan, Guid QuestionSetId)?> PrepareAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(workspaceId, meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        var lead = meeting.LeadId is { } leadId ? await leads.GetAsync(workspaceId, leadId, cancellationToken) : null;
        var callAnswers = meeting.CallId is { } callId
            ? (await calls.TranscriptAsync(callId, cancellationToken)).Where(t => t.Speaker == ConversationTurn.Lead).Select(t => t.Text).ToList()
            : [];
        var profile = new LeadProfile(lead?.Name ?? meeting.LeadName, lead?.Company, lead?.Notes, lead?.CustomFields,
            lead?.Language ?? InterviewLanguages.English, callAnswers);
        var set = await questionSets.ResolveForMeetingAsync(workspaceId, meetingId, cancellationToken);
        var plan = InterviewPlanner.Prepare(set.ToDomain(), profile);
        foreach (var personaliser in personalisers)
        {
            try
            {
                if (await personaliser.PersonaliseAsync(plan, profile, cancellationToken) is { } better)
                {
                    return (better, set.Id);
                }
            }
            catch (HttpRequestException ex)
            {
                Log.PlanPersonaliserFailed(logger, ex, meetingId);
            }
        }

        return (plan, set.Id);
    }
}

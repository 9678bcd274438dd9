using AiScheduler.Domain.Phones;
using AiScheduler.Domain.Recording;
using AiScheduler.Functions.EventGrid;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Compliance;

/// <summary>
/// Decides per call whether it is recorded and what the opening says about it: the lead's country's mode
/// (<see cref="RecordingRules"/>, or <c>Calls:Compliance:RecordingModes</c>), and only when this deployment really
/// records (<c>EventGrid:RecordCalls</c> and <c>Calls:RecordingEnabled</c> both on): a call that is not recorded never
/// says it is.
/// </summary>
public sealed class CallRecordingPolicy(IOptions<CallSessionOptions> calls, IOptions<EventGridOptions> eventGrid, IOptions<CallComplianceOptions> compliance)
{
    public bool RecorderOn => eventGrid.Value.RecordCalls && calls.Value.RecordingEnabled;

    public RecordingPlan PlanFor(PhoneNumber lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return RecordingRules.Plan(lead.RegionCode, RecorderOn, compliance.Value.RecordingModes);
    }

    /// <summary>
    /// The plan for a call to a lead in <paramref name="regionCode"/> (ISO alpha-2, null when unknown) that cannot ask
    /// for consent first (a meeting's interview call opens with its questions): recorded, and announced, only where the
    /// rules let the call announce and record; never where they ask first.
    /// </summary>
    public bool AnnouncesWithoutAsking(string? regionCode) =>
        RecordingRules.Plan(regionCode, RecorderOn, compliance.Value.RecordingModes).Announce;
}

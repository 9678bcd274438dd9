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
}

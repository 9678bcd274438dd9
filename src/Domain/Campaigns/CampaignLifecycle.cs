using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace AiScheduler.Domain.Campaigns;

/// <summary>Where a campaign stands.</summary>
public enum CampaignStatus
{
    Draft,
    Scheduled,
    Running,
    Paused,
    Completed,
    Cancelled,
}

/// <summary>What can happen to a campaign.</summary>
public enum CampaignAction
{
    /// <summary>Arm its start time or recurring schedule.</summary>
    Schedule,

    /// <summary>Start calling now (by hand, or because its schedule came due).</summary>
    Start,

    Pause,
    Resume,

    /// <summary>No lead is due any more.</summary>
    Complete,

    Cancel,
}

/// <summary>
/// The campaign lifecycle as data: draft → scheduled → running ⇄ paused → completed | cancelled. A completed campaign
/// with a recurring schedule may be started again by it; cancelled is final.
/// </summary>
public static class CampaignLifecycle
{
    private static readonly FrozenDictionary<(CampaignStatus From, CampaignAction Action), CampaignStatus> Table =
        new Dictionary<(CampaignStatus, CampaignAction), CampaignStatus>
        {
            [(CampaignStatus.Draft, CampaignAction.Schedule)] = CampaignStatus.Scheduled,
            [(CampaignStatus.Draft, CampaignAction.Start)] = CampaignStatus.Running,
            [(CampaignStatus.Draft, CampaignAction.Cancel)] = CampaignStatus.Cancelled,
            [(CampaignStatus.Scheduled, CampaignAction.Start)] = CampaignStatus.Running,
            [(CampaignStatus.Scheduled, CampaignAction.Cancel)] = CampaignStatus.Cancelled,
            [(CampaignStatus.Running, CampaignAction.Pause)] = CampaignStatus.Paused,
            [(CampaignStatus.Running, CampaignAction.Complete)] = CampaignStatus.Completed,
            [(CampaignStatus.Running, CampaignAction.Cancel)] = CampaignStatus.Cancelled,
            [(CampaignStatus.Paused, CampaignAction.Resume)] = CampaignStatus.Running,
            [(CampaignStatus.Paused, CampaignAction.Cancel)] = CampaignStatus.Cancelled,
            [(CampaignStatus.Completed, CampaignAction.Start)] = CampaignStatus.Running,
        }.ToFrozenDictionary();

    private static readonly (CampaignStatus Status, string Name)[] StatusNames =
    [
        (CampaignStatus.Draft, "draft"), (CampaignStatus.Scheduled, "scheduled"), (CampaignStatus.Running, "running"),
        (CampaignStatus.Paused, "paused"), (CampaignStatus.Completed, "completed"), (CampaignStatus.Cancelled, "cancelled"),
    ];

    /// <summary>Every allowed move, for documentation and exhaustive tests.</summary>
    public static IEnumerable<(CampaignStatus From, CampaignAction Action, CampaignStatus To)> AllowedMoves =>
        Table.Select(entry => (entry.Key.From, entry.Key.Action, entry.Value));

    public static bool IsFinal(CampaignStatus status) => status is CampaignStatus.Cancelled;

    public static Transition<CampaignStatus> CanTransition(CampaignStatus from, CampaignAction action)
    {
        if (Table.TryGetValue((from, action), out var to))
        {
            return Transition<CampaignStatus>.Allowed(to);
        }

        var allowed = Table.Keys.Where(key => key.From == from).Select(key => key.Action).Order().Select(Verb).ToList();
        var hint = allowed.Count == 0
            ? "nothing can change it any more"
            : "it can be " + string.Join(" or ", allowed);
        return Transition<CampaignStatus>.Rejected(from,
            $"A {from.ToWireName()} campaign cannot be {Verb(action)}; {hint}.");
    }

    /// <summary>The status after <paramref name="action"/>.</summary>
    /// <exception cref="InvalidTransitionException">The move is not allowed from <paramref name="from"/>.</exception>
    public static CampaignStatus Apply(CampaignStatus from, CampaignAction action)
    {
        var transition = CanTransition(from, action);
        return transition.IsAllowed ? transition.To : throw new InvalidTransitionException(transition.Reason!);
    }

    public static string ToWireName(this CampaignStatus status) =>
        Array.Find(StatusNames, n => n.Status == status).Name
        ?? throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown campaign status.");

    public static bool TryParseStatus(string? wireName, [NotNullWhen(true)] out CampaignStatus? status)
    {
        foreach (var (candidate, name) in StatusNames)
        {
            if (string.Equals(name, wireName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = null;
        return false;
    }

    private static string Verb(CampaignAction action) => action switch
    {
        CampaignAction.Schedule => "scheduled",
        CampaignAction.Start => "started",
        CampaignAction.Pause => "paused",
        CampaignAction.Resume => "resumed",
        CampaignAction.Complete => "completed",
        CampaignAction.Cancel => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown campaign action."),
    };
}

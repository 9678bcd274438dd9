using System.Diagnostics.CodeAnalysis;

namespace AiScheduler.Domain.Campaigns;

/// <summary>How a lead left a campaign. Wire names match the lead statuses in the store.</summary>
public enum LeadSettlement
{
    /// <summary>A meeting was booked.</summary>
    Booked,

    /// <summary>The lead said no.</summary>
    NotInterested,

    /// <summary>The number does not belong to the lead.</summary>
    WrongNumber,

    /// <summary>The lead asked not to be called again.</summary>
    DoNotCall,

    /// <summary>Every allowed attempt ended without a conversation (no answer, busy, voicemail), or callbacks ran out.</summary>
    Unreachable,

    /// <summary>The last allowed attempt failed technically.</summary>
    Failed,
}

/// <summary>Wire names of <see cref="LeadSettlement"/>: booked, not-interested, wrong-number, do-not-call, unreachable, failed.</summary>
public static class LeadSettlementWire
{
    private static readonly (LeadSettlement Settlement, string Name)[] Names =
    [
        (LeadSettlement.Booked, "booked"),
        (LeadSettlement.NotInterested, "not-interested"),
        (LeadSettlement.WrongNumber, "wrong-number"),
        (LeadSettlement.DoNotCall, "do-not-call"),
        (LeadSettlement.Unreachable, "unreachable"),
        (LeadSettlement.Failed, "failed"),
    ];

    public static IReadOnlyList<string> AllNames { get; } = Array.ConvertAll(Names, n => n.Name);

    public static string ToWireName(this LeadSettlement settlement) =>
        Array.Find(Names, n => n.Settlement == settlement).Name
        ?? throw new ArgumentOutOfRangeException(nameof(settlement), settlement, "Unknown lead settlement.");

    public static bool TryParse(string? wireName, [NotNullWhen(true)] out LeadSettlement? settlement)
    {
        foreach (var (candidate, name) in Names)
        {
            if (string.Equals(name, wireName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                settlement = candidate;
                return true;
            }
        }

        settlement = null;
        return false;
    }
}

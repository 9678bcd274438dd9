using AiScheduler.Domain.Campaigns;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// Where a lead stands. Typed, so the store's writers (<see cref="LeadStatusWriter"/>) take only known statuses; it reads as
/// its wire name wherever a string is expected (the API, the store, messages).
/// </summary>
public readonly record struct LeadStatus
{
    private LeadStatus(string value) => Value = value;

    /// <summary>The wire and store name, e.g. <c>do-not-call</c>.</summary>
    public string Value { get; }

    public static readonly LeadStatus New = new("new");
    public static readonly LeadStatus Queued = new("queued");
    public static readonly LeadStatus Calling = new("calling");
    public static readonly LeadStatus Booked = new("booked");
    public static readonly LeadStatus NotInterested = new("not-interested");
    public static readonly LeadStatus Callback = new("callback");
    public static readonly LeadStatus DoNotCall = new("do-not-call");
    public static readonly LeadStatus Failed = new("failed");
    public static readonly LeadStatus Unreachable = new("unreachable");
    public static readonly LeadStatus WrongNumber = new("wrong-number");
    public static readonly LeadStatus Qualified = new("qualified");
    public static readonly LeadStatus Disqualified = new("disqualified");

    /// <summary>Met, but not ready yet (see the meeting analysis): keep in touch.</summary>
    public static readonly LeadStatus Nurture = new("nurture");

    /// <summary>A campaign could not call the lead: no consent where one is required (see its call decisions).</summary>
    public static readonly LeadStatus NoConsent = new("no-consent");

    /// <summary>A campaign could not call the lead: the calling rules and its window never allow a call (see its call decisions).</summary>
    public static readonly LeadStatus NotPermitted = new("not-permitted");

    private static readonly LeadStatus[] Known =
    [
        New, Queued, Calling, Booked, NotInterested, Callback, DoNotCall, Failed, Unreachable, WrongNumber, Qualified, Disqualified, Nurture, NoConsent, NotPermitted,
    ];

    /// <summary>Every status's wire name.</summary>
    public static IReadOnlyList<string> All { get; } = Known.Select(status => status.Value).ToArray();

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);

    public static bool TryParse(string? value, out LeadStatus status)
    {
        foreach (var candidate in Known)
        {
            if (string.Equals(candidate.Value, value, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <exception cref="ArgumentException"><paramref name="value"/> is not a lead status.</exception>
    public static LeadStatus Parse(string value) => TryParse(value, out var status)
        ? status
        : throw new ArgumentException($"'{value}' is not a lead status; use one of {string.Join(", ", All)}.", nameof(value));

    /// <summary>The status a lead settled in a campaign takes: the settlement's own name.</summary>
    public static LeadStatus For(LeadSettlement settlement) => Parse(settlement.ToWireName());

    /// <summary>
    /// The statuses a person decides and a client may set (POST/PUT /api/leads): <c>new</c> (call again; the do-not-call
    /// list still protects an opted-out number), <c>not-interested</c> and <c>disqualified</c>. Every other status is
    /// reached by the system only - a campaign's calls (queued, calling, booked, callback, failed, unreachable,
    /// wrong-number, no-consent, not-permitted), the do-not-call list (do-not-call) and the meeting analysis
    /// (qualified, nurture, disqualified) - so a client cannot claim a booking or undo an opt-out by writing a status.
    /// </summary>
    public static IReadOnlyList<string> ClientSettable { get; } = [New.Value, NotInterested.Value, Disqualified.Value];

    public static bool IsClientSettable(string value) => ClientSettable.Contains(value, StringComparer.Ordinal);

    /// <summary>What a meeting's analysis concludes (<see cref="LeadStore.RecordQualificationAsync"/>).</summary>
    public bool IsQualification => this == Qualified || this == Nurture || this == Disqualified;

    public static implicit operator string(LeadStatus status) => status.Value;

    public override string ToString() => Value;
}

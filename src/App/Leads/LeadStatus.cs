namespace AiScheduler.Functions.Leads;

/// <summary>Where a lead stands, as written on the wire and in the store.</summary>
public static class LeadStatus
{
    public const string New = "new";
    public const string Queued = "queued";
    public const string Calling = "calling";
    public const string Booked = "booked";
    public const string NotInterested = "not-interested";
    public const string Callback = "callback";
    public const string DoNotCall = "do-not-call";
    public const string Failed = "failed";
    public const string Unreachable = "unreachable";
    public const string WrongNumber = "wrong-number";
    public const string Qualified = "qualified";
    public const string Disqualified = "disqualified";

    /// <summary>Met, but not ready yet (see the meeting analysis): keep in touch.</summary>
    public const string Nurture = "nurture";

    /// <summary>A campaign could not call the lead: no consent where one is required (see its call decisions).</summary>
    public const string NoConsent = "no-consent";

    /// <summary>A campaign could not call the lead: the calling rules and its window never allow a call (see its call decisions).</summary>
    public const string NotPermitted = "not-permitted";

    public static IReadOnlyList<string> All { get; } =
    [
        New, Queued, Calling, Booked, NotInterested, Callback, DoNotCall, Failed, Unreachable, WrongNumber, Qualified, Disqualified, Nurture, NoConsent, NotPermitted,
    ];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);

    /// <summary>
    /// The statuses a person decides and a client may set (POST/PUT /api/leads): <c>new</c> (call again; the do-not-call
    /// list still protects an opted-out number), <c>not-interested</c> and <c>disqualified</c>. Every other status is
    /// reached by the system only - a campaign's calls (queued, calling, booked, callback, failed, unreachable,
    /// wrong-number, no-consent, not-permitted), the do-not-call list (do-not-call) and the meeting analysis
    /// (qualified, nurture, disqualified) - so a client cannot claim a booking or undo an opt-out by writing a status.
    /// </summary>
    public static IReadOnlyList<string> ClientSettable { get; } = [New, NotInterested, Disqualified];

    public static bool IsClientSettable(string value) => ClientSettable.Contains(value, StringComparer.Ordinal);
}

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

    public static IReadOnlyList<string> All { get; } =
    [
        New, Queued, Calling, Booked, NotInterested, Callback, DoNotCall, Failed, Unreachable, WrongNumber, Qualified, Disqualified, Nurture,
    ];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}

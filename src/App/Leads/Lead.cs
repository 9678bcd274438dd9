namespace AiScheduler.Functions.Leads;

/// <summary>A lead as the API returns it. After erasure the personal fields are null and <see cref="ErasedAt"/> is set.</summary>
public sealed record Lead(
    Guid Id,
    Guid WorkspaceId,
    string? Name,
    string? Phone,
    string? Email,
    string? Company,
    string? Region,
    string Language,
    string LanguageSource,
    string TimeZone,
    string TimeZoneSource,
    string? Notes,
    IReadOnlyDictionary<string, string>? CustomFields,
    string Status,
    Guid? CampaignId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ErasedAt)
{
    /// <summary>The overall BANT score (0-100) of the lead's last analysed meeting, or null before one.</summary>
    public int? Score { get; init; }

    /// <summary>Key insights of the lead's last analysed meeting.</summary>
    public IReadOnlyList<string>? Insights { get; init; }

    public Guid? LastMeetingId { get; init; }

    public DateTimeOffset? LastMeetingAt { get; init; }
}

/// <summary>
/// The body of <c>POST /api/leads</c> and <c>PUT /api/leads/{id}</c>; raw text, validated at the edge. <c>consent</c>, when
/// present, adds a consent record to the lead (more through <c>/api/leads/{id}/consents</c>).
/// </summary>
public sealed record LeadRequest(
    string? Name,
    string? Phone,
    string? Email,
    string? Company,
    string? Language,
    string? TimeZone,
    string? Notes,
    Dictionary<string, string>? CustomFields,
    string? Status,
    Guid? CampaignId,
    Consents.ConsentRequest? Consent = null);

/// <summary>A lead that passed validation: phone in E.164, language and zone settled, ready to store.</summary>
public sealed record LeadDraft(
    string? Name,
    string Phone,
    string? Email,
    string? Company,
    string? Region,
    string Language,
    string LanguageSource,
    string TimeZone,
    string TimeZoneSource,
    string? Notes,
    IReadOnlyDictionary<string, string>? CustomFields,
    string Status,
    Guid? CampaignId);

/// <summary>Why one field of a lead was rejected.</summary>
public sealed record FieldError(string Field, string Reason);

/// <summary>How a lead's language or time zone was decided, as stored and shown.</summary>
public static class InferenceSource
{
    /// <summary>Given by the lead itself (CSV column or API field).</summary>
    public const string Declared = "declared";
}

using System.Globalization;
using AiScheduler.Domain.Permissions;

namespace AiScheduler.Functions.Leads.Consents;

/// <summary>A consent record as the API returns it.</summary>
public sealed record LeadConsent(Guid Id, Guid LeadId, string Source, DateTimeOffset At, string? Text, string? ProofRef, DateTimeOffset CreatedAt)
{
    public ConsentRecord ToRecord() => new(Source, At, Text, ProofRef);
}

/// <summary>
/// The <c>consent</c> object of a lead request and the body of <c>POST /api/leads/{id}/consents</c>: <c>source</c>
/// (where it was given: "web-form", "call-recording"), <c>at</c> (ISO 8601 instant with an offset), the <c>text</c> the
/// lead was shown, and <c>proofRef</c> (a reference to the evidence). Raw text, validated by <see cref="ConsentValidation"/>.
/// </summary>
public sealed record ConsentRequest(string? Source, string? At, string? Text, string? ProofRef);

/// <summary>A consent that passed validation.</summary>
public sealed record ConsentDraft(string Source, DateTimeOffset At, string? Text, string? ProofRef);

/// <summary>Validates consent fields from the API or a CSV row; errors name the field as the caller spells it.</summary>
public static class ConsentValidation
{
    public const int MaxSourceLength = 100;
    public const int MaxTextLength = 2000;
    public const int MaxProofLength = 500;

    /// <summary>
    /// Validates <paramref name="request"/>; <paramref name="fieldNames"/> gives the names of source, at, text and
    /// proof in the caller's vocabulary ("consent.source" or "consent_source").
    /// </summary>
    public static (ConsentDraft? Draft, IReadOnlyList<FieldError> Errors) Validate(ConsentRequest request, (string Source, string At, string Text, string Proof) fieldNames,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        var source = request.Source?.Trim();
        if (string.IsNullOrEmpty(source))
        {
            errors.Add(new FieldError(fieldNames.Source, "is required: say where the consent was given, e.g. 'web-form'"));
        }
        else if (source.Length > MaxSourceLength)
        {
            errors.Add(new FieldError(fieldNames.Source, $"is longer than {MaxSourceLength} characters"));
        }

        DateTimeOffset at = default;
        var atText = request.At?.Trim();
        if (string.IsNullOrEmpty(atText))
        {
            errors.Add(new FieldError(fieldNames.At, "is required: the instant the consent was given, e.g. 2026-02-01T10:15:00Z"));
        }
        else if (!atText.Contains('T', StringComparison.Ordinal) || !HasOffset(atText)
                 || !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
        {
            errors.Add(new FieldError(fieldNames.At, $"'{Shorten(atText)}' is not an ISO 8601 instant with an offset, e.g. 2026-02-01T10:15:00Z or 2026-02-01T11:15:00+01:00"));
        }
        else if (at > now)
        {
            errors.Add(new FieldError(fieldNames.At, $"'{atText}' is in the future; a consent is recorded once it was given"));
        }

        var text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text.Trim();
        if (text is { Length: > MaxTextLength })
        {
            errors.Add(new FieldError(fieldNames.Text, $"is longer than {MaxTextLength} characters"));
        }

        var proof = string.IsNullOrWhiteSpace(request.ProofRef) ? null : request.ProofRef.Trim();
        if (proof is { Length: > MaxProofLength })
        {
            errors.Add(new FieldError(fieldNames.Proof, $"is longer than {MaxProofLength} characters"));
        }

        return errors.Count > 0 ? (null, errors) : (new ConsentDraft(source!, at.ToUniversalTime(), text, proof), errors);
    }

    public static readonly (string Source, string At, string Text, string Proof) ApiFields = ("source", "at", "text", "proofRef");

    public static readonly (string Source, string At, string Text, string Proof) LeadFields = ("consent.source", "consent.at", "consent.text", "consent.proofRef");

    public static readonly (string Source, string At, string Text, string Proof) CsvFields = ("consent_source", "consent_at", "consent_text", "consent_proof");

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

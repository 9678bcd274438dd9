using System.Globalization;
using System.Net.Mail;
using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Leads;

/// <summary>Raw text of one lead as it arrives (API body or CSV row), before validation.</summary>
public sealed record LeadInput(
    string? Name,
    string? Phone,
    string? Email,
    string? Company,
    string? Language,
    string? TimeZone,
    string? Notes,
    IReadOnlyDictionary<string, string>? CustomFields = null,
    string? Status = null,
    Guid? CampaignId = null);

/// <summary>
/// Validation at the edge, shared by the API and the CSV importer: field limits, E.164 phone, email shape, declared
/// language and IANA zone; then language and zone inferred from the number where the lead gives none.
/// </summary>
public sealed class LeadValidator(IOptions<LeadsOptions> options)
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxCompanyLength = 200;
    public const int MaxNotesLength = 4000;
    public const int MaxLanguageLength = 35;
    public const int MaxTimeZoneLength = 64;
    public const int MaxCustomFields = 50;
    public const int MaxCustomFieldNameLength = 100;
    public const int MaxCustomFieldValueLength = 1000;

    private readonly LeadsOptions _options = options.Value;

    /// <summary>A draft when every field is acceptable, otherwise the reasons per field (the draft is then null).</summary>
    public (LeadDraft? Draft, IReadOnlyList<FieldError> Errors) Validate(LeadInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();

        var name = Optional(input.Name, "name", MaxNameLength, errors);
        var company = Optional(input.Company, "company", MaxCompanyLength, errors);
        var notes = Optional(input.Notes, "notes", MaxNotesLength, errors);

        PhoneNumber? phone = null;
        if (string.IsNullOrWhiteSpace(input.Phone))
        {
            errors.Add(new FieldError("phone", "is required: give the number with its country code, e.g. +1 212 555 0143"));
        }
        else if (!PhoneNumber.TryParse(input.Phone, _options.DefaultRegion, out phone, out var phoneError))
        {
            errors.Add(new FieldError("phone", phoneError));
        }

        var email = Optional(input.Email, "email", MaxEmailLength, errors);
        if (email is not null && !IsEmail(email))
        {
            errors.Add(new FieldError("email", $"'{email}' is not an email address like name@example.com"));
            email = null;
        }

        var language = Optional(input.Language, "language", MaxLanguageLength, errors);
        var timeZone = Optional(input.TimeZone, "timezone", MaxTimeZoneLength, errors);
        InferredLanguage? inferredLanguage = null;
        InferredTimeZone? inferredZone = null;
        if (phone is not null)
        {
            if (!LanguageInference.TryInfer(phone, language, out inferredLanguage, out var languageError))
            {
                errors.Add(new FieldError("language", WithoutFieldPrefix(languageError, "language")));
            }

            if (!TimeZoneInference.TryInfer(phone, timeZone, _options.FallbackTimeZone, out inferredZone, out var zoneError))
            {
                errors.Add(new FieldError("timezone", WithoutFieldPrefix(zoneError, "timezone")));
            }
        }

        var status = string.IsNullOrWhiteSpace(input.Status) ? LeadStatus.New : input.Status.Trim();
        if (!LeadStatus.IsKnown(status))
        {
            errors.Add(new FieldError("status", $"'{status}' is not a lead status; use one of {string.Join(", ", LeadStatus.All)}"));
        }

        var customFields = CustomFields(input.CustomFields, errors);

        if (errors.Count > 0 || phone is null || inferredLanguage is null || inferredZone is null)
        {
            return (null, errors);
        }

        // The lead's own language is stored even when the agent cannot speak it (it-IT, pt-BR): statistics and a
        // later multilingual agent need it; the call language follows from LanguageTag.IsSupported.
        var leadLanguage = inferredLanguage.Recognised ?? inferredLanguage.Tag;
        var draft = new LeadDraft(name, phone.E164, email, company, phone.Territory.IsGeographic ? phone.RegionCode : null,
            leadLanguage.Value, SourceName(inferredLanguage.Source.ToString()),
            inferredZone.TimeZone, SourceName(inferredZone.Source.ToString()),
            notes, customFields, status, input.CampaignId);
        return (draft, errors);
    }

    private static string WithoutFieldPrefix(string reason, string field) =>
        reason.StartsWith(field + ": ", StringComparison.OrdinalIgnoreCase) ? reason[(field.Length + 2)..] : reason;

    /// <summary>"AreaCode" → "area-code": the wire spelling of an inference source.</summary>
    private static string SourceName(string source)
    {
        var builder = new System.Text.StringBuilder(source.Length + 4);
        foreach (var character in source)
        {
            if (char.IsUpper(character) && builder.Length > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(character));
        }

        return builder.ToString();
    }

    private static string? Optional(string? value, string field, int maxLength, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors.Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture,
                $"is {trimmed.Length} characters long; the limit is {maxLength}")));
            return null;
        }

        return trimmed;
    }

    private static bool IsEmail(string text) =>
        !text.Any(char.IsWhiteSpace) &&
        MailAddress.TryCreate(text, out var address) &&
        string.Equals(address.Address, text, StringComparison.OrdinalIgnoreCase) &&
        address.Host.Contains('.', StringComparison.Ordinal) &&
        !address.Host.EndsWith('.');

    private static Dictionary<string, string>? CustomFields(IReadOnlyDictionary<string, string>? fields, List<FieldError> errors)
    {
        if (fields is null || fields.Count == 0)
        {
            return null;
        }

        if (fields.Count > MaxCustomFields)
        {
            errors.Add(new FieldError("customFields", string.Create(CultureInfo.InvariantCulture,
                $"has {fields.Count} fields; the limit is {MaxCustomFields}")));
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            var name = key.Trim();
            if (name.Length is 0 or > MaxCustomFieldNameLength)
            {
                errors.Add(new FieldError("customFields", string.Create(CultureInfo.InvariantCulture,
                    $"field names must be 1-{MaxCustomFieldNameLength} characters; '{Truncate(name)}' is not")));
                continue;
            }

            if (value is null || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (value.Length > MaxCustomFieldValueLength)
            {
                errors.Add(new FieldError(name, string.Create(CultureInfo.InvariantCulture,
                    $"is {value.Length} characters long; the limit is {MaxCustomFieldValueLength}")));
                continue;
            }

            result[name] = value.Trim();
        }

        return result.Count == 0 ? null : result;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

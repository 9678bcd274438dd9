using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Email;

/// <summary>Settings under <c>Email:</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>outbox</c>: write <c>.eml</c> files to <see cref="OutboxOptions.Directory"/> (the only provider so far).</summary>
    public string Provider { get; set; } = "outbox";

    /// <summary>Sender address of every email.</summary>
    public string FromAddress { get; set; } = "scheduling@aischeduler.local";

    /// <summary>Sender display name.</summary>
    public string FromName { get; set; } = "AiScheduler";

    /// <summary>How many times one email is tried before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    public OutboxOptions Outbox { get; set; } = new();

    public sealed class OutboxOptions
    {
        /// <summary>Folder the outbox writes to; relative paths are under the content root.</summary>
        public string Directory { get; set; } = ".data/outbox";
    }
}

/// <summary>Rejects unusable email settings at start-up, naming the setting to fix.</summary>
internal sealed class EmailOptionsValidation : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider?.Trim(), "outbox", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(options.Provider?.Trim(), "sendgrid", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Email:Provider '{options.Provider}' is not supported; use 'outbox' (writes .eml files to Email:Outbox:Directory) or 'sendgrid' (Email:SendGrid:*).");
        }

        try
        {
            _ = new EmailAddress(options.FromAddress ?? string.Empty, options.FromName);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"Email:FromAddress / Email:FromName are not usable: {ex.Message}.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            failures.Add("Email:MaxAttempts must be between 1 and 20.");
        }

        if (string.IsNullOrWhiteSpace(options.Outbox?.Directory))
        {
            failures.Add("Email:Outbox:Directory is empty; set a folder such as '.data/outbox'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

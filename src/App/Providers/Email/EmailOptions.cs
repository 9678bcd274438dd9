using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Email;

/// <summary>
/// The provider settings under <c>Email:</c>: which provider sends, and the outbox folder. The sender identity and the
/// attempts per email are the Emails feature's (<c>EmailDispatchOptions</c>), bound from the same section.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>outbox</c>: write <c>.eml</c> files to <see cref="OutboxOptions.Directory"/>; <c>sendgrid</c>: SendGrid's API.</summary>
    public string Provider { get; set; } = "outbox";

    public OutboxOptions Outbox { get; set; } = new();

    public sealed class OutboxOptions
    {
        /// <summary>Folder the outbox writes to; relative paths are under the content root.</summary>
        public string Directory { get; set; } = ".data/outbox";
    }
}

/// <summary>Rejects unusable email provider settings at start-up, naming the setting to fix.</summary>
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

        if (string.IsNullOrWhiteSpace(options.Outbox?.Directory))
        {
            failures.Add("Email:Outbox:Directory is empty; set a folder such as '.data/outbox'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

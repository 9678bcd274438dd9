using AiScheduler.Functions.Providers.Email;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Emails;

/// <summary>
/// The Emails feature's settings under <c>Email:</c>: who the emails come from and how often one is tried. The provider
/// settings of the same section (<c>Email:Provider</c>, <c>Email:Outbox:*</c>, <c>Email:SendGrid:*</c>) are the providers'.
/// </summary>
public sealed class EmailDispatchOptions
{
    /// <summary>Sender address of every email.</summary>
    public string FromAddress { get; set; } = "scheduling@aischeduler.local";

    /// <summary>Sender display name.</summary>
    public string FromName { get; set; } = "AiScheduler";

    /// <summary>How many times one email is tried before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;
}

/// <summary>Rejects unusable sender settings at start-up, naming the setting to fix.</summary>
internal sealed class EmailDispatchOptionsValidation : IValidateOptions<EmailDispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailDispatchOptions options)
    {
        var failures = new List<string>();
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

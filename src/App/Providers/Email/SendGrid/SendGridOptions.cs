using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Email.SendGrid;

/// <summary>Settings under <c>Email:SendGrid:</c>, used when <c>Email:Provider</c> is <c>sendgrid</c>.</summary>
public sealed class SendGridOptions
{
    public const string Section = "Email:SendGrid";

    /// <summary>An API key with the Mail Send permission (<c>SG.…</c>); from configuration or a secret store only.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The API host: https://api.sendgrid.com, or https://api.eu.sendgrid.com for EU data residency.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");

    /// <summary>SendGrid validates but does not deliver (answers 200 without a message id).</summary>
    public bool SandboxMode { get; set; }

    /// <summary>Retries after a 429 or 5xx within one send (0 disables); the dispatcher's attempts come on top.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay when SendGrid gives no reset time; doubles per retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for a rate-limit reset before giving the email back to the dispatcher.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Rejects unusable SendGrid settings at start-up when SendGrid is the email provider, naming the setting.</summary>
internal sealed class SendGridOptionsValidation(IOptions<EmailOptions> email) : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        if (!SendGridServiceCollectionExtensions.IsSelected(email.Value))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Email:SendGrid:ApiKey is empty; create an API key with 'Mail Send' access (SendGrid > Settings > API Keys) and set it from a secret store or environment variable Email__SendGrid__ApiKey.");
        }
        else if (options.ApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("Email:SendGrid:ApiKey contains spaces or line breaks; paste the key exactly as SendGrid showed it.");
        }

        if (options.BaseUrl is not { IsAbsoluteUri: true } baseUrl || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Email:SendGrid:BaseUrl must be an absolute http(s) URL such as https://api.sendgrid.com.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Email:SendGrid:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > options.MaxRetryDelay)
        {
            failures.Add("Email:SendGrid:RetryDelay must be between 00:00:00 and Email:SendGrid:MaxRetryDelay.");
        }

        if (options.MaxRetryDelay < TimeSpan.Zero || options.MaxRetryDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add("Email:SendGrid:MaxRetryDelay must be between 00:00:00 and 00:05:00.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Email:SendGrid:RequestTimeout must be positive, e.g. 00:00:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

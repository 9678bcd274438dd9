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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

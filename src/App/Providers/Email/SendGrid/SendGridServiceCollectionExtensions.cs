using AiScheduler.Functions.Providers.Http;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Email.SendGrid;

public static class SendGridServiceCollectionExtensions
{
    public const string ProviderName = "sendgrid";

    /// <summary>
    /// The SendGrid email provider (<c>Email:SendGrid:*</c>, validated on start when <c>Email:Provider</c> is
    /// <c>sendgrid</c>). <see cref="EmailProviderServiceCollectionExtensions.AddEmailProviders"/> picks it as the <see cref="IEmailSender"/> by that setting.
    /// </summary>
    public static IServiceCollection AddSendGridEmail(this IServiceCollection services)
    {
        services.AddOptions<SendGridOptions>().BindConfiguration(SendGridOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidation>();
        services.AddOutboundHttp().AddHttpClient<SendGridEmailSender>();
        return services;
    }

    /// <summary>Whether <c>Email:Provider</c> names SendGrid.</summary>
    public static bool IsSelected(EmailOptions options) =>
        string.Equals(options?.Provider?.Trim(), ProviderName, StringComparison.OrdinalIgnoreCase);
}

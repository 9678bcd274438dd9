using AiScheduler.Functions.Providers.Email.SendGrid;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Email;

public static class EmailProviderServiceCollectionExtensions
{
    /// <summary>
    /// The email port: the outbox folder and SendGrid, with <see cref="IEmailSender"/> the one <c>Email:Provider</c>
    /// names (validated on start).
    /// </summary>
    public static IServiceCollection AddEmailProviders(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidation>();
        services.AddSingleton<OutboxEmailSender>();
        services.AddSendGridEmail();
        services.AddSingleton<IEmailSender>(provider => SendGridServiceCollectionExtensions.IsSelected(provider.GetRequiredService<IOptions<EmailOptions>>().Value)
            ? provider.GetRequiredService<SendGridEmailSender>()
            : provider.GetRequiredService<OutboxEmailSender>());
        return services;
    }
}

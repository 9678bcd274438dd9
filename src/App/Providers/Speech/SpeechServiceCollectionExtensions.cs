using AiScheduler.Functions.Providers.Http;
using AiScheduler.Functions.Providers.Speech.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Speech;

public static class SpeechServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Speech:*</c> and registers the speech port: Azure AI Speech when <c>Speech:Provider</c> is
    /// <c>azure</c>, otherwise a port that explains how to configure one (the meeting room then offers text chat only).
    /// </summary>
    public static IServiceCollection AddSpeech(this IServiceCollection services)
    {
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpeechOptions>, SpeechOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddOutboundHttp().AddHttpClient<AzureSpeechClient>();
        services.TryAddSingleton<ISpeech>(sp => sp.GetRequiredService<IOptions<SpeechOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<AzureSpeechClient>()
            : new NoSpeech());
        return services;
    }
}

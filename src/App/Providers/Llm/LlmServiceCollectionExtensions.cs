using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Llm:*</c> and registers the LLM brain's chat client. Which brain the call session uses is
    /// decided from <see cref="LlmOptions.Provider"/>.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateChatClient(sp.GetRequiredService<IOptions<LlmOptions>>().Value));
        services.AddSingleton<LlmAgent>();
        return services;
    }

    /// <summary>
    /// The official client configured for the provider: OpenAI takes the key as a bearer token; Azure OpenAI v1 takes it
    /// in the <c>api-key</c> header and the deployment name as the model. The SDK's own retries are off because the
    /// brain retries once itself, after telling the caller to hold on.
    /// </summary>
    internal static ChatClient CreateChatClient(LlmOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.EffectiveBaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5),
        };
        var credential = new ApiKeyCredential(options.ApiKey ?? throw new OptionsValidationException(
            LlmOptions.SectionName, typeof(LlmOptions), ["Llm:ApiKey is required when a model provider is configured."]));
        if (options.IsAzure)
        {
            clientOptions.AddPolicy(new AzureApiKeyHeaderPolicy(options.ApiKey), PipelinePosition.BeforeTransport);
        }

        return new ChatClient(options.Model, credential, clientOptions);
    }

    /// <summary>
    /// Azure OpenAI documents the <c>api-key</c> header for keys; the OpenAI client sends the key as a bearer token.
    /// Running just before the transport, this moves the key into <c>api-key</c> so no bearer token leaves the process.
    /// </summary>
    private sealed class AzureApiKeyHeaderPolicy(string apiKey) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            MoveKey(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            MoveKey(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void MoveKey(PipelineMessage message)
        {
            message.Request.Headers.Remove("Authorization");
            message.Request.Headers.Set("api-key", apiKey);
        }
    }
}

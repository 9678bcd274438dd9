using System.ClientModel;
using System.ClientModel.Primitives;
using AiScheduler.Functions.Providers.Http;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>The HttpClient (with the shared outbound resilience policy) the model clients send through.</summary>
    public const string HttpClientName = "llm";

    /// <summary>
    /// Binds and validates <c>Llm:*</c> and registers the LLM brain's chat client. Which brain the call session uses is
    /// decided from <see cref="LlmOptions.Provider"/>.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOutboundHttp().AddHttpClient(HttpClientName);
        services.AddSingleton(sp => CreateChatClient(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddSingleton<LlmAgent>();
        return services;
    }

    /// <summary>
    /// The official client configured for the provider. OpenAI: the key as a bearer token, the model by name.
    /// Azure OpenAI: <c>AzureOpenAIClient</c> (deployment routes with <c>api-version</c>), signed in with the key in the
    /// <c>api-key</c> header when <c>Llm:ApiKey</c> is set, otherwise with Entra ID (<paramref name="credential"/>, by
    /// default <c>DefaultAzureCredential</c>: managed identity, workload identity, az login), like the other Azure services.
    /// Requests go through <paramref name="http"/> (the factory's <see cref="HttpClientName"/> client, with the shared
    /// outbound resilience policy) when given. The SDK's own retries are off: the shared policy retries 429/503, and the
    /// brain retries once itself after telling the caller to hold on.
    /// </summary>
    internal static ChatClient CreateChatClient(LlmOptions options, HttpClient? http = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = options.Model ?? throw Invalid("Llm:Model is required when a model provider is configured.");
        var transport = http is null ? null : new HttpClientPipelineTransport(http);
        var networkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5);
        if (options.IsAzure)
        {
            var azureOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 0), NetworkTimeout = networkTimeout };
            if (transport is not null)
            {
                azureOptions.Transport = transport;
            }

            var endpoint = AzureResourceEndpoint(options.BaseUrl ?? throw Invalid("Llm:BaseUrl is required for azure-openai."));
            var azure = string.IsNullOrWhiteSpace(options.ApiKey)
                ? new AzureOpenAIClient(endpoint, credential ?? new DefaultAzureCredential(), azureOptions)
                : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), azureOptions);
            return azure.GetChatClient(model);
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.EffectiveBaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout,
        };
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? throw Invalid("Llm:ApiKey is required when Llm:Provider is openai.") : options.ApiKey;
        return new ChatClient(model, new ApiKeyCredential(key), clientOptions);
    }

    /// <summary>
    /// The resource endpoint (<c>https://&lt;resource&gt;.openai.azure.com/</c>) the Azure client builds its deployment
    /// routes on; a configured v1 base address (<c>.../openai/v1/</c>) is accepted and trimmed to it.
    /// </summary>
    internal static Uri AzureResourceEndpoint(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var path = baseUrl.AbsolutePath;
        foreach (var suffix in (string[])["/openai/v1/", "/openai/v1", "/openai/", "/openai"])
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(baseUrl, path[..^suffix.Length] + "/");
            }
        }

        return baseUrl;
    }

    private static OptionsValidationException Invalid(string message) => new(LlmOptions.SectionName, typeof(LlmOptions), [message]);
}

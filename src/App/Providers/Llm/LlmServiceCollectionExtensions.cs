using System.ClientModel;
using System.ClientModel.Primitives;
using AiScheduler.Functions.Providers.Http;
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

    /// <summary>The token scope of Azure OpenAI (Azure AI services) for Entra ID sign-in.</summary>
    public const string AzureOpenAiScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>
    /// The official OpenAI client for either provider, on the v1 chat completions API. OpenAI: the key as a bearer token,
    /// the model by name. Azure OpenAI (its v1 API, <c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c>, the
    /// deployment name as the model): the key in the <c>api-key</c> header when <c>Llm:ApiKey</c> is set, otherwise an
    /// Entra ID token for <see cref="AzureOpenAiScope"/> from <paramref name="credential"/> (by default
    /// <c>DefaultAzureCredential</c>: managed identity, workload identity, az login), like the other Azure services.
    /// (Azure.AI.OpenAI 2.1.0, the package's stable release, is built against OpenAI 2.1 and fails at run time with
    /// OpenAI 2.15 - MissingMethodException in its chat client - so the OpenAI package's own authentication policies do
    /// it.) Requests go through <paramref name="http"/> (the factory's <see cref="HttpClientName"/> client, with the shared
    /// outbound resilience policy) when given. The SDK's own retries are off: the shared policy retries 429/503, and the
    /// brain retries once itself after telling the caller to hold on.
    /// </summary>
    internal static ChatClient CreateChatClient(LlmOptions options, HttpClient? http = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = options.Model ?? throw Invalid("Llm:Model is required when a model provider is configured.");
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.IsAzure ? AzureV1Endpoint(options.EffectiveBaseUrl) : options.EffectiveBaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 5),
        };
        if (http is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(http);
        }

        AuthenticationPolicy authentication;
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            var key = new ApiKeyCredential(options.ApiKey);
            authentication = options.IsAzure
                ? ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(key, "api-key")
                : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(key);
        }
        else if (options.IsAzure)
        {
            authentication = new BearerTokenPolicy(credential ?? new DefaultAzureCredential(), AzureOpenAiScope);
        }
        else
        {
            throw Invalid("Llm:ApiKey is required when Llm:Provider is openai.");
        }

        // OPENAI001: the AuthenticationPolicy constructor is marked for evaluation; it is the package's documented way to
        // sign in to Azure OpenAI with Entra ID (and to send the key as api-key), so it is used knowingly here.
#pragma warning disable OPENAI001
        return new ChatClient(model, authentication, clientOptions);
#pragma warning restore OPENAI001
    }

    /// <summary>Azure OpenAI's v1 base address; a bare resource endpoint (<c>https://&lt;resource&gt;.openai.azure.com/</c>) gets <c>openai/v1/</c>.</summary>
    internal static Uri AzureV1Endpoint(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.AbsolutePath == "/" ? new Uri(baseUrl, "openai/v1/") : baseUrl;
    }

    private static OptionsValidationException Invalid(string message) => new(LlmOptions.SectionName, typeof(LlmOptions), [message]);
}

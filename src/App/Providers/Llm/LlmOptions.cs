using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>Which conversation brain answers calls, and how the LLM one reaches its model. Section <c>Llm</c>.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public const string RulesProvider = "rules";
    public const string OpenAiProvider = "openai";
    public const string AzureOpenAiProvider = "azure-openai";

    /// <summary><c>rules</c> (built-in, the default), <c>openai</c> or <c>azure-openai</c>.</summary>
    public string Provider { get; set; } = RulesProvider;

    /// <summary>The v1 base address: <c>https://api.openai.com/v1/</c> (the default for <c>openai</c>) or
    /// <c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c> (a bare resource endpoint gets <c>openai/v1/</c>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The key; for <c>azure-openai</c> optional: without it the app signs in with Entra ID (DefaultAzureCredential).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name (OpenAI) or the deployment name (Azure OpenAI).</summary>
    public string? Model { get; set; }

    /// <summary>How long one model request may take before the caller hears a holding phrase.</summary>
    public double TimeoutSeconds { get; set; } = 8;

    /// <summary>Upper bound on model round trips in one turn, so a model that keeps calling tools cannot stall a call.</summary>
    public int MaxToolRounds { get; set; } = 5;

    public double Temperature { get; set; } = 0.2;

    public bool UsesModel => !string.Equals(Provider, RulesProvider, StringComparison.OrdinalIgnoreCase);

    public bool IsAzure => string.Equals(Provider, AzureOpenAiProvider, StringComparison.OrdinalIgnoreCase);

    public Uri EffectiveBaseUrl => BaseUrl ?? new Uri("https://api.openai.com/v1/");
}

/// <summary>Start-up validation of <see cref="LlmOptions"/>, with messages that name the setting to fix.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        string[] providers = [LlmOptions.RulesProvider, LlmOptions.OpenAiProvider, LlmOptions.AzureOpenAiProvider];
        if (!providers.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Llm:Provider is '{options.Provider}'; set it to one of: {string.Join(", ", providers)}.");
            return ValidateOptionsResult.Fail(failures);
        }

        if (!options.UsesModel)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.IsAzure && options.BaseUrl is null)
        {
            failures.Add("Llm:BaseUrl is required for azure-openai; set it to https://<resource>.openai.azure.com/openai/v1/.");
        }

        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Llm:BaseUrl '{url}' must be an absolute http(s) address such as https://api.openai.com/v1/.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey) && !options.IsAzure)
        {
            failures.Add($"Llm:ApiKey is required when Llm:Provider is {options.Provider}.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add(options.IsAzure
                ? "Llm:Model is required: set it to the Azure OpenAI deployment name."
                : "Llm:Model is required: set it to a chat model name such as gpt-4.1-mini.");
        }

        if (options.TimeoutSeconds is < 0.1 or > 120)
        {
            failures.Add($"Llm:TimeoutSeconds is {options.TimeoutSeconds}; use a value between 0.1 and 120 (a caller is waiting).");
        }

        if (options.MaxToolRounds is < 1 or > 20)
        {
            failures.Add($"Llm:MaxToolRounds is {options.MaxToolRounds}; use a value between 1 and 20.");
        }

        if (options.Temperature is < 0 or > 2)
        {
            failures.Add($"Llm:Temperature is {options.Temperature}; use a value between 0 and 2.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using AiScheduler.Functions.Providers.Llm;

namespace AiScheduler.Functions.Tests.Llm;

public sealed class LlmOptionsTests
{
    private static string[] Failures(LlmOptions options) =>
        new LlmOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void The_rule_brain_needs_no_model_settings() =>
        Assert.Empty(Failures(new LlmOptions { Provider = "rules" }));

    [Fact]
    public void OpenAI_defaults_to_the_public_endpoint_but_needs_a_key_and_a_model()
    {
        var failures = Failures(new LlmOptions { Provider = "openai" });

        Assert.Contains(failures, f => f.Contains("Llm:ApiKey", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Llm:Model", StringComparison.Ordinal));
        Assert.Equal(new Uri("https://api.openai.com/v1/"), new LlmOptions().EffectiveBaseUrl);
    }

    [Fact]
    public void Azure_OpenAI_needs_its_resource_endpoint_and_a_deployment_name()
    {
        var failures = Failures(new LlmOptions { Provider = "azure-openai", ApiKey = "k" });

        Assert.Contains(failures, f => f.Contains("Llm:BaseUrl", StringComparison.Ordinal) && f.Contains("openai.azure.com/openai/v1/", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("deployment name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gpt", "Llm:Provider")]
    [InlineData("openai", "Llm:TimeoutSeconds")]
    public void Unusable_settings_are_named_in_the_failure(string provider, string setting)
    {
        var failures = Failures(new LlmOptions { Provider = provider, ApiKey = "k", Model = "m", TimeoutSeconds = 0 });

        Assert.Contains(failures, f => f.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_OpenAI_configuration_is_accepted() =>
        Assert.Empty(Failures(new LlmOptions { Provider = "openai", ApiKey = "sk-1", Model = "gpt-4.1-mini", BaseUrl = new Uri("https://api.openai.com/v1/") }));
}

using System.ClientModel;
using System.Text.Json;
using OpenAI.Chat;

namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// A chat completion whose answer must be JSON of the caller's json_schema response format.
/// </summary>
internal static class StructuredAnswer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The model's answer deserialised as <typeparamref name="T"/>, or null with the reason handed to
    /// <paramref name="reject"/> (no answer in time, a failed request, not the JSON the schema describes, empty). The
    /// caller validates the content and falls back to its rule-based result on null.
    /// </summary>
    public static async Task<T?> RequestAsync<T>(ChatClient client, IEnumerable<ChatMessage> messages, ChatCompletionOptions completionOptions,
        TimeSpan timeout, TimeProvider timeProvider, Action<string> reject, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        string text;
        try
        {
            ClientResult<ChatCompletion> result = await client.CompleteChatAsync(messages, completionOptions, linked.Token);
            text = string.Concat(result.Value.Content.Where(part => part.Kind == ChatMessageContentPartKind.Text).Select(part => part.Text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reject("the model did not answer in time");
            return null;
        }
        catch (ClientResultException ex)
        {
            reject($"the model failed with status {ex.Status}");
            return null;
        }

        T? answer;
        try
        {
            answer = JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            reject("the answer is not the JSON the schema describes");
            return null;
        }

        if (answer is null)
        {
            reject("the answer is empty");
        }

        return answer;
    }
}

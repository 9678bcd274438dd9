using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Functions.Tests.Llm;

/// <summary>
/// A chat-completions server on 127.0.0.1 that speaks the real wire protocol (POST .../chat/completions, JSON
/// responses with <c>tool_calls</c>, OpenAI error bodies) and answers from a script, recording every request.
/// Several calls at once each follow their own script: <see cref="ReplyWhenPromptMentions"/> keys a script by text
/// that only that call's system prompt contains (the lead's name).
/// </summary>
public sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ScriptedReply> script = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedReply>> conversations = new(StringComparer.Ordinal);
    private int completionNumber;

    private FakeChatCompletionsServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's settings for an OpenAI-compatible model served here.</summary>
    public Dictionary<string, string?> AppSettings() => new(StringComparer.Ordinal)
    {
        ["Llm:Provider"] = "openai",
        ["Llm:BaseUrl"] = new Uri(BaseAddress, "v1/").ToString(),
        ["Llm:ApiKey"] = "sk-test-key",
        ["Llm:Model"] = "gpt-4.1-mini",
    };

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts the server on a free loopback port; with <paramref name="tls"/>, on https with that certificate.</summary>
    public static async Task<FakeChatCompletionsServer> StartAsync(CancellationToken cancellationToken, X509Certificate2? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (tls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls)));
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatCompletionsServer(app);
        app.MapPost("/{**path}", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public FakeChatCompletionsServer Reply(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            script.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Appends replies to the script of the conversation whose system prompt contains <paramref name="marker"/>.</summary>
    public FakeChatCompletionsServer ReplyWhenPromptMentions(string marker, params ScriptedReply[] replies)
    {
        var queue = conversations.GetOrAdd(marker, _ => new ConcurrentQueue<ScriptedReply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Replies scripted for the conversation keyed by <paramref name="marker"/> that no request has taken yet.</summary>
    public int Unused(string marker) => conversations.TryGetValue(marker, out var queue) ? queue.Count : 0;

    public RecordedRequest[] Received => [.. Requests];

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Path.Value ?? "",
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers["api-key"].ToString(),
            body!.AsObject());
        Requests.Enqueue(request);

        var conversation = conversations.FirstOrDefault(c => request.SystemPrompt.Contains(c.Key, StringComparison.Ordinal)).Value ?? script;
        if (!conversation.TryDequeue(out var reply))
        {
            await WriteErrorAsync(context, 500, "The fake model's script is exhausted: the test expected fewer requests.");
            return;
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.Status != 200)
        {
            await WriteErrorAsync(context, reply.Status, "The server had an error while processing your request.");
            return;
        }

        var number = Interlocked.Increment(ref completionNumber);
        JsonObject message;
        string finishReason;
        if (reply.ToolCalls is { Length: > 0 } calls)
        {
            var toolCalls = new JsonArray();
            for (var i = 0; i < calls.Length; i++)
            {
                toolCalls.Add(new JsonObject
                {
                    ["id"] = $"call_{number}_{i}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = calls[i].Name, ["arguments"] = calls[i].Arguments },
                });
            }

            message = new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = toolCalls };
            finishReason = "tool_calls";
        }
        else
        {
            message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text, ["refusal"] = null };
            finishReason = "stop";
        }

        var response = new JsonObject
        {
            ["id"] = $"chatcmpl-{number}",
            ["object"] = "chat.completion",
            ["created"] = 1_772_000_000,
            ["model"] = body["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = text, ["type"] = "server_error", ["param"] = null, ["code"] = null },
        };
        await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record ToolCall(string Name, string Arguments)
{
    public static ToolCall Of(string name, object arguments) => new(name, JsonSerializer.Serialize(arguments));
}

public sealed record ScriptedReply(string? Text, ToolCall[]? ToolCalls, int Status, TimeSpan Delay)
{
    public static ScriptedReply Says(string text) => new(text, null, 200, TimeSpan.Zero);

    public static ScriptedReply Calls(params ToolCall[] calls) => new(null, calls, 200, TimeSpan.Zero);

    public static ScriptedReply Fails(int status) => new(null, null, status, TimeSpan.Zero);

    public ScriptedReply After(TimeSpan delay) => this with { Delay = delay };
}

public sealed record RecordedRequest(string Path, string Authorization, string ApiKey, JsonObject Body)
{
    public JsonArray Messages => Body["messages"]!.AsArray();

    public string SystemPrompt => TextOf(Messages[0]!["content"]);

    /// <summary>The tool result messages, keyed by tool_call_id.</summary>
    public Dictionary<string, string> ToolResults =>
        Messages.Where(m => m!["role"]!.GetValue<string>() == "tool")
            .ToDictionary(m => m!["tool_call_id"]!.GetValue<string>(), m => TextOf(m!["content"]));

    // Content is either a string or an array of {type:"text", text} parts; both are valid on the wire.
    public static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
        _ => "",
    };
}

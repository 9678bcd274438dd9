using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace AiScheduler.Functions.Tests.SendGrid;

/// <summary>
/// SendGrid's v3 <c>POST /v3/mail/send</c> on 127.0.0.1: checks the Bearer API key and the body schema
/// (personalizations, from, subject, content order and non-empty values, base64 attachments with file names and
/// dispositions, string custom_args) and answers as SendGrid does: 202 with X-Message-Id, 400 with
/// <c>{"errors":[{"message","field","help"}]}</c>, 401, 403 for unverified senders, and scripted 429/5xx.
/// </summary>
public sealed class FakeSendGridServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Fault> faults = new();
    private int messageNumber;
    private int hits;

    private FakeSendGridServer(WebApplication app, string apiKey)
    {
        this.app = app;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Sender addresses that passed Sender Authentication; others are refused with 403.</summary>
    public ConcurrentDictionary<string, bool> VerifiedSenders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>The User-Agent of every request that reached the endpoint.</summary>
    public ConcurrentQueue<string> UserAgents { get; } = new();

    /// <summary>Accepted messages by the X-Message-Id they were given.</summary>
    public ConcurrentDictionary<string, JsonObject> Accepted { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeSendGridServer> StartAsync(string apiKey, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSendGridServer(app, apiKey);
        app.MapPost("/v3/mail/send", server.SendAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next request is answered with this status (and SendGrid's error body) before any checks.</summary>
    public FakeSendGridServer FailNext(int status, string message, IDictionary<string, string>? headers = null, string? field = null)
    {
        faults.Enqueue(new Fault(status, message, headers ?? new Dictionary<string, string>(), field));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Every request that reached the endpoint, including refused ones.</summary>
    public int Hits => Volatile.Read(ref hits);

    private async Task SendAsync(HttpContext context)
    {
        Interlocked.Increment(ref hits);
        UserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
        if (faults.TryDequeue(out var fault))
        {
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await ErrorsAsync(context, fault.Status, (fault.Field, fault.Message));
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            await ErrorsAsync(context, 401, (null, "The provided authorization grant is invalid, expired, or revoked"));
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await ErrorsAsync(context, 415, (null, "Content-Type should be application/json."));
            return;
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        Requests.Enqueue(body);
        var errors = Validate(body);
        if (errors.Count > 0)
        {
            await ErrorsAsync(context, 400, [.. errors]);
            return;
        }

        var from = body["from"]!["email"]!.GetValue<string>();
        if (!VerifiedSenders.ContainsKey(from))
        {
            await ErrorsAsync(context, 403, ("from", "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved."));
            return;
        }

        if (body["mail_settings"]?["sandbox_mode"]?["enable"]?.GetValue<bool>() == true)
        {
            // Sandbox mode: validated, not sent, nothing to track.
            context.Response.StatusCode = 200;
            return;
        }

        var id = "fake" + Interlocked.Increment(ref messageNumber).ToString("D6", CultureInfo.InvariantCulture) + "-SG";
        Accepted[id] = body;
        context.Response.Headers["X-Message-Id"] = id;
        context.Response.StatusCode = 202;
    }

    private static List<(string? Field, string Message)> Validate(JsonObject body)
    {
        var errors = new List<(string?, string)>();
        if (body["personalizations"] is not JsonArray { Count: > 0 and <= 1000 } personalizations)
        {
            errors.Add(("personalizations", "The personalizations field is required and must have at least one personalization."));
            return errors;
        }

        var subjectEverywhere = body["subject"] is JsonValue subject && subject.GetValue<string>().Length > 0;
        for (var i = 0; i < personalizations.Count; i++)
        {
            var personalization = personalizations[i] as JsonObject;
            if (personalization?["to"] is not JsonArray { Count: > 0 } to)
            {
                errors.Add(($"personalizations.{i}.to", "The to array is required for all personalization objects, and must have at least one email object with a valid email address."));
                continue;
            }

            foreach (var (recipient, j) in to.Select((r, j) => (r, j)))
            {
                var email = recipient?["email"]?.GetValue<string>();
                if (email is null || !email.Contains('@', StringComparison.Ordinal))
                {
                    errors.Add(($"personalizations.{i}.to.{j}.email", "Does not contain a valid address."));
                }
            }

            if (!subjectEverywhere && personalization["subject"] is null)
            {
                errors.Add(("subject", "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined."));
            }

            if (personalization["custom_args"] is JsonObject args && args.Any(a => a.Value is not JsonValue v || !v.TryGetValue<string>(out _)))
            {
                errors.Add(($"personalizations.{i}.custom_args", "Custom args must be strings."));
            }
        }

        if (body["from"]?["email"] is not JsonValue fromEmail || !fromEmail.GetValue<string>().Contains('@', StringComparison.Ordinal))
        {
            errors.Add(("from.email", "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter."));
        }

        if (body["content"] is not JsonArray { Count: > 0 } content)
        {
            errors.Add(("content", "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block."));
        }
        else
        {
            var types = content.Select(c => c?["type"]?.GetValue<string>() ?? "").ToList();
            for (var i = 0; i < content.Count; i++)
            {
                if (types[i].Length == 0 || content[i]?["value"] is not JsonValue value || value.GetValue<string>().Length == 0)
                {
                    errors.Add(($"content.{i}", "The content value must be a string at least one character in length."));
                }
            }

            var plain = types.IndexOf("text/plain");
            var html = types.IndexOf("text/html");
            if (plain > 0 || (html >= 0 && html != (plain == 0 ? 1 : 0)))
            {
                errors.Add(("content", "If present, text/plain must be first, followed by text/html, followed by any other content."));
            }
        }

        if (body["attachments"] is JsonArray attachments)
        {
            for (var i = 0; i < attachments.Count; i++)
            {
                var attachment = attachments[i] as JsonObject;
                var data = attachment?["content"]?.GetValue<string>() ?? "";
                if (data.Length == 0 || data.Contains('\n', StringComparison.Ordinal) || !Convert.TryFromBase64String(data, new byte[data.Length], out _))
                {
                    errors.Add(($"attachments.{i}.content", "The attachment content must be base64 encoded."));
                }

                if (string.IsNullOrEmpty(attachment?["filename"]?.GetValue<string>()))
                {
                    errors.Add(($"attachments.{i}.filename", "The attachment filename parameter is required."));
                }

                if (attachment?["disposition"]?.GetValue<string>() is { } disposition && disposition is not ("attachment" or "inline"))
                {
                    errors.Add(($"attachments.{i}.disposition", "The disposition must be attachment or inline."));
                }
            }
        }

        if (body["custom_args"] is JsonObject topArgs && topArgs.Any(a => a.Value is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            errors.Add(("custom_args", "Custom args must be strings."));
        }

        return errors;
    }

    private static Task ErrorsAsync(HttpContext context, int status, params (string? Field, string Message)[] errors)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
            {
                ["message"] = e.Message,
                ["field"] = e.Field,
                ["help"] = e.Field is null ? null : "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message." + e.Field,
            }).ToArray()),
        }, context.RequestAborted);
    }

    private sealed record Fault(int Status, string Message, IDictionary<string, string> Headers, string? Field);
}

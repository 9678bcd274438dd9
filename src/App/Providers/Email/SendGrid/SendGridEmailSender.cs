using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Functions.Providers.Http;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace AiScheduler.Functions.Providers.Email.SendGrid;

/// <summary>
/// <see cref="IEmailSender"/> over SendGrid's v3 Mail Send API (<c>POST /v3/mail/send</c>) on HttpClient. Content goes
/// text/plain, text/html, then the invite as <c>text/calendar; method=…</c> (the part Outlook turns into Accept/Decline),
/// and the invite again as an <c>invite.ics</c> attachment for clients that only look at attachments. Our tracking id
/// travels in <c>custom_args</c> so SendGrid's event webhook can be matched to the email; SendGrid's
/// <c>X-Message-Id</c> is returned as the provider id. Retries are the shared outbound policy (<see cref="OutboundHttp"/>:
/// 429 waits for X-RateLimit-Reset / Retry-After). A send is marked safe to repeat on 5xx and timeouts because SendGrid
/// documents "retry" for its 5xx; it has no idempotency key, so a send whose 202 is lost in transit may be delivered
/// twice - as it would be when the dispatcher tries the email again.
/// </summary>
internal sealed class SendGridEmailSender : IEmailSender
{
    /// <summary>The custom_args key carrying our email's tracking id.</summary>
    public const string EmailIdArg = "aischeduler_email_id";

    private readonly HttpClient http;
    private readonly SendGridOptions options;

    public SendGridEmailSender(HttpClient http, IOptions<SendGridOptions> options, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.options = options.Value;
        Logger = logger;
    }

    public string Provider => SendGridServiceCollectionExtensions.ProviderName;

    private ILogger Logger { get; }

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = Body(message, options.SandboxMode).ToJsonString();
        var uri = new Uri(options.BaseUrl, "/v3/mail/send");
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri).MarkRetrySafe();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EmailSendException($"SendGrid could not be reached at {options.BaseUrl}: {ex.Message}; check Email:SendGrid:BaseUrl and the network.", isTransient: true, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new EmailSendException($"SendGrid did not answer in time ({ex.Message.TrimEnd('.')}; Http:Resilience:AttemptTimeout / TotalRequestTimeout).", isTransient: true, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
                if (string.IsNullOrWhiteSpace(id))
                {
                    // Sandbox mode validates without sending and has no message to track.
                    id = response.StatusCode == HttpStatusCode.OK
                        ? "sandbox-" + message.Id.ToString("N", CultureInfo.InvariantCulture)
                        : throw new EmailSendException($"SendGrid answered {(int)response.StatusCode} without an X-Message-Id header; check Email:SendGrid:BaseUrl points at the v3 API.", isTransient: false);
                }

                Log.Accepted(Logger, message.Id, id);
                return id;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw Error(response.StatusCode, text);
        }
    }

    /// <summary>The v3 mail/send request body for <paramref name="message"/>.</summary>
    internal static JsonObject Body(EmailMessage message, bool sandbox)
    {
        ArgumentNullException.ThrowIfNull(message);
        var personalization = new JsonObject
        {
            ["to"] = new JsonArray(message.To.Select(Address).ToArray<JsonNode?>()),
            ["subject"] = message.Subject,
        };

        // SendGrid's order rule: text/plain first, then text/html, then anything else. Empty values are rejected.
        var content = new JsonArray();
        if (message.Text.Length > 0 || (message.Html is null && message.Invite is null))
        {
            content.Add(Content("text/plain", message.Text.Length > 0 ? message.Text : " "));
        }

        if (!string.IsNullOrEmpty(message.Html))
        {
            content.Add(Content("text/html", message.Html));
        }

        var attachments = new JsonArray();
        if (message.Invite is { } invite)
        {
            var calendarType = "text/calendar; method=" + invite.Method;
            content.Add(Content(calendarType, invite.Ics));
            attachments.Add(Attachment(Encoding.UTF8.GetBytes(invite.Ics), calendarType, "invite.ics"));
        }

        foreach (var attachment in message.Attachments)
        {
            attachments.Add(Attachment(attachment.Content.Span, attachment.ContentType, attachment.FileName));
        }

        var body = new JsonObject
        {
            ["personalizations"] = new JsonArray(personalization),
            ["from"] = Address(message.From),
            ["subject"] = message.Subject,
            ["content"] = content,
            ["custom_args"] = new JsonObject { [EmailIdArg] = message.Id.ToString("D", CultureInfo.InvariantCulture) },
        };
        if (attachments.Count > 0)
        {
            body["attachments"] = attachments;
        }

        if (message.Invite is not null)
        {
            // Click tracking would rewrite the join link inside the invite.
            body["tracking_settings"] = new JsonObject
            {
                ["click_tracking"] = new JsonObject { ["enable"] = false, ["enable_text"] = false },
            };
        }

        if (sandbox)
        {
            body["mail_settings"] = new JsonObject { ["sandbox_mode"] = new JsonObject { ["enable"] = true } };
        }

        return body;
    }

    private static EmailSendException Error(HttpStatusCode status, string body)
    {
        var code = (int)status;
        var errors = ParseErrors(body);
        var detail = errors.Count == 0 ? "no error details" : string.Join("; ", errors);
        var hint = status switch
        {
            HttpStatusCode.BadRequest => "the message was rejected as invalid",
            HttpStatusCode.Unauthorized => "the API key was refused; check Email:SendGrid:ApiKey",
            HttpStatusCode.Forbidden => "the key lacks the 'Mail Send' permission or Email:FromAddress is not a verified sender (SendGrid > Settings > Sender Authentication)",
            HttpStatusCode.RequestEntityTooLarge => "the message with its attachments is too large for SendGrid",
            HttpStatusCode.TooManyRequests => "SendGrid kept throttling after the retries; the dispatcher tries again later",
            _ when code >= 500 => "SendGrid kept failing after the retries; the dispatcher tries again later",
            _ => "see SendGrid's message",
        };
        return new EmailSendException(
            string.Create(CultureInfo.InvariantCulture, $"SendGrid answered {code}: {detail}; {hint}."), IsTransient(status));
    }

    /// <summary>SendGrid's error body <c>{"errors":[{"message","field","help"}]}</c> as "field: message" lines.</summary>
    internal static IReadOnlyList<string> ParseErrors(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["errors"] is not JsonArray errors)
            {
                return [];
            }

            return errors.OfType<JsonObject>().Select(error =>
            {
                var message = error["message"]?.GetValue<string>() ?? "error";
                return error["field"] is JsonValue field && field.TryGetValue<string>(out var name) && name.Length > 0
                    ? name + ": " + message
                    : message;
            }).ToList();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return [body.Length > 200 ? body[..200] : body];
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static JsonObject Address(EmailAddress address)
    {
        var node = new JsonObject { ["email"] = address.Address };
        if (address.DisplayName is { } name)
        {
            node["name"] = name;
        }

        return node;
    }

    private static JsonObject Content(string type, string value) => new() { ["type"] = type, ["value"] = value };

    private static JsonObject Attachment(ReadOnlySpan<byte> content, string type, string fileName) => new()
    {
        ["content"] = Convert.ToBase64String(content),
        ["type"] = type,
        ["filename"] = fileName,
        ["disposition"] = "attachment",
    };
}

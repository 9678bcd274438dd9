using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Functions.Providers.Http;
using global::SendGrid;
using global::SendGrid.Helpers.Mail;
using global::SendGrid.Helpers.Reliability;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SendGridAddress = global::SendGrid.Helpers.Mail.EmailAddress;

namespace AiScheduler.Functions.Providers.Email.SendGrid;

/// <summary>
/// <see cref="IEmailSender"/> on Twilio SendGrid's official client (the <c>SendGrid</c> package): the message is a
/// <see cref="SendGridMessage"/> sent to v3 Mail Send (<c>POST /v3/mail/send</c>) through an HttpClient from the
/// factory, so the shared resilience handler (<see cref="OutboundHttp"/>: 429 waits for X-RateLimit-Reset /
/// Retry-After) sits underneath and is the only retry - the package's own <see cref="ReliabilitySettings"/> stay at zero
/// retries. Content goes text/plain, text/html, then the invite as <c>text/calendar; method=…</c> (the part Outlook
/// turns into Accept/Decline), and the invite again as an <c>invite.ics</c> attachment for clients that only look at
/// attachments. Our tracking id travels in <c>custom_args</c> so SendGrid's event webhook can be matched to the email;
/// SendGrid's <c>X-Message-Id</c> is returned as the provider id. The package answers errors as a response (not an
/// exception), so SendGrid's <c>errors[].field/message</c> reach the email record. A send is marked safe to repeat on
/// 5xx and timeouts because SendGrid documents "retry" for its 5xx; it has no idempotency key, so a send whose 202 is
/// lost in transit may be delivered twice - as it would be when the dispatcher tries the email again.
/// </summary>
internal sealed class SendGridEmailSender : IEmailSender
{
    /// <summary>The custom_args key carrying our email's tracking id.</summary>
    public const string EmailIdArg = "aischeduler_email_id";

    private readonly SendGridClient client;
    private readonly SendGridOptions options;

    public SendGridEmailSender(HttpClient http, IOptions<SendGridOptions> options, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        client = new RetrySafeSendGridClient(http, new SendGridClientOptions
        {
            ApiKey = this.options.ApiKey,
            Host = this.options.BaseUrl.AbsoluteUri,
            // Only consulted when the package makes its own HttpClient; zero retries states that ours are the only ones.
            ReliabilitySettings = new ReliabilitySettings(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
            HttpErrorAsException = false,
        });
        Logger = logger;
    }

    public string Provider => SendGridServiceCollectionExtensions.ProviderName;

    private ILogger Logger { get; }

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = Message(message, options.SandboxMode);
        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EmailSendException($"SendGrid could not be reached at {options.BaseUrl}: {ex.Message}; check Email:SendGrid:BaseUrl and the network.", isTransient: true, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new EmailSendException($"SendGrid did not answer in time ({ex.Message.TrimEnd('.')}; Http:Resilience:AttemptTimeout / TotalRequestTimeout).", isTransient: true, ex);
        }

        using var body = response.Body;
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

        var text = body is null ? string.Empty : await body.ReadAsStringAsync(cancellationToken);
        throw Error(response.StatusCode, text);
    }

    /// <summary>The v3 mail/send message for <paramref name="message"/>.</summary>
    internal static SendGridMessage Message(EmailMessage message, bool sandbox)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = new SendGridMessage();
        mail.SetFrom(Address(message.From));
        mail.AddTos(message.To.Select(Address).ToList());
        mail.SetGlobalSubject(message.Subject);
        mail.SetSubject(message.Subject);

        // SendGrid's order rule: text/plain first, then text/html, then anything else. Empty values are rejected.
        if (message.Text.Length > 0 || (message.Html is null && message.Invite is null))
        {
            mail.AddContent(MimeType.Text, message.Text.Length > 0 ? message.Text : " ");
        }

        if (!string.IsNullOrEmpty(message.Html))
        {
            mail.AddContent(MimeType.Html, message.Html);
        }

        if (message.Invite is { } invite)
        {
            var calendarType = "text/calendar; method=" + invite.Method;
            mail.AddContent(calendarType, invite.Ics);
            mail.AddAttachment("invite.ics", Convert.ToBase64String(Encoding.UTF8.GetBytes(invite.Ics)), calendarType, "attachment");

            // Click tracking would rewrite the join link inside the invite.
            mail.SetClickTracking(enable: false, enableText: false);
        }

        foreach (var attachment in message.Attachments)
        {
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content.Span), attachment.ContentType, "attachment");
        }

        mail.AddGlobalCustomArg(EmailIdArg, message.Id.ToString("D", CultureInfo.InvariantCulture));
        if (sandbox)
        {
            mail.SetSandBoxMode(true);
        }

        return mail;
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

    private static SendGridAddress Address(EmailAddress address) => new(address.Address, address.DisplayName);

    /// <summary>
    /// The package's client with every request it builds marked as safe to repeat on 5xx and timeouts (see the class
    /// summary): the request is made inside the package, so the mark goes on where the package hands it to HttpClient.
    /// </summary>
    private sealed class RetrySafeSendGridClient(HttpClient http, SendGridClientOptions options) : SendGridClient(http, options)
    {
        public override async Task<Response> MakeRequest(HttpRequestMessage request, CancellationToken cancellationToken = default)
        {
            using (request)
            {
                return await base.MakeRequest(request.MarkRetrySafe(), cancellationToken);
            }
        }
    }
}

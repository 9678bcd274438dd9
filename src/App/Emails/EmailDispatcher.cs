using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Emails;

/// <summary>
/// Sends an email and tracks it: records it queued (once per key), tries the provider up to <c>Email:MaxAttempts</c>
/// times, and records sent (with the provider's message id) or failed (with the last error). Asking again for a key
/// that was sent returns the record without sending; a key that failed is tried again. Activities call this, so an
/// activity retried after a crash neither loses nor duplicates the email.
/// </summary>
public sealed class EmailDispatcher(
    EmailStore emails,
    IEmailSender sender,
    IOptions<EmailDispatchOptions> options,
    TimeProvider clock,
    ILogger<EmailDispatcher> logger)
{
    private readonly EmailAddress _from = new(options.Value.FromAddress, options.Value.FromName);

    public Task<EmailRecord> SendAsync(EmailRequest request, CancellationToken cancellationToken) =>
        SendAsync(Workspaces.DefaultId, request, cancellationToken);

    public async Task<EmailRecord> SendAsync(Guid workspaceId, EmailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Key))
        {
            throw new ArgumentException("the email needs an idempotency key, e.g. invite:{meetingId}:{sequence}", nameof(request));
        }

        if (!EmailKind.IsKnown(request.Kind))
        {
            throw new ArgumentException($"'{request.Kind}' is not an email kind; use one of {string.Join(", ", EmailKind.All)}", nameof(request));
        }

        var record = await emails.RecordQueuedAsync(workspaceId, request, cancellationToken);
        if (record.Status == EmailStatus.Sent)
        {
            return record;
        }

        var message = new EmailMessage(record.Id, _from, [request.To], request.Subject, request.Text, request.Html, request.Invite,
            request.Attachments);
        var maxAttempts = options.Value.MaxAttempts;
        for (var tries = 1; ; tries++)
        {
            var attempt = await emails.BeginAttemptAsync(workspaceId, record.Id, cancellationToken);
            if (attempt is null)
            {
                // Another process sent it between our read and this attempt.
                break;
            }

            try
            {
                var providerMessageId = await sender.SendAsync(message, cancellationToken);
                await emails.MarkSentAsync(workspaceId, record.Id, sender.Provider, providerMessageId, cancellationToken);
                Log.EmailSent(logger, record.Id, request.Kind, sender.Provider, attempt.Value);
                break;
            }
            catch (EmailSendException ex)
            {
                var final = !ex.IsTransient || tries >= maxAttempts;
                await emails.RecordFailureAsync(workspaceId, record.Id, sender.Provider, ex.Message, final, cancellationToken);
                Log.EmailAttemptFailed(logger, record.Id, request.Kind, attempt.Value, LogValues.Clean(ex.Message));
                if (final)
                {
                    Log.EmailFailed(logger, record.Id, request.Kind, attempt.Value);
                    break;
                }

                // A short, growing pause: outbox hiccups and provider throttling clear within seconds.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * tries), clock, cancellationToken);
            }
        }

        return (await emails.GetAsync(workspaceId, record.Id, cancellationToken))!;
    }
}

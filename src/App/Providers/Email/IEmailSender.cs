namespace AiScheduler.Functions.Providers.Email;

/// <summary>
/// The email port: hands one message to a provider (the outbox folder now, SendGrid later) and returns the provider's
/// message id. Sending the same <see cref="EmailMessage.Id"/> again must not produce a second, different message where
/// the provider allows it (the outbox overwrites the same file).
/// </summary>
public interface IEmailSender
{
    /// <summary>Short provider name recorded with each email ("outbox", "sendgrid").</summary>
    string Provider { get; }

    /// <summary>Sends <paramref name="message"/>; throws <see cref="EmailSendException"/> when the provider refuses it.</summary>
    Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>A provider refused or failed to take a message; <see cref="IsTransient"/> says whether trying again can help.</summary>
public sealed class EmailSendException(string message, bool isTransient, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool IsTransient { get; } = isTransient;
}

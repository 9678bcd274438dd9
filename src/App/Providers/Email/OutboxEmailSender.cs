using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Email;

/// <summary>
/// The embedded email provider: each message becomes an RFC 5322 <c>.eml</c> file in the outbox folder, which any mail
/// client opens. The file is named after the message's tracking id (time-ordered), written to a temporary file and
/// renamed into place, so a reader never sees half a message and a retried send replaces the same file.
/// </summary>
internal sealed class OutboxEmailSender : IEmailSender
{
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxEmailSender> _logger;

    public OutboxEmailSender(IOptions<EmailOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<OutboxEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        Directory = Path.GetFullPath(options.Value.Outbox.Directory, environment.ContentRootPath);
        _clock = clock;
        _logger = logger;
    }

    public string Provider => "outbox";

    /// <summary>The absolute outbox folder.</summary>
    public string Directory { get; }

    public static string FileNameFor(Guid messageId) => messageId.ToString("D") + ".eml";

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = MimeMessageWriter.Write(message, _clock.GetUtcNow());
        var path = Path.Combine(Directory, FileNameFor(message.Id));
        var temporary = Path.Combine(Directory, "." + FileNameFor(message.Id) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024,
                             FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                // On disk before the rename makes it visible, so a crash cannot leave an empty message behind.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new EmailSendException($"The outbox folder '{Directory}' cannot be written: {ex.Message}", isTransient: true, ex);
        }

        Log.OutboxWritten(_logger, message.Id, bytes.Length);
        return MimeMessageWriter.MessageIdValue(message);
    }
}

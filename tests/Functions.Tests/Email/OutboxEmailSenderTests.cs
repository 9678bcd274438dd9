using System.Text;
using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Storage;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Email;

public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aischeduler-outbox-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OutboxEmailSender Sender(string directory) => new(
        Options.Create(new EmailOptions { Outbox = { Directory = directory } }),
        new HostingEnvironment { ContentRootPath = _root },
        new ManualClock(TestClocks.MondayMorning),
        NullLogger<OutboxEmailSender>.Instance);

    private static EmailMessage Message(Guid id, string subject = "Invitation") => new(id,
        new EmailAddress("scheduling@aischeduler.local", "AiScheduler"), [new EmailAddress("dana@example.com")], subject,
        "See you on Tuesday.", "<p>See you on Tuesday.</p>", new CalendarInvite("REQUEST", OutboxMimeTests.Ics));

    [Fact]
    public async Task Sending_writes_one_eml_file_named_after_the_message_in_a_relative_outbox_folder()
    {
        var sender = Sender(".data/outbox");
        var id = Guid.CreateVersion7();

        var providerId = await sender.SendAsync(Message(id), Ct);

        Assert.Equal(Path.Combine(_root, ".data", "outbox"), sender.Directory);
        var file = Assert.Single(Directory.GetFiles(sender.Directory));
        Assert.Equal(id.ToString("D") + ".eml", Path.GetFileName(file));
        Assert.Equal($"{id:N}@aischeduler.local", providerId);
        var mime = MimeEntity.Parse(Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file, Ct)));
        Assert.Equal("<" + providerId + ">", mime.Header("Message-ID"));
        Assert.Equal("Mon, 02 Mar 2026 08:00:00 +0000", mime.Header("Date"));
        Assert.Equal(OutboxMimeTests.Ics, mime.Parts[1].DecodedText());
    }

    [Fact]
    public async Task Sending_the_same_message_again_replaces_its_file_and_leaves_no_temporary_files()
    {
        var sender = Sender(Path.Combine(_root, "box"));
        var id = Guid.CreateVersion7();

        await sender.SendAsync(Message(id, "First"), Ct);
        await sender.SendAsync(Message(id, "Second"), Ct);
        await sender.SendAsync(Message(Guid.CreateVersion7(), "Other"), Ct);

        var files = Directory.GetFiles(sender.Directory, "*", SearchOption.AllDirectories);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
        var replaced = MimeEntity.Parse(await File.ReadAllTextAsync(Path.Combine(sender.Directory, OutboxEmailSender.FileNameFor(id)), Ct));
        Assert.Equal("Second", replaced.Header("Subject"));
    }

    [Fact]
    public async Task An_outbox_that_cannot_be_written_is_a_transient_send_failure_naming_the_folder()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the folder should be", Ct);
        var sender = Sender(blocker);

        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(Message(Guid.CreateVersion7()), Ct));

        Assert.True(error.IsTransient);
        Assert.Contains(blocker, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

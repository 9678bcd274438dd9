using System.Net;
using System.Text;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>Caller-supplied values reach the logs on one line: CR, LF and other control characters are escaped.</summary>
public sealed class LogSanitisingTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_id_with_CR_LF_cannot_forge_a_log_line()
    {
        // The callback route is anonymous by design (its URL signature authenticates it).
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        using var logs = new LogCapture();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        const string forged = "call-1\r\n2026-03-02T08:00:00Z info: lead +15551234567 opt-out withdrawn by admin";

        using var response = await app.Client.PostAsync(
            $"api/callbacks/acs/{Uri.EscapeDataString(forged)}?sig=not-the-signature",
            new StringContent("[]", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var rejected = Assert.Single(logs.Messages, m => m.StartsWith("Rejected ACS callback", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', rejected);
        Assert.DoesNotContain('\n', rejected);
        Assert.Contains(@"call-1\r\n2026-03-02T08:00:00Z info", rejected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-id_42", "plain-id_42")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("esc\u001b[31mred", @"esc\u001B[31mred")]
    [InlineData("line\u2028sep\u0085nel", @"line\u2028sep\u0085nel")]
    public void Log_values_are_escaped_onto_one_line(string value, string logged) =>
        Assert.Equal(logged, LogValues.Clean(value));

    [Fact]
    public void Long_log_values_are_cut_and_say_so()
    {
        var logged = LogValues.Clean(new string('x', 5000));

        Assert.True(logged.Length < 600, $"{logged.Length} characters");
        Assert.EndsWith("…(5000 chars)", logged, StringComparison.Ordinal);
    }
}

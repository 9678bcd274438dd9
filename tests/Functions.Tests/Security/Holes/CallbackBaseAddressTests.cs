using System.Globalization;
using System.Net.Sockets;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// Callbacks go where the host actually listens unless Telephony:CallbackBaseUri says otherwise, and a configured base
/// address the app cannot reach itself stops the start with a message naming the setting.
/// </summary>
public sealed class CallbackBaseAddressTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Started_with_urls_on_another_port_calls_are_called_back_there_and_complete()
    {
        var port = LoopbackPorts.Free();
        var store = await TestDatabase.SettingsAsync(StoreProvider.Sqlite, postgres, Ct);
        var scratch = Path.Combine(Path.GetTempPath(), "aischeduler-urls-" + Guid.NewGuid().ToString("N"));
        await using var app = AppHost.Build(["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(TestClocks.StartingAt(TestClocks.Default));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(store)
            {
                ["Telephony:Emulator:TimeScale"] = "0.02",
                ["Storage:Blobs:Directory"] = Path.Combine(scratch, "blobs"),
                ["Email:Outbox:Directory"] = Path.Combine(scratch, "outbox"),
            });
        });
        await app.StartAsync(Ct);
        try
        {
            var callback = app.Services.GetRequiredService<CallbackAddresses>().ForCall("probe");
            Assert.Equal($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", callback.Authority);

            await using (var csv = File.OpenRead(PersonaLibrary.SampleLeadsCsv))
            {
                await app.Services.GetRequiredService<LeadCsvImporter>().ImportAsync(
                    csv, new LeadImportTarget(Workspaces.DefaultId), new LeadImportOptions(), null, Ct);
            }

            var lead = (await app.Services.GetRequiredService<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, "+972501234567", Ct))!;
            var callId = await app.Services.GetRequiredService<OutboundCalls>().PlaceAsync(CallTarget.ForLead(lead), Ct);
            var sessions = app.Services.GetRequiredService<CallSessionStore>();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(90));
            while ((await sessions.GetAsync(callId, Ct))?.Phase != CallPhase.Ended)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_configured_callback_base_the_app_cannot_reach_stops_the_start_naming_the_setting()
    {
        var unreachable = $"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}/";

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres,
                new Dictionary<string, string?> { ["Telephony:CallbackBaseUri"] = unreachable }, Ct);
        });

        Assert.Contains("Telephony:CallbackBaseUri", failure.Message, StringComparison.Ordinal);
        Assert.Contains(unreachable, failure.Message, StringComparison.Ordinal);
        Assert.Contains("Telephony:CheckCallbackBaseUri", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reachability_check_can_be_turned_off_for_a_host_behind_a_proxy()
    {
        const string proxied = "https://scheduler.example.com/";
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres,
            new Dictionary<string, string?> { ["Telephony:CallbackBaseUri"] = proxied, ["Telephony:CheckCallbackBaseUri"] = "false" }, Ct);

        Assert.StartsWith(proxied, app.Services.GetRequiredService<CallbackAddresses>().ForCall("c").AbsoluteUri, StringComparison.Ordinal);
    }
}

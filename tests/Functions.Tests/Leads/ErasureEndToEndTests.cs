using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Calls.Recordings;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Consents;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Campaigns;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Leads;

public sealed class SqliteErasureEndToEndTests(PostgresFixture postgres) : ErasureEndToEndTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresErasureEndToEndTests(PostgresFixture postgres) : ErasureEndToEndTests(StoreProvider.Postgres, postgres);

/// <summary>
/// Erasure reaches every copy: Dana is uploaded in a CSV (with a bad row of hers), given a consent, called by a
/// campaign (the emulator's Dana books Tuesday at ten), sent an invite, interviewed in the meeting room, recorded and put
/// on the do-not-call list. After <c>DELETE /api/leads/{id}</c>, every text column of every table (listed from the
/// schema, the durable engine's included), every blob and every outbox file is searched for her phone digits, email and
/// name: nothing is left. The statistics still count her call and meeting, and her number is still never called.
/// </summary>
public abstract class ErasureEndToEndTests(StoreProvider provider, PostgresFixture postgres)
{
    private const string Phone = "+972501234567";
    private const string Email = "dana.levi@example.co.il";
    private const string Name = "Dana Levi";

    // Her number in any spelling shows its national digits; JSON (durable payloads) writes '+' as \u002B.
    private static readonly string[] Needles = ["501234567", Email, Name];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Erasing_a_lead_after_a_call_a_booking_and_a_meeting_leaves_no_copy_of_their_phone_email_or_name()
    {
        await using var host = await CampaignTestHost.StartAsync(provider, postgres, ["dana-books-tuesday-at-ten"], Ct);
        var danaId = await host.LeadIdAsync(Phone, Ct);

        // An upload with her row, another person's and a bad row of hers.
        var csv = "name,phone,email\n" +
                  $"{Name},+972 50-123-4567,{Email}\n" +
                  "Noa Cohen,+972 50-765-4321,noa.cohen@example.co.il\n" +
                  $"{Name},12,{Email}\n";
        using (var upload = await host.Client.PostAsync("/api/leads/upload?wait=240", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct))
        {
            Assert.True(upload.StatusCode == HttpStatusCode.OK, await upload.Content.ReadAsStringAsync(Ct));
        }

        await host.Get<ConsentStore>().AddAsync(Workspaces.DefaultId, danaId,
            new ConsentDraft("web-form", host.Clock.GetUtcNow().AddDays(-1), $"{Name} agrees to calls on +972 50-123-4567", $"form:{Email}"), Ct);

        var (_, status) = await host.RunSweepAsync("Erasure", [danaId], TimeSpan.FromMinutes(3), Ct);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(Ct);
        var meetingId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            "SELECT id FROM meetings WHERE lead_id = @danaId", new { danaId }, cancellationToken: Ct));
        var callId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT call_id FROM call_sessions WHERE lead_id = @danaId", new { danaId }, cancellationToken: Ct))
            ?? throw new InvalidOperationException("The campaign placed no call to Dana.");
        await WaitForAsync(async () => Directory.Exists(host.Outbox) && Directory.GetFiles(host.Outbox, "*.eml").Length > 0);

        // The meeting: the AI interviews her in the room; she says her name and address again.
        var interviews = host.Get<MeetingInterviews>();
        await interviews.BeginAsync(Workspaces.DefaultId, meetingId, "room", Ct);
        await interviews.AnswerAsync(Workspaces.DefaultId, meetingId, TranscriptSpeakers.Lead, $"I am {Name}, write to {Email} or call {Phone}", Ct);

        // A recording of the call, as the Event Grid component stores it.
        var recording = new BlobName($"recordings/{callId}/doc-0.wav");
        using (var audio = new MemoryStream(Encoding.ASCII.GetBytes("RIFF....WAVEfmt ")))
        {
            await host.Get<IBlobStore>().PutAsync(recording, audio, "audio/wav", Ct);
        }

        await host.Get<RecordingStore>().SaveRecordingAsync(new CallRecordingFile(callId, "doc", 0, "rec-1", recording.Value, "audio/wav", 16, 1000,
            host.Clock.GetUtcNow()), Ct);
        using (var dnc = await host.Client.PostAsJsonAsync("/api/dnc", new { phone = Phone, reason = "asked on the phone" }, Ct))
        {
            Assert.True(dnc.IsSuccessStatusCode, await dnc.Content.ReadAsStringAsync(Ct));
        }

        var before = await FindAsync(host, connection);
        Assert.Contains(before, hit => hit.StartsWith("call_transcript_turns", StringComparison.Ordinal) || hit.StartsWith("call_sessions", StringComparison.Ordinal));
        Assert.Contains(before, hit => hit.StartsWith("blob imports/", StringComparison.Ordinal));
        Assert.Contains(before, hit => hit.StartsWith("file ", StringComparison.Ordinal));
        var overviewBefore = await host.Client.GetFromJsonAsync<JsonElement>("/api/analytics/overview", Ct);

        using (var erase = await host.Client.DeleteAsync($"/api/leads/{danaId}", Ct))
        {
            Assert.True(erase.StatusCode == HttpStatusCode.NoContent, await erase.Content.ReadAsStringAsync(Ct));
        }

        var after = await FindAsync(host, connection);
        Assert.True(after.Count == 0, "Left after erasure:\n" + string.Join("\n", after));

        // What erasure keeps: the anonymised lead, the statistics, the other person's row in the upload, the block on her number.
        var lead = await host.Client.GetFromJsonAsync<Lead>($"/api/leads/{danaId}", Ct);
        Assert.NotNull(lead!.ErasedAt);
        Assert.Equal("he-IL", lead.Language);
        var overviewAfter = await host.Client.GetFromJsonAsync<JsonElement>("/api/analytics/overview", Ct);
        foreach (var kpi in new[] { "callsPlaced", "callsCompleted", "connected", "booked", "averageDurationSeconds", "meetingsBooked" })
        {
            Assert.Equal(overviewBefore.GetProperty(kpi).ToString(), overviewAfter.GetProperty(kpi).ToString());
        }

        Assert.Equal(1, overviewAfter.GetProperty("booked").GetInt32());
        var languages = await host.Client.GetFromJsonAsync<JsonElement>("/api/analytics/language-distribution", Ct);
        Assert.Contains(languages.GetProperty("languages").EnumerateArray(),
            item => item.GetProperty("language").GetString()!.StartsWith("he", StringComparison.Ordinal) && item.GetProperty("booked").GetInt32() == 1);
        Assert.True(await host.Get<DoNotCallList>().ContainsAsync(Workspaces.DefaultId, Phone, Ct));
        var blobs = host.Get<IBlobStore>();
        Assert.False(await blobs.ExistsAsync(recording, Ct));
        var uploads = await ReadBlobsAsync(blobs, "imports/");
        Assert.Contains(uploads, blob => blob.Text.Contains("Noa Cohen,+972 50-765-4321", StringComparison.Ordinal));

        // Erasing again finds nothing left and still answers 204.
        using var again = await host.Client.DeleteAsync($"/api/leads/{danaId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    /// <summary>Every place a needle is found: "table.column (n rows)", "blob name", "file path".</summary>
    private async Task<List<string>> FindAsync(CampaignTestHost host, System.Data.Common.DbConnection connection)
    {
        var hits = new List<string>();
        foreach (var (table, column) in await TextColumnsAsync(connection))
        {
            foreach (var needle in Needles)
            {
                var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"SELECT COUNT(*) FROM \"{table}\" WHERE LOWER(CAST(\"{column}\" AS TEXT)) LIKE @pattern",
                    new { pattern = "%" + needle.ToLowerInvariant() + "%" }, cancellationToken: Ct));
                if (count > 0)
                {
                    hits.Add($"{table}.{column}: {count} row(s) with '{needle}'");
                }
            }
        }

        foreach (var (name, text) in await ReadBlobsAsync(host.Get<IBlobStore>(), ""))
        {
            hits.AddRange(Needles.Where(needle => text.Contains(needle, StringComparison.OrdinalIgnoreCase)).Select(needle => $"blob {name}: '{needle}'"));
        }

        if (Directory.Exists(host.Outbox))
        {
            foreach (var file in Directory.GetFiles(host.Outbox, "*", SearchOption.AllDirectories))
            {
                var text = await File.ReadAllTextAsync(file, Ct);
                hits.AddRange(Needles.Where(needle => text.Contains(needle, StringComparison.OrdinalIgnoreCase)).Select(needle => $"file {file}: '{needle}'"));
            }
        }

        return hits;
    }

    /// <summary>Every column of every table that can hold text, read from the schema (so a new table cannot be forgotten).</summary>
    private async Task<List<(string Table, string Column)>> TextColumnsAsync(System.Data.Common.DbConnection connection)
    {
        if (provider == StoreProvider.Postgres)
        {
            return (await connection.QueryAsync<(string, string)>(new CommandDefinition(
                """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')
                ORDER BY table_name, column_name
                """, cancellationToken: Ct))).ToList();
        }

        var columns = new List<(string, string)>();
        var tables = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", cancellationToken: Ct));
        foreach (var table in tables)
        {
            // SQLite keeps any value in any column: every column is searched.
            columns.AddRange((await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT name FROM pragma_table_info('{table}')", cancellationToken: Ct))).Select(column => (table, column)));
        }

        Assert.Contains(columns, column => column.Item1 == "dt_history");
        return columns;
    }

    private static async Task<List<(string Name, string Text)>> ReadBlobsAsync(IBlobStore blobs, string prefix)
    {
        var all = new List<(string, string)>();
        await foreach (var blob in blobs.ListAsync(prefix, Ct))
        {
            await using var stream = await blobs.OpenReadAsync(blob.Name, Ct);
            using var reader = new StreamReader(stream!);
            all.Add((blob.Name.Value, await reader.ReadToEndAsync(Ct)));
        }

        return all;
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 600 && !await done(); i++)
        {
            await Task.Delay(100, Ct);
        }
    }

    private static Task WaitForAsync(Func<bool> done) => WaitForAsync(() => Task.FromResult(done()));
}

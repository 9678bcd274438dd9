using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Imports;

public sealed class SqliteLeadImportWorkflowTests(PostgresFixture postgres) : LeadImportWorkflowTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresLeadImportWorkflowTests(PostgresFixture postgres) : LeadImportWorkflowTests(StoreProvider.Postgres, postgres);

/// <summary>Conformance: the same tests on Microsoft's Durable Task worker (in memory), the app's data in SQLite.</summary>
public sealed class MicrosoftEngineLeadImportWorkflowTests(PostgresFixture postgres)
    : LeadImportWorkflowTests(StoreProvider.Sqlite, postgres, DurableEngine.Microsoft);

/// <summary>Upload → blob → lead-imports queue → LeadImport orchestration → leads, over real HTTP on each store provider.</summary>
public abstract class LeadImportWorkflowTests(StoreProvider provider, PostgresFixture postgres, DurableEngine engine = DurableEngine.Ours)
{
    private const string Csv =
        "name,phone,email\n" +
        "Dana Levi,+972 50-123-4567,dana@example.co.il\n" +   // line 2
        "Avery Johnson,+1 (212) 555-0143,avery@example.com\n" + // line 3
        "No Phone,,nobody@example.com\n" +                    // line 4
        "Bad Mail,+44 7700 900123,not-an-email\n" +           // line 5
        "Dana Again,+972501234567,\n";                        // line 6: same phone as line 2

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "aischeduler-import-tests", Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Blobs:Directory"] = Path.Combine(root, "blobs"),
            ["Email:Outbox:Directory"] = Path.Combine(root, "outbox"),
            ["extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["Durable:MaxPollingInterval"] = "00:00:00.200",
            ["Leads:Import:BatchSize"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return TestApp.StartAsync(provider, postgres, all, Ct, engine);
    }

    [Fact]
    public async Task An_upload_that_does_not_wait_is_accepted_and_imported_by_the_queue_trigger_and_the_orchestration()
    {
        await using var app = await StartAsync();

        using var response = await PostCsvAsync(app, Csv, "?wait=0");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/imports/", location, StringComparison.Ordinal);
        var accepted = (await response.Content.ReadFromJsonAsync<LeadImportRecord>(Json, Ct))!;
        Assert.Equal(LeadImportStatus.Queued, accepted.Status);
        Assert.Equal(Encoding.UTF8.GetByteCount(Csv), accepted.SizeBytes);

        var import = await WaitUntilFinishedAsync(app, location);
        Assert.Equal(LeadImportStatus.Completed, import.Status);
        Assert.Equal((5, 2, 0, 1, 2), (import.RowsProcessed, import.Imported, import.Updated, import.Skipped, import.Errors));
        Assert.NotNull(import.FinishedAt);

        // The file went through blob storage, the queue is drained, and the orchestration completed under its import id.
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        Assert.True(await blobs.ExistsAsync(new BlobName(import.BlobName), Ct));
        Assert.Equal(0, await app.Services.GetRequiredService<IMessageQueue>().CountAsync(new QueueName("lead-imports"), Ct));
        // The row completes inside the activity; the orchestration records its result right after.
        var instance = await app.Services.GetRequiredService<DurableTaskClient>()
            .WaitForInstanceCompletionAsync(LeadImportInput.InstanceIdFor(import.Id), getInputsAndOutputs: true, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(LeadImportStatus.Completed, instance.ReadOutputAs<LeadImportOutcome>()!.Status);

        var leads = await app.Client.GetFromJsonAsync<LeadPage>("/api/leads?pageSize=50", Json, Ct);
        Assert.Equal(["+12125550143", "+972501234567"], leads!.Items.Select(lead => lead.Phone!).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task An_upload_that_finishes_within_the_wait_answers_200_with_the_summary_of_issue_2()
    {
        await using var app = await StartAsync();

        using var response = await PostCsvAsync(app, Csv, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<LeadImportResult>(Json, Ct))!;
        Assert.Equal((5, 2, 0, 1, 2), (summary.Rows, summary.Imported, summary.Updated, summary.Skipped, summary.Failed));
        Assert.Equal([(4, "phone"), (5, "email")], summary.Errors.Select(error => (error.Line, error.Field)).ToArray());
        Assert.All(summary.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Reason)));
        Assert.Equal([(6, 2)], summary.Duplicates.Select(d => (d.Line, d.FirstLine)).ToArray());
    }

    [Fact]
    public async Task The_error_report_lists_each_rejected_row_with_line_field_and_reason()
    {
        await using var app = await StartAsync();
        using var response = await PostCsvAsync(app, Csv, "?wait=0");
        var location = response.Headers.Location!.ToString();
        await WaitUntilFinishedAsync(app, location);

        using var report = await app.Client.GetAsync(location + "/errors", Ct);

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("application/json", report.Content.Headers.ContentType!.MediaType);
        var body = (await report.Content.ReadFromJsonAsync<LeadImportErrorReport>(Json, Ct))!;
        Assert.Equal((5, 2), (body.Rows, body.Failed));
        Assert.Equal([(4, "phone"), (5, "email")], body.Errors.Select(error => (error.Line, error.Field)).ToArray());
        Assert.Single(body.Duplicates);
    }

    [Fact]
    public async Task A_file_over_the_row_limit_is_a_400_problem_and_the_import_is_failed_without_writing_leads()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Leads:Import:MaxRows"] = "3" });

        using var response = await PostCsvAsync(app, Csv, "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Too many rows", problem.RootElement.GetProperty("title").GetString());
        var importId = problem.RootElement.GetProperty("importId").GetGuid();
        var import = await app.Client.GetFromJsonAsync<LeadImportRecord>($"/api/imports/{importId}", Json, Ct);
        Assert.Equal((LeadImportStatus.Failed, nameof(LeadImportRejection.TooManyRows)), (import!.Status, import.FailureKind));
        var leads = await app.Client.GetFromJsonAsync<LeadPage>("/api/leads", Json, Ct);
        Assert.Equal(0, leads!.Total);
        using var report = await app.Client.GetAsync($"/api/imports/{importId}/errors", Ct);
        Assert.Equal(HttpStatusCode.Conflict, report.StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_at_the_size_limit_with_413_and_nothing_is_queued()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Leads:Import:MaxBytes"] = "100" });
        var body = new StringBuilder("name,phone\n");
        for (var i = 0; i < 20; i++)
        {
            body.Append("Person ").Append(i).Append(",+4915123456").Append(700 + i).Append('\n');
        }

        // A forward-only stream: no Content-Length, so only the streaming check can catch it.
        using var content = new StreamContent(new ForwardOnlyStream(Encoding.UTF8.GetBytes(body.ToString())));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await app.Client.PostAsync("/api/leads/upload", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Leads:Import:MaxBytes", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await app.Services.GetRequiredService<IMessageQueue>().CountAsync(new QueueName("lead-imports"), Ct));
        var blobs = new List<StoredBlob>();
        await foreach (var blob in app.Services.GetRequiredService<IBlobStore>().ListAsync("imports/", Ct))
        {
            blobs.Add(blob);
        }

        Assert.Empty(blobs);
    }

    [Fact]
    public async Task A_redelivered_queue_message_does_not_start_the_import_again()
    {
        await using var app = await StartAsync();
        using var response = await PostCsvAsync(app, Csv, "");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var durable = app.Services.GetRequiredService<DurableTaskClient>();
        var started = Assert.Single(await durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "import:" }).ToListAsync(Ct));
        // The upload answers once the import row is complete; the orchestration records its result a moment later.
        var instance = await durable.WaitForInstanceCompletionAsync(started.InstanceId, cancellation: Ct);
        var importId = Guid.Parse(instance.InstanceId["import:".Length..]);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var trigger = scope.ServiceProvider.GetRequiredService<LeadImportQueueTrigger>();
            var text = JsonSerializer.Serialize(new LeadImportMessage(importId, Workspaces.DefaultId), Json);
            await trigger.HandleAsync(new QueueMessage("again", "receipt", text, 2, app.Clock.GetUtcNow()), Ct);
        }

        var after = await durable.GetInstanceAsync(instance.InstanceId, cancellation: Ct);
        // Not started again: the same finished instance, created when the upload was.
        Assert.Equal((OrchestrationRuntimeStatus.Completed, instance.CreatedAt), (after!.RuntimeStatus, after.CreatedAt));
        var import = await app.Client.GetFromJsonAsync<LeadImportRecord>($"/api/imports/{importId}", Json, Ct);
        Assert.Equal((2, 0), (import!.Imported, import.Updated));
    }

    [Fact]
    public async Task Unknown_imports_and_bad_waits_are_problem_details()
    {
        await using var app = await StartAsync();

        using var missing = await app.Client.GetAsync($"/api/imports/{Guid.NewGuid()}", Ct);
        using var badWait = await PostCsvAsync(app, Csv, "?wait=-1");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badWait.StatusCode);
        Assert.Contains("wait=0", await badWait.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostCsvAsync(TestApp app, string csv, string query)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await app.Client.PostAsync("/api/leads/upload" + query, content, Ct);
    }

    private static async Task<LeadImportRecord> WaitUntilFinishedAsync(TestApp app, string location)
    {
        // A guard against hanging the run if the pipeline is broken, not a speed requirement.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var import = (await app.Client.GetFromJsonAsync<LeadImportRecord>(location, Json, guard.Token))!;
            if (import.IsFinished)
            {
                return import;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    /// <summary>A stream that cannot seek or tell its length, as a chunked request body.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}

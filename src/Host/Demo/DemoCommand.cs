using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;
using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Demo;

/// <summary>Arguments of <c>demo</c>.</summary>
/// <param name="Leads">CSV of leads (default: the bundled sample).</param>
/// <param name="Data">Directory for the store, blobs and outbox; recreated on every run.</param>
/// <param name="Json">Print exactly one JSON document on stdout.</param>
/// <param name="Personas">Persona directory for the emulator (default: the bundled library).</param>
/// <param name="KeepRunning">Serve the API after the run until stopped.</param>
/// <param name="InferenceOnly">Only import and show what was inferred per lead (no calls).</param>
/// <param name="At">Run as if it were this instant when the demo starts (<c>Clock:StartAt</c>); time moves on from there.</param>
public sealed record DemoSettings(FileInfo? Leads, DirectoryInfo Data, bool Json, DirectoryInfo? Personas = null, bool KeepRunning = false,
    bool InferenceOnly = false, DateTimeOffset? At = null)
{
    /// <summary>The clock setting for <see cref="At"/>, if any.</summary>
    internal IEnumerable<KeyValuePair<string, string?>> ClockConfiguration =>
        At is { } at ? [new($"{ClockOptions.Section}:{nameof(ClockOptions.StartAt)}", at.ToString("O", CultureInfo.InvariantCulture))] : [];
}

/// <summary>
/// The demo. By default the full run (<see cref="DemoRun"/>): the bundled leads are imported and called by a campaign
/// against the in-process emulator. With <c>--inference</c>, the first form: imports a CSV of leads into a fresh
/// embedded store and prints, from the store, what was inferred for each lead (language, time zone, next opening of
/// its calling window in its own time), the rejected rows with their line numbers, and a summary.
/// </summary>
public static class DemoCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The sample bundled with the host (copied next to the binaries).</summary>
    public static string BundledLeadsPath => Path.Combine(AppContext.BaseDirectory, "Samples", "leads.csv");

    public static Task<int> RunAsync(DemoSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.InferenceOnly
            ? RunInferenceAsync(settings, output, error, cancellationToken)
            : DemoRun.RunAsync(settings, output, error, cancellationToken);
    }

    private static async Task<int> RunInferenceAsync(DemoSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var leadsPath = settings.Leads?.FullName ?? BundledLeadsPath;
        if (!File.Exists(leadsPath))
        {
            await error.WriteLineAsync($"The leads file '{leadsPath}' does not exist; pass an existing CSV with --leads.");
            return 1;
        }

        var data = Path.GetFullPath(settings.Data.FullName);
        if (DemoDataDirectory.Prepare(data) is { } refused)
        {
            await error.WriteLineAsync(refused);
            return 1;
        }

        await using var app = AppHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Store:Provider"] = "sqlite",
                ["Store:ConnectionString"] = $"Data Source={Path.Combine(data, "aischeduler.db")}",
            });
            builder.Configuration.AddInMemoryCollection(settings.ClockConfiguration);
            // stdout carries only the demo's own output (one JSON document with --json); logs go to stderr.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });

        var services = app.Services;
        var store = services.GetRequiredService<DataStore>();
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        var importer = services.GetRequiredService<LeadCsvImporter>();
        var importOptions = services.GetRequiredService<IOptions<LeadsOptions>>().Value.Import;
        LeadImportResult result;
        await using (var csv = File.OpenRead(leadsPath))
        {
            try
            {
                result = await importer.ImportAsync(csv, new LeadImportTarget(Workspaces.DefaultId), importOptions, null, cancellationToken);
            }
            catch (LeadImportRejectedException ex)
            {
                await error.WriteLineAsync($"The leads file was refused: {ex.Message}");
                return 1;
            }
        }

        // Whole seconds: a lead whose window is open now shows "now" as its next opening, printed to the second in its
        // own time; with the clock's sub-second ticks the UTC and local forms of that instant would disagree.
        var clockNow = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var now = clockNow.AddTicks(-(clockNow.Ticks % TimeSpan.TicksPerSecond));
        var leads = await ReadAllAsync(services.GetRequiredService<LeadStore>(), cancellationToken);
        var report = new DemoReport(
            leadsPath,
            store.Describe(),
            now,
            leads.Select(lead => Describe(lead, now))
                .OrderBy(lead => lead.Language, StringComparer.Ordinal).ThenBy(lead => lead.Name, StringComparer.Ordinal).ToList(),
            result.Errors,
            result.ErrorsOmitted,
            result.Duplicates,
            new DemoSummary(result.Rows, leads.Count, result.Imported, result.Updated, result.Skipped, result.Failed));

        if (settings.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, JsonOptions));
        }
        else
        {
            await WriteTextAsync(report, output);
        }

        return 0;
    }

    private static async Task<List<Lead>> ReadAllAsync(LeadStore store, CancellationToken cancellationToken)
    {
        var leads = new List<Lead>();
        Guid? cursor = null;
        do
        {
            var page = await store.ListAsync(Workspaces.DefaultId, new LeadQuery(PageSize: LeadsApi.MaxPageSize, After: cursor), cancellationToken);
            leads.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return leads;
    }

    private static DemoLead Describe(Lead lead, DateTimeOffset now)
    {
        var phone = PhoneNumber.Parse(lead.Phone!);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(lead.TimeZone);
        var window = CallingWindow.ForRegion(lead.Region);
        // Whole seconds, as the local time is printed: an open window's opening is "now" and must read the same both ways.
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), now.Offset);
        var opening = window.NextOpening(now, zone);
        var local = TimeZoneInfo.ConvertTime(opening, zone);
        var language = LanguageTag.Parse(lead.Language);
        return new DemoLead(
            lead.Id,
            lead.Name,
            lead.Phone!,
            phone.Masked,
            lead.Language,
            lead.LanguageSource,
            language.IsSupported ? language.Value : LanguageTag.Fallback.Value,
            lead.TimeZone,
            lead.TimeZoneSource,
            window.ToString(),
            opening == now,
            opening,
            local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    private static async Task WriteTextAsync(DemoReport report, TextWriter output)
    {
        await output.WriteLineAsync($"AiScheduler demo: imported {report.LeadsFile}");
        await output.WriteLineAsync($"into {report.Store}, at {report.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        await output.WriteLineAsync();
        var header = Row("Name", "Phone", "Language (source)", "Speaks", "Time zone (source)", "Calling window opens (lead's time)");
        await output.WriteLineAsync(header);
        await output.WriteLineAsync(new string('-', header.Length));
        foreach (var lead in report.Leads)
        {
            var opens = lead.OpenNow
                ? "open now"
                : DateTimeOffset.Parse(lead.NextOpeningLocal, CultureInfo.InvariantCulture)
                    .ToString("ddd yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture);
            await output.WriteLineAsync(Row(lead.Name ?? "(no name)", lead.MaskedPhone, $"{lead.Language} ({lead.LanguageSource})",
                lead.CallLanguage, $"{lead.TimeZone} ({lead.TimeZoneSource})", opens));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rejected rows ({report.Summary.Rejected}):"));
        foreach (var error in report.Errors)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  line {error.Line,4}  {error.Field,-10} {error.Reason}"));
        }

        if (report.ErrorsOmitted > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ... and {report.ErrorsOmitted} more"));
        }

        if (report.Duplicates.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Duplicates merged ({report.Summary.Duplicates}):"));
            foreach (var duplicate in report.Duplicates)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  line {duplicate.Line,4}  repeats {duplicate.Phone} from line {duplicate.FirstLine}"));
            }
        }

        await output.WriteLineAsync();
        var summary = report.Summary;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Summary: {summary.Rows} rows read; {summary.Imported} leads imported, {summary.Updated} updated, " +
            $"{summary.Duplicates} duplicates merged, {summary.Rejected} rows rejected; the store holds {summary.LeadsInStore} leads."));
    }

    private static string Row(string name, string phone, string language, string speaks, string zone, string opens) =>
        $"{Fit(name, 22)} {Fit(phone, 15)} {Fit(language, 20)} {Fit(speaks, 6)} {Fit(zone, 33)} {opens}";

    private static string Fit(string text, int width) => text.Length > width ? text[..(width - 1)] + "…" : text.PadRight(width);

    private sealed record DemoReport(
        string LeadsFile,
        string Store,
        DateTimeOffset Now,
        IReadOnlyList<DemoLead> Leads,
        IReadOnlyList<LeadImportRowError> Errors,
        int ErrorsOmitted,
        IReadOnlyList<LeadImportDuplicate> Duplicates,
        DemoSummary Summary);

    private sealed record DemoLead(
        Guid LeadId,
        string? Name,
        string Phone,
        string MaskedPhone,
        string Language,
        string LanguageSource,
        string CallLanguage,
        string TimeZone,
        string TimeZoneSource,
        string CallingWindow,
        bool OpenNow,
        DateTimeOffset NextOpeningUtc,
        string NextOpeningLocal);

    private sealed record DemoSummary(int Rows, int LeadsInStore, int Imported, int Updated, int Duplicates, int Rejected);
}

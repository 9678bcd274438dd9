using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Phones;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiScheduler.Benchmarks.Personas;

/// <summary>
/// When the library's calls are placed. A local time (no offset, "2026-06-08T10:00") is that wall-clock time in each
/// lead's own zone; an instant with an offset ("2026-06-08T08:00Z") is the same instant for every lead.
/// </summary>
internal sealed partial record CallInstant(DateTime Local, DateTimeOffset? Fixed)
{
    /// <summary>The default: Monday 8 June 2026, 10:00 in each lead's zone (no clock change within two weeks of it anywhere the library calls).</summary>
    public static CallInstant Default { get; } = new(new DateTime(2026, 6, 8, 10, 0, 0, DateTimeKind.Unspecified), null);

    public static CallInstant Parse(string text)
    {
        var written = text.Trim();
        if (WithOffset().IsMatch(written)
            && DateTimeOffset.TryParse(written, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return new CallInstant(instant.UtcDateTime, instant.ToUniversalTime());
        }

        return LocalTime().IsMatch(written) && DateTime.TryParse(written, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new CallInstant(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), null)
            : throw new FormatException($"--at '{text}' is neither a local time (2026-06-08T10:00) nor an instant (2026-06-08T08:00Z)");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalTime();

    public DateTimeOffset UtcIn(TimeZoneInfo zone) =>
        Fixed ?? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(Local) ? Local.AddHours(1) : Local, zone), TimeSpan.Zero);

    public override string ToString() => Fixed is { } instant
        ? instant.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)
        : Local.ToString("dddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " in each lead's zone";
}

/// <summary>One persona's call: what was expected, what happened, and the end of the transcript.</summary>
internal sealed record PersonaCallResult(
    LibraryPersona Persona,
    string TimeZone,
    DateTimeOffset CallUtc,
    string Outcome,
    DateTime? ExpectedLocal,
    DateTime? GotLocal,
    IReadOnlyList<string> Transcript)
{
    public bool OutcomeCorrect => Outcome == Persona.Expect.Outcome;

    /// <summary>Null when the persona names no time; otherwise whether the call ended as expected at exactly that time.</summary>
    public bool? NamedTimeCorrect => ExpectedLocal is null ? null : OutcomeCorrect && GotLocal == ExpectedLocal;

    public bool Correct => OutcomeCorrect && NamedTimeCorrect != false;
}

/// <summary>
/// Runs persona calls end to end as the tests' call host does: the Communication Services emulator answering as the
/// personas, and the app's call path (store, lead import, ACS client, signed callbacks, call session, booking,
/// rule-based brain) talking to it over loopback HTTP. Each persona gets a workspace of its own, so its calendar is
/// empty and no persona's booking depends on another's. The app's clock reads the call instant when each group of
/// calls (the leads sharing that instant) starts, then runs in real time.
/// </summary>
internal static class PersonaRunner
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(90);

    public static async Task<IReadOnlyList<PersonaCallResult>> RunAsync(IReadOnlyList<LibraryPersona> personas, IDictionary<string, string?> storeSettings,
        CallInstant at, int concurrency, CancellationToken cancellationToken)
    {
        var calls = personas.Select(persona => Plan(persona, at)).ToList();
        var clock = new ShiftedClock(calls.Count == 0 ? at.UtcIn(TimeZoneInfo.Utc) : calls.Min(c => c.CallUtc));
        var emulatorOptions = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            TimeScale = 0.02,
            RenderSpeech = false,
        };
        foreach (var call in calls)
        {
            emulatorOptions.Personas.Add(call.Spoken);
        }

        await using var emulator = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken, builder => QuietLogging(builder.Logging));
        await using var app = await StartAppAsync(storeSettings, emulator, clock, cancellationToken);
        try
        {
            return await RunCallsAsync(app, calls, personas, clock, concurrency, cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<PersonaCallResult>> RunCallsAsync(WebApplication app, IReadOnlyList<PlannedCall> calls,
        IReadOnlyList<LibraryPersona> personas, ShiftedClock clock, int concurrency, CancellationToken cancellationToken)
    {
        var workspaces = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            workspaces[call.Persona.Id] = await ImportLeadAsync(app, call, clock, cancellationToken);
        }

        var results = new ConcurrentBag<PersonaCallResult>();
        foreach (var group in calls.GroupBy(c => c.CallUtc).OrderBy(g => g.Key))
        {
            clock.Set(group.Key);
            await Parallel.ForEachAsync(group, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (call, ct) => results.Add(await CallAsync(app, call, workspaces[call.Persona.Id], ct)));
        }

        var order = personas.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        return results.OrderBy(r => order[r.Persona.Id]).ToList();
    }

    private sealed record PlannedCall(LibraryPersona Persona, Persona Spoken, string TimeZone, DateTimeOffset CallUtc, DateTime? ExpectedLocal);

    private static PlannedCall Plan(LibraryPersona persona, CallInstant at)
    {
        var phone = PhoneNumber.Parse(persona.Phone);
        var zoneId = HoldoutLibrary.ZoneOf(persona, phone)
            ?? throw new InvalidOperationException($"{persona.File}: the number does not tell the lead's time zone; set lead.timeZone");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var callUtc = at.UtcIn(zone);
        var callDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(callUtc, zone).DateTime);
        var spoken = PersonaCatalog.Parse(PersonaTemplate.Render(persona.Json, persona.Language, callDate), persona.File);
        return new PlannedCall(persona, spoken, zoneId, callUtc, persona.Expect.Named?.Resolve(callDate));
    }

    private static async Task<WebApplication> StartAppAsync(IDictionary<string, string?> storeSettings, EmulatorHost emulator, ShiftedClock clock,
        CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        QuietLogging(builder.Logging);
        // A calendar staffed around the clock, so each lead's own working hours decide what is free; the slot grid,
        // meeting length, notice and offers per day are the app's defaults.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(storeSettings, StringComparer.Ordinal)
            .With(TestSettings.EmulatedCalls(emulator.ConnectionString, port))
            .With(TestSettings.Agent())
            .With(TestSettings.RoundTheClockCalendar(testGrid: false)));
        builder.Services.AddSingleton<TimeProvider>(clock);
        // Requests to the emulator are signed with the wall clock: its HMAC check compares x-ms-date with its own
        // (real) clock, and only the app's business clock is moved to the call instant.
        builder.Services.AddCallPath(services => services.AddTransient<ITelephony>(sp => new AcsCallAutomationClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ITelephony)),
            sp.GetRequiredService<AcsConnectionSource>(),
            sp.GetRequiredService<IOptions<TelephonyOptions>>(),
            TimeProvider.System,
            sp.GetRequiredService<ILogger<AcsCallAutomationClient>>())));
        var app = builder.BuildCallPath();
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>A workspace of the persona's own (so its calendar is empty) with its lead imported through the CSV importer.</summary>
    private static async Task<Guid> ImportLeadAsync(WebApplication app, PlannedCall call, TimeProvider clock, CancellationToken cancellationToken)
    {
        var workspaceId = Guid.CreateVersion7();
        // No feature creates workspaces yet (migration 0001 seeds the default one); the harness adds its own as that
        // migration does.
        var store = app.Services.GetRequiredService<DataStore>();
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO workspaces (id, name, created_at) VALUES (@Id, @Name, @Now)",
                new { Id = workspaceId, Name = "persona " + call.Persona.Id, Now = clock.GetUtcNow() },
                cancellationToken: cancellationToken));
        }

        var lead = call.Persona.Lead;
        var csv = new StringBuilder("Name,Phone,Email,Company,Timezone,Language\n")
            .Append(Cell(lead.Name)).Append(',').Append(Cell(call.Persona.Phone)).Append(',').Append(Cell(lead.Email)).Append(',')
            .Append(Cell(lead.Company ?? "")).Append(',').Append(Cell(lead.TimeZone ?? "")).Append(',').Append(Cell(lead.Language ?? "")).Append('\n');
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var result = await app.Services.GetRequiredService<LeadCsvImporter>().ImportAsync(
            stream, new LeadImportTarget(workspaceId), new LeadImportOptions(), null, cancellationToken);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException($"{call.Persona.File}: its lead was not imported: " +
                string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Reason}")));
        }

        return workspaceId;
    }

    private static async Task<PersonaCallResult> CallAsync(WebApplication app, PlannedCall call, Guid workspaceId, CancellationToken cancellationToken)
    {
        var leads = app.Services.GetRequiredService<LeadStore>();
        var sessions = app.Services.GetRequiredService<CallSessionStore>();
        var lead = await leads.FindByPhoneAsync(workspaceId, call.Persona.Phone, cancellationToken)
            ?? throw new InvalidOperationException($"{call.Persona.File}: the imported lead is missing");
        if (lead.TimeZone != call.TimeZone)
        {
            throw new InvalidOperationException($"{call.Persona.File}: the import placed the lead in {lead.TimeZone}, the library in {call.TimeZone}");
        }

        var callId = await app.Services.GetRequiredService<OutboundCalls>().PlaceAsync(CallTarget.ForLead(lead), cancellationToken);
        var session = await EndedAsync(sessions, callId, cancellationToken);
        var transcript = (await sessions.TranscriptAsync(callId, cancellationToken))
            .Select(t => $"{t.Speaker}: {t.Text}")
            .ToList();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(call.TimeZone);
        DateTime? got = null;
        if (session?.Outcome == CallOutcome.Booked)
        {
            var meeting = (await app.Services.GetRequiredService<SlotBooking>().ListAsync(workspaceId, cancellationToken))
                .FirstOrDefault(m => m.CallId == callId && m.Status == SlotBooking.BookedStatus);
            got = meeting is null ? null : TimeZoneInfo.ConvertTime(meeting.StartUtc, zone).DateTime;
        }
        else if (session?.Outcome == CallOutcome.CallbackRequested && session.CallbackAtUtc is { } callbackAt)
        {
            got = TimeZoneInfo.ConvertTime(callbackAt, zone).DateTime;
        }

        return new PersonaCallResult(call.Persona, call.TimeZone, call.CallUtc,
            session is null ? "did-not-end" : session.Outcome?.ToWireName() ?? "none",
            call.ExpectedLocal, got, transcript);
    }

    private static async Task<CallSessionRecord?> EndedAsync(CallSessionStore sessions, string callId, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(deadline) < CallTimeout)
        {
            var session = await sessions.GetAsync(callId, cancellationToken);
            if (session?.Phase == CallPhase.Ended)
            {
                return session;
            }

            await Task.Delay(50, cancellationToken);
        }

        return null;
    }

    private static void QuietLogging(ILoggingBuilder logging)
    {
        // Figures go to stdout; the hosts' own warnings, if any, to stderr.
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
    }

    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

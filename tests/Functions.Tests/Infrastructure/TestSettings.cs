using System.Globalization;
using System.Security.Cryptography;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// The groups of app settings the test hosts, the crash tests and the benchmarks share (tests/Benchmarks links this
/// file), each written once. Later groups and a test's own settings are laid over earlier ones with
/// <see cref="With"/>.
/// </summary>
public static class TestSettings
{
    /// <summary>The number the app calls from.</summary>
    public const string CallerId = "+14255550100";

    /// <summary>
    /// Telephony through Communication Services at <paramref name="acsConnectionString"/> (the emulator), called back at
    /// the app's loopback <paramref name="appPort"/> with signed URLs, and the rule-based brain on the calls.
    /// </summary>
    public static Dictionary<string, string?> EmulatedCalls(string acsConnectionString, int appPort, string? callbackSecret = null) =>
        new(StringComparer.Ordinal)
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = acsConnectionString,
            ["Telephony:Acs:CallerId"] = CallerId,
            ["Telephony:CallbackSecret"] = callbackSecret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}/",
            ["Llm:Provider"] = "rules",
        };

    /// <summary>How the agent introduces itself in the call tests.</summary>
    public static Dictionary<string, string?> Agent() => new(StringComparer.Ordinal)
    {
        ["Calls:AgentName"] = "Alex",
        ["Calls:CompanyName"] = "Northwind",
        ["Calls:Purpose"] = "our scheduling service",
    };

    /// <summary>
    /// A calendar staffed around the clock, so each lead's own working hours decide what is offered; with
    /// <paramref name="testGrid"/>, hourly slots an hour ahead at the earliest, three a day (otherwise the app's defaults).
    /// </summary>
    public static Dictionary<string, string?> RoundTheClockCalendar(bool testGrid = true)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Booking:TimeZone"] = "Etc/UTC",
            ["Booking:Days"] = "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
            ["Booking:Opens"] = "00:00",
            ["Booking:Closes"] = "23:59",
        };
        if (testGrid)
        {
            settings["Booking:GranularityMinutes"] = "60";
            settings["Booking:MinimumNoticeMinutes"] = "60";
            settings["Booking:MaxSlotsPerDay"] = "3";
        }

        return settings;
    }

    /// <summary>
    /// Blobs in <paramref name="folder"/>/blobs and emails as .eml files in <paramref name="folder"/>/outbox; with
    /// <paramref name="providers"/>, the local blob store and the outbox named as the providers too (otherwise a profile
    /// or the defaults choose them).
    /// </summary>
    public static Dictionary<string, string?> LocalFiles(string folder, bool providers = false)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Blobs:Directory"] = Path.Combine(folder, "blobs"),
            ["Email:Outbox:Directory"] = Path.Combine(folder, "outbox"),
        };
        if (providers)
        {
            settings["Storage:Provider"] = "local";
            settings["Email:Provider"] = "outbox";
        }

        return settings;
    }

    /// <summary>
    /// Campaigns swept at test speed: a call that has not ended after <paramref name="callEndedTimeout"/> counts as
    /// failed, short waits and durable polling, and the calling rules off (the sweeps call sample or generated leads, which
    /// have no consent records, at any hour; the calling rules have their own tests).
    /// </summary>
    public static Dictionary<string, string?> FastCampaigns(TimeSpan callEndedTimeout) => new(StringComparer.Ordinal)
    {
        ["Campaigns:CallEndedTimeout"] = callEndedTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["CallingRules:Enabled"] = "false",
        ["Campaigns:MinimumWait"] = "00:00:00.200",
        ["Durable:MaxPollingInterval"] = "00:00:00.200",
    };

    /// <summary>
    /// Short leases, inbox sweeps and reconciliation, so that work a killed host held is taken over within seconds.
    /// </summary>
    public static Dictionary<string, string?> FastRecovery() => new(StringComparer.Ordinal)
    {
        ["Durable:LeaseLength"] = "00:00:03",
        ["Calls:Inbox:LeaseLength"] = "00:00:03",
        ["Calls:Inbox:SweepInterval"] = "00:00:00.500",
        ["Calls:Reconciliation:Interval"] = "00:00:02",
        ["Calls:Reconciliation:MinimumAge"] = "00:00:01",
        ["Calls:Reconciliation:StuckAfter"] = "00:00:10",
        ["Calls:Reconciliation:ResendEndAfter"] = "00:00:02",
    };

    /// <summary>
    /// A self-host over the PostgreSQL <paramref name="database"/> that calls the emulator at
    /// <paramref name="acsConnectionString"/> and takes over a killed host's work within seconds (the crash tests and
    /// the crash benchmark): local files in <paramref name="folder"/>, campaigns at test speed with calls given half an
    /// hour to end, short leases and reconciliation.
    /// </summary>
    public static Dictionary<string, string?> RecoveringHost(string database, string acsConnectionString, int appPort, string folder,
        string? callbackSecret = null) =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Store:Provider"] = "postgres", ["Store:ConnectionString"] = database }
            .With(EmulatedCalls(acsConnectionString, appPort, callbackSecret))
            .With(LocalFiles(folder, providers: true))
            .With(FastCampaigns(TimeSpan.FromMinutes(30)))
            .With(FastRecovery());

    /// <summary>Lays <paramref name="more"/> over <paramref name="settings"/> (a later value wins) and returns <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, IEnumerable<KeyValuePair<string, string?>>? more)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }
}

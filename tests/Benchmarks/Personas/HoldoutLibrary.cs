using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;
using AiScheduler.Emulators.Callees;

namespace AiScheduler.Benchmarks.Personas;

/// <summary>
/// One persona file of a benchmark library: the emulator's persona format (DESIGN.md section 7) plus two optional
/// blocks the emulator ignores. <c>expect</c> says how the call must end: <c>outcome</c>, and for bookings and
/// callbacks the time the caller names as <c>named</c> (see <see cref="NamedTime"/>); <c>localTime</c>
/// ("Tuesday 10:00") is still read, as the tuning library writes it. <c>lead</c> is the lead the call is placed to
/// (name, email, company, and a time zone where the number alone does not tell it).
/// </summary>
internal sealed record LibraryPersona(
    string Id,
    string File,
    string Json,
    string Language,
    string Answer,
    IReadOnlyList<string> PhoneNumbers,
    PersonaExpectation Expect,
    PersonaLead Lead)
{
    public string Phone => PhoneNumbers[0];

    /// <summary>The primary language subtag of the caller ("en", "he"...), the key figures are grouped by.</summary>
    public string LanguageGroup => Language.Split('-', 2)[0];
}

/// <summary>How the call must end. <see cref="Named"/> is null when the caller names no time (or picks an offer).</summary>
internal sealed record PersonaExpectation(string Outcome, NamedTime? Named);

/// <summary>The lead behind the persona's number, as a CSV import would bring it.</summary>
internal sealed record PersonaLead(string Name, string Email, string? Company, string? TimeZone, string? Language);

/// <summary>A benchmark library: the persona folder and every persona in it, in file order.</summary>
internal sealed record HoldoutLibrary(string Directory, IReadOnlyList<LibraryPersona> Personas)
{
    /// <summary>The holdout library's folder: tests/Personas/Holdout in the repository this code was built from.</summary>
    public static string DefaultDirectory => FindRepositoryFolder(Path.Combine("tests", "Personas", "Holdout"));

    /// <summary>The tuning library (src/Emulators/Personas), whose numbers the holdout library must not reuse.</summary>
    public static string TuningDirectory => FindRepositoryFolder(Path.Combine("src", "Emulators", "Personas"));

    /// <summary>Loads every <c>*.json</c> under <paramref name="directory"/>; a file that is not a valid persona throws, naming it.</summary>
    public static HoldoutLibrary Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Persona library '{directory}' does not exist; pass a folder of persona JSON files with --library.");
        }

        var personas = System.IO.Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Read(path, Path.GetRelativePath(directory, path)))
            .ToList();
        return new HoldoutLibrary(Path.GetFullPath(directory), personas);
    }

    /// <summary>
    /// Everything wrong with the library as a whole, one line per problem: files the emulator cannot parse, missing or
    /// unknown expectations, numbers that are not valid for their country or that two personas (or the tuning library)
    /// share, leads whose zone cannot be told. With <paramref name="holdoutRules"/>, also the rules the holdout library
    /// keeps: every caller speaks a language the agent speaks, the one its lead is called in, and no number of the
    /// tuning library is reused. Empty when the library is sound.
    /// </summary>
    public IReadOnlyList<string> Problems(bool holdoutRules)
    {
        var problems = new List<string>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenNumbers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var persona in Personas)
        {
            if (!seenIds.Add(persona.Id))
            {
                problems.Add($"{persona.File}: id '{persona.Id}' is used twice");
            }

            try
            {
                // The emulator's own reader, on the persona as it will be spoken (templates filled in).
                PersonaCatalog.Parse(PersonaTemplate.Render(persona.Json, persona.Language, DateOnly.FromDateTime(CallInstant.Default.Local)), persona.File);
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }

            if (!CallOutcomeWire.AllNames.Contains(persona.Expect.Outcome))
            {
                problems.Add($"{persona.File}: expect.outcome '{persona.Expect.Outcome}' is not one of {string.Join(", ", CallOutcomeWire.AllNames)}");
            }

            if (persona.Expect.Named is not null && persona.Expect.Outcome is not ("booked" or "callback-requested"))
            {
                problems.Add($"{persona.File}: expect.named is only meaningful for booked and callback-requested calls");
            }

            if (holdoutRules && (!LanguageTag.TryParse(persona.Language, out var tag, out var languageError) || !tag.IsSupported))
            {
                problems.Add($"{persona.File}: language '{persona.Language}' is not one the agent speaks ({languageError ?? "unsupported"})");
            }

            if (persona.PhoneNumbers.Count == 0)
            {
                problems.Add($"{persona.File}: no phone number");
                continue;
            }

            foreach (var number in persona.PhoneNumbers)
            {
                if (!PhoneNumber.TryParse(number, null, out var parsed, out var error))
                {
                    problems.Add($"{persona.File}: {number} is not a valid number: {error}");
                    continue;
                }

                if (parsed.E164 != number)
                {
                    problems.Add($"{persona.File}: write {number} in E.164 form, {parsed.E164}");
                }

                if (!seenNumbers.TryAdd(parsed.E164, persona.Id))
                {
                    problems.Add($"{persona.File}: {parsed.E164} is also the number of '{seenNumbers[parsed.E164]}'");
                }

                if (holdoutRules && TuningNumbers.Value.Contains(parsed.E164))
                {
                    problems.Add($"{persona.File}: {parsed.E164} belongs to the tuning library");
                }
            }

            if (PhoneNumber.TryParse(persona.Phone, null, out var phone, out _))
            {
                if (ZoneOf(persona, phone) is null)
                {
                    problems.Add($"{persona.File}: the number does not tell the lead's time zone; set lead.timeZone");
                }

                if (holdoutRules && LanguageInference.TryInfer(phone, persona.Lead.Language, out var called, out _) && called.Tag.Language != persona.LanguageGroup)
                {
                    problems.Add($"{persona.File}: the lead would be called in {called.Tag}, the persona speaks {persona.Language}; set lead.language");
                }
            }
        }

        return problems;
    }

    /// <summary>Every number the tuning library's personas answer.</summary>
    private static readonly Lazy<IReadOnlySet<string>> TuningNumbers = new(() =>
        PersonaCatalog.LoadDirectory(TuningDirectory).SelectMany(p => p.PhoneNumbers).ToHashSet(StringComparer.Ordinal));

    /// <summary>The IANA zone the lead's call happens in: the declared one, else what the number tells, as the import decides.</summary>
    public static string? ZoneOf(LibraryPersona persona, PhoneNumber phone) =>
        persona.Lead.TimeZone is { } declared
            ? TimeZoneInference.TryNormalise(declared, out var zone, out _) ? zone : null
            : TimeZoneInference.FromNumber(phone)?.TimeZone;

    private static LibraryPersona Read(string path, string file)
    {
        var json = System.IO.File.ReadAllText(path);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            var id = String(root, "id") ?? throw new FormatException("'id' is required");
            var numbers = root.TryGetProperty("phoneNumbers", out var n) && n.ValueKind == JsonValueKind.Array
                ? n.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                : [];
            if (!root.TryGetProperty("expect", out var expect) || expect.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("'expect' is required: { \"outcome\": ..., \"named\": ... }");
            }

            var outcome = String(expect, "outcome") ?? throw new FormatException("'expect.outcome' is required");
            var named = String(expect, "named") is { } text ? NamedTime.Parse(text)
                : String(expect, "localTime") is { } localTime ? NamedTime.FromLocalTime(localTime)
                : null;
            var lead = root.TryGetProperty("lead", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            var name = lead.ValueKind == JsonValueKind.Object ? String(lead, "name") : null;
            return new LibraryPersona(
                id,
                file,
                json,
                String(root, "language") ?? "en-US",
                String(root, "answer") ?? "human",
                numbers,
                new PersonaExpectation(outcome, named),
                new PersonaLead(
                    name ?? id,
                    (lead.ValueKind == JsonValueKind.Object ? String(lead, "email") : null) ?? $"{id}@example.com",
                    lead.ValueKind == JsonValueKind.Object ? String(lead, "company") : null,
                    lead.ValueKind == JsonValueKind.Object ? String(lead, "timeZone") : null,
                    lead.ValueKind == JsonValueKind.Object ? String(lead, "language") : null));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new FormatException($"Persona {file} is invalid: {e.Message}", e);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FindRepositoryFolder(string relative, [CallerFilePath] string sourceFile = "")
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.Directory.Exists(Path.Combine(directory.FullName, relative)))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        // Run from elsewhere: the repository this file was compiled from.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", relative));
    }
}

/// <summary>
/// The local day and time a caller names, relative to the call: <c>"tomorrow 15:00"</c>, <c>"today 16:30"</c>,
/// <c>"+3 10:00"</c> (three days after the call's local date), <c>"tuesday 10:00"</c> (the first Tuesday after the
/// call's date), <c>"next-week-tuesday 10:00"</c> (Tuesday of the week after the call's, weeks starting on Monday).
/// Checkable at any call instant, except that "next week" is ambiguous where weeks start on Sunday and the call is on
/// one; the library's default instant is a Monday.
/// </summary>
internal sealed partial record NamedTime(string Day, TimeOnly Time)
{
    public static NamedTime Parse(string text)
    {
        var match = Grammar().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"expect.named '{text}' is not '<today|tomorrow|+N|weekday|next-week-weekday> HH:mm'");
        }

        var day = match.Groups["day"].Value.ToLowerInvariant();
        var time = TimeOnly.ParseExact(match.Groups["time"].Value, "HH:mm", CultureInfo.InvariantCulture);
        return new NamedTime(day, time);
    }

    /// <summary>The tuning library's form, "Tuesday 10:00".</summary>
    public static NamedTime FromLocalTime(string localTime) => Parse(localTime);

    /// <summary>The local date and time this names when the call is on <paramref name="callDate"/> (local).</summary>
    public DateTime Resolve(DateOnly callDate)
    {
        var date = Day switch
        {
            "today" => callDate,
            "tomorrow" => callDate.AddDays(1),
            _ when Day.StartsWith('+') => callDate.AddDays(int.Parse(Day[1..], CultureInfo.InvariantCulture)),
            _ when Day.StartsWith("next-week-", StringComparison.Ordinal) =>
                StartOfWeek(callDate).AddDays(7 + DaysFromMonday(Weekday(Day["next-week-".Length..]))),
            _ => callDate.AddDays(DaysUntil(callDate.DayOfWeek, Weekday(Day))),
        };
        return date.ToDateTime(Time);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Day} {Time:HH\\:mm}");

    private static int DaysUntil(DayOfWeek from, DayOfWeek to) => ((int)to - (int)from + 6) % 7 + 1;

    private static int DaysFromMonday(DayOfWeek day) => ((int)day + 6) % 7;

    private static DateOnly StartOfWeek(DateOnly date) => date.AddDays(-DaysFromMonday(date.DayOfWeek));

    private static DayOfWeek Weekday(string name) => Enum.Parse<DayOfWeek>(name, ignoreCase: true);

    [GeneratedRegex(@"^(?<day>today|tomorrow|\+\d{1,2}|(next-week-)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)) (?<time>\d{2}:\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}

/// <summary>
/// Fills the date placeholders a persona may speak, so a caller can say "Thursday the 11th" at any call instant:
/// <c>{weekday+N}</c> is the name of the day N days after the call's local date in the persona's language,
/// <c>{day+N}</c> its day of the month, <c>{ordinal+N}</c> the English ordinal ("11th").
/// </summary>
internal static partial class PersonaTemplate
{
    public static string Render(string json, string language, DateOnly callDate)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        return Placeholder().Replace(json, match =>
        {
            var date = callDate.AddDays(int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture));
            return match.Groups["kind"].Value switch
            {
                "weekday" => culture.DateTimeFormat.GetDayName(date.DayOfWeek),
                "day" => date.Day.ToString(CultureInfo.InvariantCulture),
                _ => Ordinal(date.Day),
            };
        });
    }

    private static string Ordinal(int day) => string.Create(CultureInfo.InvariantCulture, $"{day}{(day % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    }}");

    [GeneratedRegex(@"\{(?<kind>weekday|day|ordinal)\+(?<n>\d{1,2})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

using System.Globalization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// The time-expression table (TimeExpressions.tsv, embedded): what callers say in five languages, each with the frozen
/// call instant in the lead's zone and what the caller meant. Columns: language, call time (local wall time in the
/// zone), zone, what was said, expected. Expected reads: "yyyy-MM-dd HH:mm" for the local moment a named clock time
/// resolves to; "yyyy-MM-dd" or "yyyy-MM-dd afternoon" for a day (and part of the day) without a clock time;
/// "week of yyyy-MM-dd" for a whole week; "+Nm" for a moment relative to the call; "#n" for a choice among offered
/// slots (-1 the last); "none" when nothing about time was said.
/// </summary>
public sealed class TimeExpressionTableTests
{
    private static readonly Lazy<IReadOnlyList<Row>> Table = new(Load);

    public static TheoryData<int, string, string, string, string, string> Rows()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        foreach (var row in Table.Value)
        {
            data.Add(row.Line, row.Language, row.CallTime, row.Zone, row.Said, row.Expected);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_caller_is_understood_as_they_meant(int line, string language, string callTime, string zoneId, string said, string expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = TimeMention.LocalToUtc(DateTime.ParseExact(callTime, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), zone);
        var mention = TimeExpressionParser.Parse(said, LanguagePacks.For(language), now, zone);
        Assert.True(expected == Describe(mention, now, zone), $"line {line}: \"{said}\" ({language}, {callTime} {zoneId}) read as {Describe(mention, now, zone)}, expected {expected}");
    }

    [Fact]
    public void The_table_has_at_least_300_rows_and_50_in_every_language()
    {
        var rows = Table.Value;
        Assert.True(rows.Count >= 300, $"only {rows.Count} rows");
        foreach (var language in new[] { "en", "he", "fr", "de", "es" })
        {
            var count = rows.Count(r => r.Language == language);
            Assert.True(count >= 50, $"only {count} {language} rows");
            Assert.Contains(rows, r => r.Language == language && r.Expected == "none");
            Assert.Contains(rows, r => r.Language == language && r.Expected.StartsWith('#'));
        }
    }

    private static string Describe(TimeMention? mention, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (mention is null)
        {
            return "none";
        }

        var parts = new List<string>();
        if (mention.ExactUtc is { } exact)
        {
            parts.Add($"+{(exact - now).TotalMinutes:0}m");
        }
        else if (mention.ToUtc(now, zone) is { } utc)
        {
            var local = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
            var day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (mention.NamesClockTime)
            {
                parts.Add(local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
            else if (mention.WeekOnly)
            {
                parts.Add($"week of {day}");
            }
            else
            {
                parts.Add(day);
                if (mention.Part is { } part)
                {
                    parts.Add(part.ToString().ToLowerInvariant());
                }
            }
        }

        if (mention.Ordinal is { } ordinal)
        {
            parts.Add($"#{ordinal.ToString(CultureInfo.InvariantCulture)}");
        }

        return parts.Count == 0 ? "none" : string.Join(' ', parts);
    }

    private static IReadOnlyList<Row> Load()
    {
        using var stream = typeof(TimeExpressionTableTests).Assembly.GetManifestResourceStream("TimeExpressions.tsv")
            ?? throw new InvalidOperationException("TimeExpressions.tsv is not embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        var rows = new List<Row>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || text.StartsWith('#'))
            {
                continue;
            }

            var cells = text.Split('\t');
            if (cells.Length != 5)
            {
                throw new InvalidOperationException($"TimeExpressions.tsv line {line} has {cells.Length} cells instead of 5: {text}");
            }

            rows.Add(new Row(line, cells[0].Trim(), cells[1].Trim(), cells[2].Trim(), cells[3].Trim(), cells[4].Trim()));
        }

        return rows;
    }

    private sealed record Row(int Line, string Language, string CallTime, string Zone, string Said, string Expected);
}

using System.Globalization;

namespace AiScheduler.Domain.Conversation;

/// <summary>One labelled first utterance: its language (primary subtag), who really answered, how long it lasted.</summary>
public sealed record LabelledGreeting(string Language, AnsweredBy Expected, TimeSpan? SpokenFor, string Text)
{
    /// <summary>Parses tab-separated lines <c>language, label (human|voicemail|screening), seconds, text</c>; lines
    /// starting with '#' and blank lines are skipped.</summary>
    public static IReadOnlyList<LabelledGreeting> ParseTsv(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var greetings = new List<LabelledGreeting>();
        var number = 0;
        foreach (var line in content.Split('\n'))
        {
            number++;
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var fields = trimmed.Split('\t');
            if (fields.Length != 4)
            {
                throw new FormatException($"Line {number}: expected 4 tab-separated fields (language, label, seconds, text), found {fields.Length}.");
            }

            var expected = fields[1] switch
            {
                "human" => AnsweredBy.Human,
                "voicemail" => AnsweredBy.Voicemail,
                "screening" => AnsweredBy.CallScreening,
                var other => throw new FormatException($"Line {number}: label '{other}' is not human, voicemail or screening."),
            };
            TimeSpan? seconds = fields[2].Length == 0 ? null : TimeSpan.FromSeconds(double.Parse(fields[2], CultureInfo.InvariantCulture));
            greetings.Add(new LabelledGreeting(fields[0], expected, seconds, fields[3]));
        }

        return greetings;
    }
}

/// <summary>How well <see cref="AnsweringMachineDetector"/> does on one language's labelled greetings.</summary>
public sealed record DetectionAccuracy(string Language, int Greetings, int Correct, IReadOnlyList<string> Misses)
{
    public double Accuracy => Greetings == 0 ? 0 : (double)Correct / Greetings;

    /// <summary>Every labelled greeting classified, grouped by language (in first-seen order), with what was missed.</summary>
    public static IReadOnlyList<DetectionAccuracy> Measure(IEnumerable<LabelledGreeting> greetings) =>
        greetings.GroupBy(g => g.Language, StringComparer.Ordinal).Select(language =>
        {
            var misses = new List<string>();
            foreach (var greeting in language)
            {
                var verdict = AnsweringMachineDetector.Classify(greeting.Text, greeting.SpokenFor);
                if (verdict.By != greeting.Expected)
                {
                    misses.Add($"[{greeting.Language}] expected {greeting.Expected}, got {verdict.By} ({verdict.Reason}): {greeting.Text}");
                }
            }

            var count = language.Count();
            return new DetectionAccuracy(language.Key, count, count - misses.Count, misses);
        }).ToList();
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AiScheduler.Domain.Conversation;

namespace AiScheduler.Benchmarks;

/// <summary>
/// <c>voicemail</c>: answering-machine detection accuracy on the labelled greetings (tests/Data/answering-greetings.tsv),
/// per language, with every miss listed, and the detector's speed.
/// </summary>
internal static class VoicemailBenchmark
{
    public static Command CreateCommand()
    {
        var file = new Option<FileInfo?>("--greetings") { Description = "The labelled greetings (TSV); default: the copy shipped with the benchmarks." };
        var command = new Command("voicemail", "Answering-machine detection accuracy per language on the labelled greetings.") { file };
        command.SetAction(result => Run(result.GetValue(file)));
        return command;
    }

    private static int Run(FileInfo? file)
    {
        var path = file?.FullName ?? Path.Combine(AppContext.BaseDirectory, "Data", "answering-greetings.tsv");
        var greetings = LabelledGreeting.ParseTsv(File.ReadAllText(path));
        var results = DetectionAccuracy.Measure(greetings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Answering-machine detection on {greetings.Count} labelled greetings ({path})"));
        Console.WriteLine("language  greetings  correct  accuracy");
        foreach (var result in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Language,-8}  {result.Greetings,9}  {result.Correct,7}  {result.Accuracy,8:P1}"));
        }

        var total = results.Sum(r => r.Correct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"all",-8}  {greetings.Count,9}  {total,7}  {(double)total / greetings.Count,8:P1}"));
        foreach (var (by, label) in new[] { (AnsweredBy.Human, "human"), (AnsweredBy.Voicemail, "voicemail"), (AnsweredBy.CallScreening, "screening") })
        {
            var ofKind = greetings.Where(g => g.Expected == by).ToList();
            var right = ofKind.Count(g => AnsweringMachineDetector.Classify(g.Text, g.SpokenFor).By == by);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {right}/{ofKind.Count} recognised"));
        }

        foreach (var miss in results.SelectMany(r => r.Misses))
        {
            Console.WriteLine("  miss " + miss);
        }

        const int Rounds = 200;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var greeting in greetings)
            {
                AnsweringMachineDetector.Classify(greeting.Text, greeting.SpokenFor);
            }
        }

        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Speed: {watch.Elapsed.TotalMicroseconds / (Rounds * greetings.Count):0.0} µs per decision ({Rounds * greetings.Count} decisions)"));
        return 0;
    }
}

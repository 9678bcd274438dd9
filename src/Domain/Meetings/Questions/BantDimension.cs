namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>Which part of BANT (Budget, Authority, Need, Timeline) a question explores; <see cref="Other"/> for the rest.</summary>
public enum BantDimension
{
    Budget,
    Authority,
    Need,
    Timeline,
    Other,
}

/// <summary>The wire names of <see cref="BantDimension"/> ("budget", "authority", "need", "timeline", "other").</summary>
public static class BantDimensions
{
    public static IReadOnlyList<string> Names { get; } = ["budget", "authority", "need", "timeline", "other"];

    public static string Name(this BantDimension dimension) => dimension switch
    {
        BantDimension.Budget => "budget",
        BantDimension.Authority => "authority",
        BantDimension.Need => "need",
        BantDimension.Timeline => "timeline",
        _ => "other",
    };

    public static bool TryParse(string? name, out BantDimension dimension)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "budget": dimension = BantDimension.Budget; return true;
            case "authority": dimension = BantDimension.Authority; return true;
            case "need": dimension = BantDimension.Need; return true;
            case "timeline": dimension = BantDimension.Timeline; return true;
            case "other": dimension = BantDimension.Other; return true;
            default: dimension = BantDimension.Other; return false;
        }
    }
}

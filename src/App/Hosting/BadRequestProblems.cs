using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// Answers what minimal-API binding could not read (malformed JSON, a value of the wrong type, a bad GUID in the route
/// or query, a missing body, a non-JSON content type) with a problem details response whose <c>errors</c> name the field
/// (the JSON path, e.g. <c>pitch.languages.fr</c>, or the parameter), instead of an empty 400.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        var (field, message) = Describe(bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported content type" : "The request could not be read",
                Detail = $"{field}: {message}",
            },
        });
    }

    /// <summary>The field a binding failure is about, and what is wrong with it.</summary>
    internal static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..]
                : json.Path is { Length: > 1 } q && q.StartsWith('$') ? q[1..]
                : "body";
            // System.Text.Json appends "Path: $.x | LineNumber: 0 | BytePositionInLine: 9." to its messages.
            var message = json.Message.Split(" Path: ", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd(' ', '|');
            if (string.IsNullOrWhiteSpace(message))
            {
                message = "The body is not valid JSON.";
            }

            var at = json.LineNumber is { } line ? $" (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})" : "";
            return (path, message + at);
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("Content-Type", bad.Message + " Send Content-Type: application/json.");
        }

        if (ParameterName().Match(bad.Message) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            return bad.Message.Contains("was not provided from body", StringComparison.Ordinal)
                ? (name, "A JSON body is required.")
                : bad.Message.Contains("was not provided", StringComparison.Ordinal)
                    ? (name, $"'{name}' is required.")
                    : (name, $"'{name}' must be a {Friendly(parameter.Groups["type"].Value)}; got {Got(bad.Message)}.");
        }

        return ("request", bad.Message);
    }

    private static string Friendly(string type) => type.TrimEnd('?') switch
    {
        "Guid" => "GUID such as 0190a5b4-7c3e-7b1a-9f4e-2d6c8e0a1b2c",
        "int" or "long" or "Int32" or "Int64" => "whole number",
        "bool" or "Boolean" => "true or false",
        "DateTimeOffset" or "DateTime" => "date and time in ISO 8601 (2026-03-02T09:00:00Z)",
        "DateOnly" => "date (2026-03-02)",
        var other => other,
    };

    private static string Got(string message) =>
        FromValue().Match(message) is { Success: true } value ? $"\"{LogValues.Clean(value.Groups["value"].Value)}\"" : "a value that does not parse";

    [GeneratedRegex("parameter \"(?<type>[^\" ]+) (?<name>[^\"]+)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ParameterName();

    [GeneratedRegex("from \"(?<value>[^\"]*)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FromValue();
}

using System.Globalization;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The <c>page</c> and <c>pageSize</c> query parameters of a paged list endpoint (leads, meetings, emails): a 1-based
/// page number and a page size no larger than that endpoint's maximum.
/// </summary>
public sealed record PageRequest
{
    /// <summary>The page size used when the caller sends none.</summary>
    public const int DefaultPageSize = 50;

    public PageRequest(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        Page = page;
        PageSize = pageSize;
    }

    public int Page { get; }

    public int PageSize { get; }

    /// <summary>
    /// Reads the parameters as sent (null when absent, which means page 1 of <see cref="DefaultPageSize"/>). A value
    /// out of range is added to <paramref name="errors"/> under its parameter name, so the endpoint can report it
    /// together with its own filters' errors in one validation problem; the result is then null.
    /// </summary>
    public static PageRequest? Read(int? page, int? pageSize, int maxPageSize, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var valid = true;
        if (page is < 1)
        {
            errors["page"] = ["must be 1 or more"];
            valid = false;
        }

        if (pageSize is < 1 || pageSize > maxPageSize)
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {maxPageSize}")];
            valid = false;
        }

        return valid ? new PageRequest(page ?? 1, pageSize ?? DefaultPageSize) : null;
    }
}

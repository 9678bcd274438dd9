using System.Globalization;
using System.Text;
using System.Text.Json;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>
/// The person's rows in uploaded CSV files and in the imports' error reports. Every upload the app stored
/// (<c>imports/{id}/upload.csv</c>) is read line by line and written back without the lines that carry the person's
/// phone (in any spelling: its national significant digits), email or full name; the error reports (JSON and CSV) lose
/// the rejected rows on those lines and any reason quoting those values, and the import's inline first errors follow.
/// Nothing is deleted: the app rewrites only blobs it wrote itself, under <c>imports/</c>. Line numbers in a report keep
/// referring to the file as it was uploaded. A quoted field that spans lines is matched line by line.
/// </summary>
internal sealed class ImportErasure(DataStore store, IBlobStore blobs) : IPersonalDataEraser
{
    public string Covers => "uploaded lead CSV files and import error reports";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var match = Matcher.For(subject);
        if (match is null)
        {
            return 0;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var imports = (await connection.QueryAsync<ImportRow>(new CommandDefinition(
            "SELECT id, blob_name FROM lead_imports WHERE workspace_id = @workspaceId ORDER BY id", new { workspaceId = subject.WorkspaceId },
            cancellationToken: cancellationToken))).ToList();
        var changed = 0;
        foreach (var (id, blobName) in imports.Select(row => (row.Id, row.BlobName)))
        {
            if (!blobName.StartsWith("imports/", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = await RewriteAsync(new BlobName(blobName), "text/csv", match.Matches, skipFirst: true, cancellationToken);
            changed += lines.Count > 0 ? 1 : 0;
            changed += await RewriteReportsAsync(connection, id, lines, match, cancellationToken);
        }

        return changed;
    }

    /// <summary>Writes <paramref name="name"/> back without its matching lines; returns their 1-based numbers (none: left as it was).</summary>
    private async Task<HashSet<int>> RewriteAsync(BlobName name, string contentType, Func<string, bool> matches, bool skipFirst,
        CancellationToken cancellationToken)
    {
        var dropped = new HashSet<int>();
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (spool)
        {
            await using (var source = await blobs.OpenReadAsync(name, cancellationToken))
            {
                if (source is null)
                {
                    return dropped;
                }

                using var reader = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                await using var writer = new StreamWriter(spool, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
                var number = 0;
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    number++;
                    if (!(skipFirst && number == 1) && matches(line))
                    {
                        dropped.Add(number);
                        continue;
                    }

                    await writer.WriteAsync(line);
                    await writer.WriteAsync('\n');
                }
            }

            if (dropped.Count > 0)
            {
                spool.Position = 0;
                await blobs.PutAsync(name, spool, contentType, cancellationToken);
            }
        }

        return dropped;
    }

    private async Task<int> RewriteReportsAsync(System.Data.Common.DbConnection connection, Guid importId, HashSet<int> lines, Matcher match,
        CancellationToken cancellationToken)
    {
        var changed = 0;
        var csvName = ImportLeadRows.ErrorReportCsvName(importId);
        // errors.csv: "line,field,reason"; a row goes when its line went or its reason quotes the person.
        var csvLines = await RewriteAsync(csvName, "text/csv",
            row => match.Matches(row) || (int.TryParse(row.AsSpan(0, Math.Max(0, row.IndexOf(',', StringComparison.Ordinal))), NumberStyles.None,
                CultureInfo.InvariantCulture, out var line) && lines.Contains(line)), skipFirst: true, cancellationToken);
        changed += csvLines.Count > 0 ? 1 : 0;

        var jsonName = ImportLeadRows.ErrorReportName(importId);
        LeadImportErrorReport? report = null;
        await using (var json = await blobs.OpenReadAsync(jsonName, cancellationToken))
        {
            if (json is not null)
            {
                report = await JsonSerializer.DeserializeAsync<LeadImportErrorReport>(json, JsonSerializerOptions.Web, cancellationToken);
            }
        }

        if (report is not null)
        {
            bool Keep(LeadImportRowError error) => !lines.Contains(error.Line) && !match.Matches(error.Reason);
            var errors = report.Errors.Where(Keep).ToList();
            var duplicates = report.Duplicates.Where(d => !lines.Contains(d.Line) && !lines.Contains(d.FirstLine)).ToList();
            if (errors.Count != report.Errors.Count || duplicates.Count != report.Duplicates.Count)
            {
                using var rewritten = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(report with { Errors = errors, Duplicates = duplicates },
                    JsonSerializerOptions.Web));
                await blobs.PutAsync(jsonName, rewritten, "application/json", cancellationToken);
                changed++;
            }
        }

        var first = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT first_errors FROM lead_imports WHERE id = @importId", new { importId }, cancellationToken: cancellationToken));
        if (first is not null && JsonSerializer.Deserialize<List<LeadImportRowError>>(first, JsonSerializerOptions.Web) is { } firstErrors)
        {
            var kept = firstErrors.Where(error => !lines.Contains(error.Line) && !match.Matches(error.Reason)).ToList();
            if (kept.Count != firstErrors.Count)
            {
                changed += await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE lead_imports SET first_errors = @kept WHERE id = @importId",
                    new { importId, kept = JsonSerializer.Serialize(kept, JsonSerializerOptions.Web) }, cancellationToken: cancellationToken));
            }
        }

        var summary = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT summary FROM lead_imports WHERE id = @importId", new { importId }, cancellationToken: cancellationToken));
        if (summary is not null && JsonSerializer.Deserialize<LeadImportResult>(summary, JsonSerializerOptions.Web) is { } result)
        {
            var errors = result.Errors.Where(error => !lines.Contains(error.Line) && !match.Matches(error.Reason)).ToList();
            var duplicates = result.Duplicates.Where(d => !lines.Contains(d.Line) && !lines.Contains(d.FirstLine)).ToList();
            if (errors.Count != result.Errors.Count || duplicates.Count != result.Duplicates.Count)
            {
                changed += await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE lead_imports SET summary = @summary WHERE id = @importId",
                    new { importId, summary = JsonSerializer.Serialize(result with { Errors = errors, Duplicates = duplicates }, JsonSerializerOptions.Web) },
                    cancellationToken: cancellationToken));
            }
        }

        return changed;
    }

    private sealed class ImportRow
    {
        public Guid Id { get; set; }
        public string BlobName { get; set; } = "";
    }

    /// <summary>Whether a line of text carries the person: their phone's national digits, their email or their full name.</summary>
    private sealed class Matcher(string? digits, IReadOnlyList<string> texts)
    {
        public static Matcher? For(PersonalDataSubject subject)
        {
            var digits = subject.Phone is { } phone && PhoneNumber.TryParse(phone, null, out var number, out _) &&
                         number.NationalSignificantNumber.Length >= 6
                ? number.NationalSignificantNumber
                : null;
            var texts = new[] { subject.Email, subject.Name }.Where(value => value is { Length: >= 3 }).Select(value => value!).ToList();
            return digits is null && texts.Count == 0 ? null : new Matcher(digits, texts);
        }

        public bool Matches(string line) =>
            texts.Any(text => line.Contains(text, StringComparison.OrdinalIgnoreCase)) ||
            (digits is not null && new string(line.Where(char.IsAsciiDigit).ToArray()).Contains(digits, StringComparison.Ordinal));
    }
}

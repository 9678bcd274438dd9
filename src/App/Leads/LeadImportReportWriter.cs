using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// The full report of one import pass: every rejected row (line, field, reason) and every merged duplicate, spooled to
/// temporary files as the rows stream by, so a file with a million bad lines costs disk, not memory. At the end it
/// yields the report as CSV (<c>line,field,reason</c>) and as JSON (the <c>LeadImportErrorReport</c> shape).
/// </summary>
public sealed class LeadImportReportWriter : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] Comma = ","u8.ToArray();
    private readonly FileStream _csv = Spool();
    private readonly FileStream _errors = Spool();
    private readonly FileStream _duplicates = Spool();
    private readonly List<FileStream> _outputs = [];

    public LeadImportReportWriter()
    {
        _csv.Write("line,field,reason\n"u8);
    }

    public int ErrorCount { get; private set; }

    public int DuplicateCount { get; private set; }

    public void Error(LeadImportRowError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var line = string.Create(CultureInfo.InvariantCulture, $"{error.Line},{Cell(error.Field)},{Cell(error.Reason)}\n");
        _csv.Write(Encoding.UTF8.GetBytes(line));
        if (ErrorCount++ > 0)
        {
            _errors.Write(Comma);
        }

        JsonSerializer.Serialize(_errors, error, JsonSerializerOptions.Web);
    }

    public void Duplicate(LeadImportDuplicate duplicate)
    {
        ArgumentNullException.ThrowIfNull(duplicate);
        if (DuplicateCount++ > 0)
        {
            _duplicates.Write(Comma);
        }

        JsonSerializer.Serialize(_duplicates, duplicate, JsonSerializerOptions.Web);
    }

    /// <summary>The CSV report, from its first byte; disposed with this writer.</summary>
    public async Task<Stream> CsvAsync(CancellationToken cancellationToken)
    {
        var output = Spool();
        _outputs.Add(output);
        await CopySpoolAsync(_csv, output, cancellationToken);
        output.Position = 0;
        return output;
    }

    /// <summary>The JSON report (<c>LeadImportErrorReport</c> with nothing omitted), from its first byte; disposed with this writer.</summary>
    public async Task<Stream> JsonAsync(Guid importId, int rows, int failed, CancellationToken cancellationToken)
    {
        var output = Spool();
        _outputs.Add(output);
        await using (var head = new MemoryStream())
        {
            await using (var json = new Utf8JsonWriter(head))
            {
                json.WriteStartObject();
                json.WriteString("importId", importId);
                json.WriteNumber("rows", rows);
                json.WriteNumber("failed", failed);
                json.WriteNumber("errorsOmitted", 0);
                json.WriteNumber("duplicatesOmitted", 0);
                json.WriteStartArray("errors");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            // Drop the closing "]}" and splice the spooled items in.
            await output.WriteAsync(head.GetBuffer().AsMemory(0, (int)head.Length - 2), cancellationToken);
        }

        await CopySpoolAsync(_errors, output, cancellationToken);
        await output.WriteAsync("],\"duplicates\":["u8.ToArray(), cancellationToken);
        await CopySpoolAsync(_duplicates, output, cancellationToken);
        await output.WriteAsync("]}"u8.ToArray(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        output.Position = 0;
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _outputs)
        {
            await stream.DisposeAsync();
        }

        await _csv.DisposeAsync();
        await _errors.DisposeAsync();
        await _duplicates.DisposeAsync();
    }

    private static async Task CopySpoolAsync(FileStream spool, Stream output, CancellationToken cancellationToken)
    {
        await spool.FlushAsync(cancellationToken);
        spool.Position = 0;
        await spool.CopyToAsync(output, BufferSize, cancellationToken);
        spool.Seek(0, SeekOrigin.End);
    }

    private static FileStream Spool() => new(Path.Combine(Path.GetTempPath(), "aischeduler-import-" + Guid.NewGuid().ToString("N") + ".tmp"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);

    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

namespace AiScheduler.Functions.Leads;

/// <summary>
/// Counts the data records of a CSV as its bytes stream past (while an upload is stored), without parsing fields: a line
/// break outside double quotes ends a record, blank lines are not records, and the first record is the header. Lets an
/// oversized file be refused before any row is written, without reading the file a second time.
/// </summary>
public sealed class CsvRecordCounter
{
    private bool _quoted;
    private bool _lineHasContent;
    private long _records;

    /// <summary>Data records seen so far (the header excluded), counting a last line without a line break.</summary>
    public long DataRecords => Math.Max(0, _records + (_lineHasContent ? 1 : 0) - 1);

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"':
                    _quoted = !_quoted;
                    _lineHasContent = true;
                    break;
                case (byte)'\n' when !_quoted:
                    if (_lineHasContent)
                    {
                        _records++;
                    }

                    _lineHasContent = false;
                    break;
                case (byte)'\r' or (byte)'\n':
                    break;
                default:
                    _lineHasContent = true;
                    break;
            }
        }
    }
}

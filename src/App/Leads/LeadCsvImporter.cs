using System.Globalization;
using System.Text;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Leads.Consents;
using CsvHelper;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// Streams a CSV of leads into the store: the header is matched to lead fields (any order and case, aliases), the
/// separator (comma or semicolon) is sniffed from the header line, each row is validated and reported by the physical
/// line it starts on, good rows are upserted in batches of one transaction each, and phones repeated in the file or
/// already stored are merged. Only the current batch is held in memory (plus the set of phones seen, for duplicates).
/// Callable from an HTTP endpoint or a background activity alike. Columns <c>consent_source</c>, <c>consent_at</c>,
/// <c>consent_text</c> and <c>consent_proof</c> add a consent record to the row's lead; a row whose consent is not
/// valid is reported (line and column) and not imported.
/// </summary>
public sealed class LeadCsvImporter(LeadStore store, LeadValidator validator, ConsentStore consents, TimeProvider clock)
{
    private const int SniffLimitBytes = 64 * 1024;

    /// <summary>
    /// Imports <paramref name="csv"/>. When the stream is seekable the rows are counted first, so a file over
    /// <see cref="LeadImportOptions.MaxRows"/> is refused before anything is written; on a forward-only stream the limit
    /// stops the import when it is reached, after the batches already committed.
    /// </summary>
    /// <exception cref="LeadImportRejectedException">The file as a whole is unusable (no header, no phone column, too many rows).</exception>
    public async Task<LeadImportResult> ImportAsync(
        Stream csv,
        LeadImportTarget target,
        LeadImportOptions options,
        IProgress<LeadImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);

        if (csv.CanSeek)
        {
            var start = csv.Position;
            var rows = await CountRowsAsync(csv, cancellationToken);
            if (rows > options.MaxRows)
            {
                throw TooManyRows(options.MaxRows);
            }

            csv.Position = start;
        }

        var run = new ImportRun(options);
        var (separator, input) = await SniffSeparatorAsync(csv, cancellationToken);
        var readerOptions = ReaderOptions(separator) with
        {
            OnMalformedRecord = record => run.Error(record.LineNumber, "row", record.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed; close the quote or remove it",
                _ => "the quoting is malformed (a quote inside an unquoted field or text after a closing quote); " +
                     "quote the whole field and double any quote inside it",
            }),
        };

        await using var reader = CsvReader.Create(input, readerOptions, leaveOpen: true);
        await reader.ReadHeaderAsync(cancellationToken);
        var headers = reader.Headers;
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            throw new LeadImportRejectedException(LeadImportRejection.MissingHeader,
                "The file is empty or has no header line; the first line must name the columns, e.g. 'name,phone,email'.");
        }

        var columns = LeadCsvColumns.From(headers);
        if (!columns.HasPhone)
        {
            throw new LeadImportRejectedException(LeadImportRejection.MissingPhoneColumn,
                $"The header has no phone column (found: {string.Join(", ", headers.Select(h => $"'{h}'"))}); " +
                "name one 'phone' (or 'Phone Number', 'mobile', 'tel').");
        }

        var batch = new List<BatchEntry>(options.BatchSize);
        var now = clock.GetUtcNow();
        while (await reader.ReadAsync(cancellationToken))
        {
            run.Rows++;
            if (run.Rows > options.MaxRows)
            {
                throw TooManyRows(options.MaxRows);
            }

            var line = checked((int)reader.LineNumber);
            var (draft, leadErrors) = validator.Validate(ReadRow(reader, columns, target));
            var (consent, consentErrors) = ReadConsent(reader, columns, now);
            IReadOnlyList<FieldError> errors = [.. leadErrors, .. consentErrors];
            if (draft is null || consentErrors.Count > 0)
            {
                run.Failed++;
                foreach (var error in errors)
                {
                    run.Error(line, error.Field, error.Reason);
                }

                continue;
            }

            if (run.FirstLineByPhone.TryGetValue(draft.Phone, out var firstLine))
            {
                run.Skipped++;
                run.Duplicate(line, firstLine, PhoneNumber.Parse(draft.Phone).Masked);
                var pending = batch.FindIndex(entry => string.Equals(entry.Draft.Phone, draft.Phone, StringComparison.Ordinal));
                if (pending >= 0)
                {
                    batch[pending] = batch[pending] with
                    {
                        Draft = Merge(batch[pending].Draft, draft),
                        Consents = consent is null ? batch[pending].Consents : [.. batch[pending].Consents, consent],
                    };
                    continue;
                }

                // The first occurrence is already committed: merge this row into it with the same upsert.
                batch.Add(new BatchEntry(draft, IsRepeat: true, consent is null ? [] : [consent]));
            }
            else
            {
                run.FirstLineByPhone[draft.Phone] = line;
                batch.Add(new BatchEntry(draft, IsRepeat: false, consent is null ? [] : [consent]));
            }

            if (batch.Count >= options.BatchSize)
            {
                await FlushAsync(batch, target, run, progress, cancellationToken);
            }
        }

        await FlushAsync(batch, target, run, progress, cancellationToken);
        return new LeadImportResult(run.Rows, run.Imported, run.Updated, run.Skipped, run.Failed, run.Errors,
            run.ErrorsOmitted, run.Duplicates, run.DuplicatesOmitted, columns.Custom.Select(c => c.Name).ToList(),
            separator.ToString());
    }

    /// <summary>Counts data rows without validating them (the cheap first pass for the row limit).</summary>
    public static async Task<long> CountRowsAsync(Stream csv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var (separator, input) = await SniffSeparatorAsync(csv, cancellationToken);
        await using var reader = CsvReader.Create(input, ReaderOptions(separator), leaveOpen: true);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
        }

        return rows;
    }

    private async Task FlushAsync(List<BatchEntry> batch, LeadImportTarget target, ImportRun run,
        IProgress<LeadImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // A repeat of an already committed phone must not share a statement batch with its own first occurrence's
        // counting; it is written after the first occurrences and never counted as imported or updated.
        var firsts = batch.Where(entry => !entry.IsRepeat).Select(entry => entry.Draft).ToList();
        var repeats = batch.Where(entry => entry.IsRepeat).Select(entry => entry.Draft).ToList();
        var result = await store.UpsertBatchAsync(target.WorkspaceId, firsts, repeats, cancellationToken);
        run.Imported += result.Inserted;
        run.Updated += result.Updated;
        foreach (var entry in batch.Where(entry => entry.Consents.Count > 0))
        {
            var lead = await store.FindByPhoneAsync(target.WorkspaceId, entry.Draft.Phone, cancellationToken);
            foreach (var consent in lead is null ? [] : entry.Consents)
            {
                await consents.AddAsync(target.WorkspaceId, lead!.Id, consent, cancellationToken);
            }
        }

        batch.Clear();
        progress?.Report(new LeadImportProgress(run.Rows, run.Imported, run.Updated, run.Skipped, run.Failed));
    }

    private static LeadInput ReadRow(CsvReader reader, LeadCsvColumns columns, LeadImportTarget target)
    {
        string? Field(string name) => columns.IndexOf(name) is { } index && index < reader.FieldCount && !reader.IsEmpty(index)
            ? reader.GetString(index)
            : null;

        var name = Field("name");
        if (name is null && columns.HasNameParts)
        {
            var joined = string.Join(' ', new[] { Field("firstname"), Field("lastname") }
                .Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part!.Trim()));
            name = joined.Length == 0 ? null : joined;
        }

        Dictionary<string, string>? custom = null;
        foreach (var (header, index) in columns.Custom)
        {
            if (index < reader.FieldCount && !reader.IsEmpty(index))
            {
                custom ??= new Dictionary<string, string>(StringComparer.Ordinal);
                custom[header] = reader.GetString(index);
            }
        }

        return new LeadInput(name, Field("phone"), Field("email"), Field("company"), Field("language"), Field("timezone"),
            Field("notes"), custom, null, target.CampaignId);
    }

    /// <summary>The row's consent columns: nothing when all are empty, otherwise a validated consent or the errors naming the columns.</summary>
    private static (ConsentDraft? Consent, IReadOnlyList<FieldError> Errors) ReadConsent(CsvReader reader, LeadCsvColumns columns, DateTimeOffset now)
    {
        string? Field(string name) => columns.IndexOf(name) is { } index && index < reader.FieldCount && !reader.IsEmpty(index)
            ? reader.GetString(index)
            : null;

        var request = new ConsentRequest(Field("consent_source"), Field("consent_at"), Field("consent_text"), Field("consent_proof"));
        if (string.IsNullOrWhiteSpace(request.Source) && string.IsNullOrWhiteSpace(request.At) && string.IsNullOrWhiteSpace(request.Text)
            && string.IsNullOrWhiteSpace(request.ProofRef))
        {
            return (null, []);
        }

        return ConsentValidation.Validate(request, ConsentValidation.CsvFields, now);
    }

    /// <summary>A later row for the same phone: its values win where present; a declared language or zone is kept.</summary>
    internal static LeadDraft Merge(LeadDraft first, LeadDraft later)
    {
        var languageFromLater = later.LanguageSource == InferenceSource.Declared || first.LanguageSource != InferenceSource.Declared;
        var zoneFromLater = later.TimeZoneSource == InferenceSource.Declared || first.TimeZoneSource != InferenceSource.Declared;
        Dictionary<string, string>? custom = null;
        if (first.CustomFields is not null || later.CustomFields is not null)
        {
            custom = new Dictionary<string, string>(first.CustomFields ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (var (key, value) in later.CustomFields ?? new Dictionary<string, string>())
            {
                custom[key] = value;
            }
        }

        return first with
        {
            Name = later.Name ?? first.Name,
            Email = later.Email ?? first.Email,
            Company = later.Company ?? first.Company,
            Region = later.Region ?? first.Region,
            Language = languageFromLater ? later.Language : first.Language,
            LanguageSource = languageFromLater ? later.LanguageSource : first.LanguageSource,
            TimeZone = zoneFromLater ? later.TimeZone : first.TimeZone,
            TimeZoneSource = zoneFromLater ? later.TimeZoneSource : first.TimeZoneSource,
            Notes = later.Notes ?? first.Notes,
            CustomFields = custom,
            CampaignId = later.CampaignId ?? first.CampaignId,
        };
    }

    private static CsvReaderOptions ReaderOptions(char separator) => CsvReaderOptions.Default with
    {
        Separator = separator,
        HasHeader = true,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        AllowLineBreaksInQuotes = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        // One record may not swallow the whole upload through an unclosed quote.
        MaxRecordSize = 1024 * 1024,
        IncludeValuesInExceptions = false,
        DetectSeparatorHint = false,
    };

    /// <summary>
    /// Reads the header line (up to 64 KiB) to choose the separator: a semicolon when the line has more semicolons
    /// than commas outside quotes, otherwise a comma. Returns a stream that still starts at the first byte.
    /// </summary>
    private static async Task<(char Separator, Stream Input)> SniffSeparatorAsync(Stream csv, CancellationToken cancellationToken)
    {
        var buffer = new byte[SniffLimitBytes];
        var length = 0;
        var lineEnd = -1;
        while (length < buffer.Length && lineEnd < 0)
        {
            var read = await csv.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            lineEnd = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
        }

        var header = Encoding.UTF8.GetString(buffer, 0, lineEnd >= 0 ? lineEnd : length);
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var character in header)
        {
            switch (character)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    commas++;
                    break;
                case ';' when !quoted:
                    semicolons++;
                    break;
            }
        }

        return (semicolons > commas ? ';' : ',', new PrefixedStream(buffer.AsMemory(0, length), csv));
    }

    private static LeadImportRejectedException TooManyRows(int maxRows) =>
        new(LeadImportRejection.TooManyRows, string.Create(CultureInfo.InvariantCulture,
            $"The file has more than {maxRows} rows, the most one import accepts (Leads:Import:MaxRows); split it into smaller files."));

    private sealed record BatchEntry(LeadDraft Draft, bool IsRepeat, IReadOnlyList<ConsentDraft> Consents);

    private sealed class ImportRun(LeadImportOptions options)
    {
        public Dictionary<string, int> FirstLineByPhone { get; } = new(StringComparer.Ordinal);
        public List<LeadImportRowError> Errors { get; } = [];
        public List<LeadImportDuplicate> Duplicates { get; } = [];
        public int Rows { get; set; }
        public int Imported { get; set; }
        public int Updated { get; set; }
        public int Skipped { get; set; }
        public int Failed { get; set; }
        public int ErrorsOmitted { get; private set; }
        public int DuplicatesOmitted { get; private set; }

        public void Error(long line, string field, string reason)
        {
            if (field == "row")
            {
                // Malformed rows are skipped by the reader itself, so they are counted here.
                Failed++;
            }

            if (Errors.Count < options.MaxReportedErrors)
            {
                Errors.Add(new LeadImportRowError(checked((int)line), field, reason));
            }
            else
            {
                ErrorsOmitted++;
            }
        }

        public void Duplicate(long line, int firstLine, string maskedPhone)
        {
            if (Duplicates.Count < options.MaxReportedErrors)
            {
                Duplicates.Add(new LeadImportDuplicate(checked((int)line), firstLine, maskedPhone));
            }
            else
            {
                DuplicatesOmitted++;
            }
        }
    }
}

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
/// already stored are merged. Only the current batch is held in memory (plus the set of phones seen, for duplicates, and
/// the first reported errors; the full report is spooled to disk by a <see cref="LeadImportReportWriter"/>).
/// Callable from an HTTP endpoint or a background activity alike. Columns <c>consent_source</c>, <c>consent_at</c>,
/// <c>consent_text</c> and <c>consent_proof</c> add a consent record to the row's lead, written in the batch's
/// transaction; a row whose consent is not valid is reported (line and column) and not imported.
/// </summary>
public sealed class LeadCsvImporter(LeadStore store, LeadValidator validator, ConsentStore consents, TimeProvider clock)
{
    private const int SniffLimitBytes = 64 * 1024;

    /// <summary>
    /// Imports <paramref name="csv"/> in one pass. The row limit stops the import when it is reached, after the batches
    /// already committed; callers that must refuse an oversized file before writing count its records up front (the
    /// upload endpoint does so while storing the file, see <see cref="CsvRecordCounter"/>).
    /// </summary>
    /// <exception cref="LeadImportRejectedException">The file as a whole is unusable (no header, no phone column, too many rows).</exception>
    public Task<LeadImportResult> ImportAsync(
        Stream csv,
        LeadImportTarget target,
        LeadImportOptions options,
        IProgress<LeadImportProgress>? progress,
        CancellationToken cancellationToken) =>
        ImportAsync(csv, target, options, progress, new LeadImportJournal(null, null, null), cancellationToken);

    /// <summary>
    /// Imports <paramref name="csv"/> in one pass with a journal: when <see cref="LeadImportJournal.ResumeFrom"/> is set,
    /// the records up to its line are read again (to rebuild the duplicate index and the report) but not written, and the
    /// counts of rows written continue from the checkpoint; each batch commits with its checkpoint; every rejected row and
    /// duplicate goes to <see cref="LeadImportJournal.Report"/>.
    /// </summary>
    /// <exception cref="LeadImportRejectedException">The file as a whole is unusable (no header, no phone column, too many rows).</exception>
    public async Task<LeadImportResult> ImportAsync(
        Stream csv,
        LeadImportTarget target,
        LeadImportOptions options,
        IProgress<LeadImportProgress>? progress,
        LeadImportJournal journal,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(journal);

        var resume = journal.ResumeFrom ?? LeadImportCheckpoint.Start;
        var run = new ImportRun(options, journal.Report)
        {
            // Rows written before an interruption stay counted as they were counted when written.
            Imported = resume.Imported,
            Updated = resume.Updated,
        };
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

        var batch = new Batch(options.BatchSize);
        long line = 0;
        var now = clock.GetUtcNow();
        while (await reader.ReadAsync(cancellationToken))
        {
            run.Rows++;
            if (run.Rows > options.MaxRows)
            {
                throw TooManyRows(options.MaxRows);
            }

            line = reader.LineNumber;
            var committed = line <= resume.Line;
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
                run.Duplicate(line, firstLine, draft.Phone);
                if (committed)
                {
                    continue;
                }

                if (batch.TryMerge(draft))
                {
                    batch.AddConsent(draft.Phone, consent);
                    continue;
                }

                // The first occurrence is already committed: merge this row into it with the same upsert.
                batch.Add(draft, isRepeat: true);
                batch.AddConsent(draft.Phone, consent);
            }
            else
            {
                run.FirstLineByPhone[draft.Phone] = checked((int)line);
                if (committed)
                {
                    continue;
                }

                batch.Add(draft, isRepeat: false);
                batch.AddConsent(draft.Phone, consent);
            }

            if (batch.Count >= options.BatchSize)
            {
                await FlushAsync(batch, line, target, run, progress, journal, cancellationToken);
            }
        }

        await FlushAsync(batch, line, target, run, progress, journal, cancellationToken);
        return new LeadImportResult(run.Rows, run.Imported, run.Updated, run.Skipped, run.Failed, run.Errors,
            run.ErrorsOmitted, run.Duplicates, run.DuplicatesOmitted, columns.Custom.Select(c => c.Name).ToList(),
            separator.ToString());
    }

    private async Task FlushAsync(Batch batch, long line, LeadImportTarget target, ImportRun run,
        IProgress<LeadImportProgress>? progress, LeadImportJournal journal, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // A repeat of an already committed phone is written after the first occurrences and never counted as imported
        // or updated.
        // The rows' consent records and the import's checkpoint commit (or roll back) with the rows themselves.
        var checkpointWriter = journal.WriteCheckpointAsync;
        var result = await store.UpsertBatchAsync(target.WorkspaceId, batch.Firsts, batch.Repeats,
            async (connection, transaction, written) =>
            {
                await consents.AddForPhonesAsync(connection, transaction, target.WorkspaceId, batch.Consents, cancellationToken);
                if (checkpointWriter is not null)
                {
                    await checkpointWriter(connection, transaction,
                        new LeadImportCheckpoint(line, run.Rows, run.Imported + written.Inserted, run.Updated + written.Updated,
                            run.Skipped, run.Failed), cancellationToken);
                }
            },
            cancellationToken);
        run.Imported += result.Inserted;
        run.Updated += result.Updated;
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

    /// <summary>The rows waiting for the next commit: first occurrences (distinct phones) and repeats of committed phones.</summary>
    private sealed class Batch(int capacity)
    {
        private readonly Dictionary<string, int> _firstByPhone = new(capacity, StringComparer.Ordinal);
        private readonly Dictionary<string, int> _repeatByPhone = new(StringComparer.Ordinal);

        /// <summary>The consent records of the batch's rows, by phone, written with the rows.</summary>
        public List<(string Phone, ConsentDraft Consent)> Consents { get; } = [];

        public void AddConsent(string phone, ConsentDraft? consent)
        {
            if (consent is not null)
            {
                Consents.Add((phone, consent));
            }
        }

        public List<LeadDraft> Firsts { get; } = new(capacity);

        public List<LeadDraft> Repeats { get; } = [];

        public int Count => Firsts.Count + Repeats.Count;

        public void Add(LeadDraft draft, bool isRepeat)
        {
            var (list, index) = isRepeat ? (Repeats, _repeatByPhone) : (Firsts, _firstByPhone);
            index[draft.Phone] = list.Count;
            list.Add(draft);
        }

        /// <summary>Merges a later row into a pending row with its phone; false when none is pending.</summary>
        public bool TryMerge(LeadDraft later)
        {
            if (_firstByPhone.TryGetValue(later.Phone, out var first))
            {
                Firsts[first] = Merge(Firsts[first], later);
                return true;
            }

            if (_repeatByPhone.TryGetValue(later.Phone, out var repeat))
            {
                Repeats[repeat] = Merge(Repeats[repeat], later);
                return true;
            }

            return false;
        }

        public void Clear()
        {
            Consents.Clear();
            Firsts.Clear();
            Repeats.Clear();
            _firstByPhone.Clear();
            _repeatByPhone.Clear();
        }
    }

    private sealed class ImportRun(LeadImportOptions options, LeadImportReportWriter? report)
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

            var error = new LeadImportRowError(checked((int)line), field, reason);
            report?.Error(error);
            if (Errors.Count < options.MaxReportedErrors)
            {
                Errors.Add(error);
            }
            else
            {
                ErrorsOmitted++;
            }
        }

        public void Duplicate(long line, int firstLine, string phone)
        {
            var duplicate = new LeadImportDuplicate(checked((int)line), firstLine, PhoneNumber.Parse(phone).Masked);
            report?.Duplicate(duplicate);
            if (Duplicates.Count < options.MaxReportedErrors)
            {
                Duplicates.Add(duplicate);
            }
            else
            {
                DuplicatesOmitted++;
            }
        }
    }
}

using System.Globalization;
using System.Text;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Leads;

/// <summary>The importer on a large generated file that never exists whole, in memory or on disk.</summary>
public sealed class LeadImportStreamingTests(PostgresFixture postgres)
{
    private const int Rows = 50_000;

    [Fact]
    public async Task Fifty_thousand_rows_stream_through_in_batches_while_the_file_is_still_being_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: ct);
        var importer = app.Services.GetRequiredService<LeadCsvImporter>();
        var options = app.Services.GetRequiredService<IOptions<LeadsOptions>>().Value.Import;
        await using var csv = new GeneratedCsvStream(Rows);
        long producedAtFirstBatch = -1;
        var batches = 0;
        var progress = new SynchronousProgress(report =>
        {
            if (batches++ == 0)
            {
                producedAtFirstBatch = csv.BytesProduced;
            }
        });

        var result = await importer.ImportAsync(csv, new LeadImportTarget(Workspaces.DefaultId), options, progress, ct);

        Assert.Equal(Rows, result.Rows);
        Assert.Equal(Rows - (Rows / 1000), result.Imported);
        Assert.Equal(Rows / 1000, result.Failed);
        var valid = Rows - (Rows / 1000);
        Assert.Equal((valid + options.BatchSize - 1) / options.BatchSize, batches);
        // The first batch was committed when only a small part of the file had been produced: rows are imported as
        // they stream in, not after the whole file is read.
        Assert.InRange(producedAtFirstBatch, 1, csv.BytesProduced / 10);
        // Every thousandth row has a broken phone; its line is reported exactly (header is line 1).
        Assert.Equal(1000 + 1, result.Errors[0].Line);
        var page = await app.Services.GetRequiredService<LeadStore>()
            .ListAsync(Workspaces.DefaultId, new LeadQuery(Search: "Lead 49998", PageSize: 5), ct);
        Assert.Equal("+12125499998", Assert.Single(page.Items).Phone);
        Assert.Equal(Rows - (Rows / 1000), (await app.Services.GetRequiredService<LeadStore>()
            .ListAsync(Workspaces.DefaultId, new LeadQuery(PageSize: 1), ct)).Total);
    }

    private sealed class SynchronousProgress(Action<LeadImportProgress> report) : IProgress<LeadImportProgress>
    {
        public void Report(LeadImportProgress value) => report(value);
    }

    /// <summary>A forward-only CSV produced row by row as it is read: +1 212 5xx xxxx numbers, every 1000th broken.</summary>
    private sealed class GeneratedCsvStream(int rows) : Stream
    {
        private byte[] _pending = Encoding.UTF8.GetBytes("name,phone,email,segment\n");
        private int _offset;
        private int _next = 1;

        public long BytesProduced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                if (_offset == _pending.Length)
                {
                    if (_next > rows)
                    {
                        break;
                    }

                    var i = _next++;
                    var phone = i % 1000 == 0 ? "broken" : string.Create(CultureInfo.InvariantCulture, $"+1 212 5{i / 10000 % 10}{i / 1000 % 10} {i % 10000:0000}");
                    _pending = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"Lead {i},{phone},lead{i}@example.com,segment-{i % 7}\n"));
                    _offset = 0;
                }

                var take = Math.Min(buffer.Length - written, _pending.Length - _offset);
                _pending.AsSpan(_offset, take).CopyTo(buffer[written..]);
                _offset += take;
                written += take;
            }

            BytesProduced += written;
            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

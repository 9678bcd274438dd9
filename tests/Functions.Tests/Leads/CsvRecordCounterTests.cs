using System.Text;
using AiScheduler.Functions.Leads;

namespace AiScheduler.Functions.Tests.Leads;

/// <summary>The record count taken while an upload is stored, which decides the row limit before anything is written.</summary>
public sealed class CsvRecordCounterTests
{
    [Theory]
    [InlineData("name,phone\n", 0)]
    [InlineData("name,phone\nA,1\nB,2\n", 2)]
    [InlineData("name,phone\nA,1\nB,2", 2)]
    [InlineData("name,phone\r\nA,1\r\n\r\nB,2\r\n", 2)]
    [InlineData("name,notes\n\"A\",\"two\nlines\"\nB,\"say \"\"hi\"\"\"\n", 2)]
    [InlineData("", 0)]
    public void Counts_data_records_outside_quotes_without_blank_lines_or_the_header(string csv, long expected)
    {
        var counter = new CsvRecordCounter();

        counter.Add(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(expected, counter.DataRecords);
    }

    [Fact]
    public void A_file_fed_in_pieces_counts_as_the_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("name,notes\nA,\"x\ny\"\nB,z\nC,w\n");
        var counter = new CsvRecordCounter();

        foreach (var piece in bytes.Chunk(3))
        {
            counter.Add(piece);
        }

        Assert.Equal(3, counter.DataRecords);
    }
}

using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary><c>demo --data DIR</c> only ever deletes a directory the demo created (it leaves a marker file in it).</summary>
public sealed class DemoDataDirectoryTests
{
    private const string MondayMorning = "2026-03-02T08:00:00Z";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_non_empty_directory_the_demo_did_not_create_is_refused_and_left_untouched()
    {
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-foreign-" + Guid.NewGuid().ToString("N"))).FullName;
        var precious = Path.Combine(data, "thesis.docx");
        await File.WriteAllTextAsync(precious, "four years of work", Ct);
        var error = new StringWriter();
        try
        {
            var exit = await Cli.RunAsync(["demo", "--inference", "--data", data, "--json", "--at", MondayMorning], new StringWriter(), error);

            Assert.NotEqual(0, exit);
            Assert.True(File.Exists(precious), "the demo deleted a file it did not create");
            Assert.Contains(data, error.ToString(), StringComparison.Ordinal);
            Assert.Contains("not created by the demo", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_directory_the_demo_created_is_marked_and_recreated_on_the_next_run()
    {
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var error = new StringWriter();
            Assert.Equal(0, await Cli.RunAsync(["demo", "--inference", "--data", data, "--json", "--at", MondayMorning], new StringWriter(), error));
            Assert.True(File.Exists(Path.Combine(data, ".aischeduler-demo")), error.ToString());
            await File.WriteAllTextAsync(Path.Combine(data, "left-over.txt"), "from the last run", Ct);

            Assert.Equal(0, await Cli.RunAsync(["demo", "--inference", "--data", data, "--json", "--at", MondayMorning], new StringWriter(), error));
            Assert.False(File.Exists(Path.Combine(data, "left-over.txt")), "the demo's own directory is recreated on every run");
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_existing_empty_directory_is_used_and_marked()
    {
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-empty-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var error = new StringWriter();
            Assert.Equal(0, await Cli.RunAsync(["demo", "--inference", "--data", data, "--json", "--at", MondayMorning], new StringWriter(), error));
            Assert.True(File.Exists(Path.Combine(data, ".aischeduler-demo")), error.ToString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

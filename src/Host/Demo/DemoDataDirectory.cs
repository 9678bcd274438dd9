namespace AiScheduler.Functions.Demo;

/// <summary>
/// The demo's <c>--data</c> directory, recreated on every run. Only a directory the demo created (it holds the marker
/// file <see cref="MarkerName"/>) is ever deleted; an empty one is taken over; any other is refused, whatever it holds.
/// </summary>
public static class DemoDataDirectory
{
    public const string MarkerName = ".aischeduler-demo";

    /// <summary>Empties and marks <paramref name="path"/>; returns a message saying why not, or null when it is ready.</summary>
    public static string? Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var marker = Path.Combine(path, MarkerName);
        if (File.Exists(path))
        {
            return $"--data '{path}' is a file, not a directory; pass a directory the demo may create and recreate on every run.";
        }

        if (Directory.Exists(path))
        {
            if (File.Exists(marker))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (Directory.EnumerateFileSystemEntries(path).Any())
            {
                return $"--data '{path}' is not empty and was not created by the demo (it has no {MarkerName} file), so the demo will not " +
                    "delete it. Pass a new or empty directory, or one an earlier demo run created.";
            }
        }

        Directory.CreateDirectory(path);
        File.WriteAllText(marker, "Created by 'AiScheduler demo'; the demo deletes and recreates this directory on every run.\n");
        return null;
    }
}

using System.Net;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>
/// Where the built front end lives (<c>wwwroot/</c> beside the host's assembly, copied there by the Host project's
/// BuildWeb target) and the small server-rendered pages the room answers instead of it.
/// </summary>
public static class RoomPages
{
    public static string WebRoot { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static string MeetPage => Path.Combine(WebRoot, "meet.html");

    public static string Refused(string message) =>
        Page("You cannot join this meeting", message);

    public static string NotBuilt() =>
        Page("The meeting room is not built",
            "This server was built without its front end (src/Web), because Node.js was not installed at build time. " +
            "Install Node.js 20 or later and rebuild the host (dotnet build src/Host), or run 'npm ci && npm run build' in src/Web.");

    private static string Page(string title, string message) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
        <title>{WebUtility.HtmlEncode(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2430{"}"}</style></head>
        <body><h1>{WebUtility.HtmlEncode(title)}</h1><p id="message">{WebUtility.HtmlEncode(message)}</p></body>
        </html>
        """;
}

using System.Net;
using AiScheduler.Functions.Meetings.Room;

namespace AiScheduler.Functions.Dashboard;

/// <summary>
/// The dashboard (src/Web's <c>index.html</c>, a single-page app) at <c>/</c> and at each of its client-side routes: a
/// GET for a page that no endpoint serves and that is not under <c>/api</c>, <c>/meet</c> or <c>/web</c> answers the
/// app's shell, whose router then shows the page. The shell and its assets are public; its data comes from <c>/api</c>,
/// which asks for sign-in. A host built without Node.js answers a page saying how to build the dashboard.
/// </summary>
public static class DashboardPages
{
    private static readonly string[] NotPages = ["/api", "/meet", "/web", "/openapi", "/healthz", "/alive"];

    public static string IndexPage => Path.Combine(RoomPages.WebRoot, "index.html");

    /// <summary>Serves the shell for page requests that reach the end of routing unmatched (after <c>UseMeetingRoom</c>).</summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (!IsPageRequest(context))
            {
                await next(context);
                return;
            }

            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy =
                "default-src 'self'; connect-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            if (File.Exists(IndexPage))
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.SendFileAsync(IndexPage, context.RequestAborted);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(NotBuilt(), context.RequestAborted);
        });
        return app;
    }

    private static bool IsPageRequest(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return false;
        }

        var path = request.Path.Value ?? "/";
        if (NotPages.Any(prefix => path.Equals(prefix, StringComparison.OrdinalIgnoreCase) ||
                                   path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        // A file name (favicon.ico, robots.txt) is not a page of the app; a browser navigating asks for HTML.
        if (Path.HasExtension(path))
        {
            return false;
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);
    }

    public static string NotBuilt() => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>The dashboard is not built · AiScheduler</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:44rem;margin:4rem auto;padding:0 1rem;color:#1d2430{"}"}code{"{"}background:#eef1f5;padding:0 .25rem{"}"}</style></head>
        <body><h1>The dashboard is not built</h1>
        <p id="message">{WebUtility.HtmlEncode("This server was built without its front end (src/Web), because Node.js was not installed at build time. The API under /api works as usual.")}</p>
        <p>To build the dashboard: install Node.js 20 or later, then rebuild the host (<code>dotnet build src/Host</code>), or run
        <code>npm ci &amp;&amp; npm run build</code> in <code>src/Web</code> and restart the server.</p>
        </body>
        </html>
        """;
}

using System.Net;
using System.Text;
using AiScheduler.Emulators.Calls;

namespace AiScheduler.Emulators.Http;

/// <summary>Emulator-only endpoints: start a simulated inbound call, inspect calls and counters, the /emulator page.</summary>
internal static class SimulationApi
{
    public sealed record IncomingCallRequest(string From, string To, string? Persona);

    public static void MapSimulation(this WebApplication app)
    {
        var emulator = app.MapGroup("/emulator");

        emulator.MapPost("/incoming-calls", async (IncomingCallRequest request, Switchboard board, CancellationToken ct) =>
        {
            try
            {
                return Results.Json(await board.SimulateIncomingCallAsync(request.From, request.To, request.Persona, ct), statusCode: StatusCodes.Status202Accepted);
            }
            catch (AcsErrorException e)
            {
                return AcsErrorException.ToResult(e.Status, e.Code, e.Message);
            }
        });

        emulator.MapGet("/calls", (Switchboard board) => Results.Json(board.Calls.Select(c => new
        {
            c.CallConnectionId,
            c.ServerCallId,
            c.CorrelationId,
            direction = c.Direction.ToString().ToLowerInvariant(),
            personaId = c.Persona.Id,
            c.CalleeNumber,
            c.State,
            c.CreatedAt,
            c.ConnectedAt,
            c.EndedAt,
            c.EndReason,
            transcript = c.Transcript.Select(l => new { speaker = l.Speaker.ToString().ToLowerInvariant(), l.Text, l.At }),
        })));

        emulator.MapGet("/counters", (Switchboard board) => Results.Json(board.Counters.Snapshot()));

        emulator.MapGet("/", (Switchboard board) => Results.Content(RenderPage(board), "text/html; charset=utf-8"));
    }

    private static string RenderPage(Switchboard board)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Communication Services emulator</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}")
            .Append(".agent{color:#1a4d8f}.callee{color:#7a2d00}.system{color:#777}</style></head><body>")
            .Append("<h1>Communication Services emulator</h1>");
        var all = board.Calls;
        Section(html, "Live calls", all.Where(c => c.IsActive));
        Section(html, "Finished calls", all.Where(c => !c.IsActive).Reverse());
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Section(StringBuilder html, string title, IEnumerable<SimulatedCall> calls)
    {
        html.Append("<h2>").Append(E(title)).Append("</h2><table><tr><th>Call</th><th>Persona</th><th>Callee</th><th>State</th><th>Transcript</th></tr>");
        foreach (var call in calls)
        {
            html.Append("<tr><td>").Append(E(call.CallConnectionId)).Append("<br>").Append(E(call.Direction.ToString()))
                .Append("</td><td>").Append(E(call.Persona.Id))
                .Append("</td><td>").Append(E(MaskNumber(call.CalleeNumber)))
                .Append("</td><td>").Append(E(call.State)).Append(call.EndReason is null ? "" : "<br>" + E(call.EndReason))
                .Append("</td><td>");
            foreach (var line in call.Transcript)
            {
                var speaker = line.Speaker.ToString().ToLowerInvariant();
                html.Append("<div class=\"").Append(speaker).Append("\"><b>").Append(E(speaker)).Append(":</b> ").Append(E(line.Text)).Append("</div>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>The page may be shown on a screen; the last four digits are enough to tell callees apart.</summary>
    private static string MaskNumber(string number) => number.Length <= 4 ? number : new string('•', number.Length - 4) + number[^4..];

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.Providers.Http;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace AiScheduler.Functions.Providers.Calendar;

/// <summary>
/// <see cref="ICalendarProvider"/> over the Google Calendar API v3 on HttpClient: freeBusy.query for busy time,
/// events.insert/patch/delete for meetings, always with <c>sendUpdates=none</c> because our own iCalendar email is the
/// invitation. Event ids are derived from our meeting id, so an insert retried after a lost response finds its own event
/// (409) instead of creating a second one. A plain service account cannot invite attendees
/// (403 <c>forbiddenForServiceAccounts</c>); the event is then written without them. Retries are the shared outbound
/// policy (<see cref="OutboundHttp"/>, honouring Retry-After); every request here is safe to repeat (free/busy reads,
/// inserts carry our event id, patches the whole state), and 403 with Google's usage-limit reasons counts as transient.
/// A 401 refreshes the token once.
/// </summary>
internal sealed class GoogleCalendar : ICalendarProvider
{
    /// <summary>The private extended property that carries our meeting id on every event we create.</summary>
    public const string MeetingIdProperty = "aischedulerMeetingId";

    private readonly HttpClient http;
    private readonly GoogleAccessTokens tokens;
    private readonly GoogleCalendarOptions options;
    private readonly ILogger<GoogleCalendar> logger;
    private int attendeesDropped;

    public GoogleCalendar(HttpClient http, GoogleAccessTokens tokens, IOptions<CalendarOptions> options, ILogger<GoogleCalendar> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.tokens = tokens;
        this.options = options.Value.Google;
        this.logger = logger;
    }

    public string Provider => "google";

    /// <summary>The event id Google gets for a meeting: base32hex (0-9, a-v), which a GUID's hex digits are.</summary>
    public static string EventIdFor(Guid meetingId) => meetingId.ToString("N", CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<BusyInterval>> GetBusyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("the range must end after it starts", nameof(toUtc));
        }

        var body = new JsonObject
        {
            ["timeMin"] = Rfc3339(fromUtc),
            ["timeMax"] = Rfc3339(toUtc),
            ["timeZone"] = "UTC",
            ["items"] = new JsonArray(new JsonObject { ["id"] = options.CalendarId }),
        };
        var response = await SendAsync(HttpMethod.Post, "freeBusy", body, "freeBusy.query", cancellationToken);
        var calendars = response?["calendars"]?.AsObject();
        var calendar = calendars?[options.CalendarId] ?? (calendars?.Count == 1 ? calendars.First().Value : null);
        if (calendar is null)
        {
            throw new CalendarProviderException(
                $"Google's free/busy answer has no entry for calendar '{options.CalendarId}'; check Calendar:Google:CalendarId.",
                200, "missingCalendar", isTransient: false);
        }

        if (calendar["errors"] is JsonArray { Count: > 0 } errors)
        {
            // Free/busy reports an unshared or unknown calendar inside a 200 answer, not as an HTTP error.
            var reason = errors[0]?["reason"]?.GetValue<string>() ?? "unknown";
            throw new CalendarProviderException(
                $"Google cannot read the free/busy time of calendar '{options.CalendarId}' ({reason}); check Calendar:Google:CalendarId and share the calendar with {tokens.ClientEmail} (Settings > Share with specific people).",
                200, reason, isTransient: reason is "backendError" or "internalError");
        }

        var busy = new List<BusyInterval>();
        foreach (var interval in calendar["busy"]?.AsArray() ?? [])
        {
            var start = DateTimeOffset.Parse(interval!["start"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUniversalTime();
            var end = DateTimeOffset.Parse(interval["end"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUniversalTime();
            if (end > start)
            {
                busy.Add(new BusyInterval(start, end));
            }
        }

        return busy.OrderBy(b => b.Start).ToList();
    }

    public async Task<string> CreateEventAsync(CalendarEvent calendarEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendarEvent);
        var eventId = EventIdFor(calendarEvent.MeetingId);
        try
        {
            var created = await WithAttendeeFallbackAsync(
                withAttendees => SendAsync(HttpMethod.Post, EventsPath(), EventBody(calendarEvent, withAttendees, eventId), "events.insert", cancellationToken),
                calendarEvent.MeetingId);
            return created?["id"]?.GetValue<string>() ?? eventId;
        }
        catch (CalendarProviderException ex) when (ex.StatusCode == (int)HttpStatusCode.Conflict)
        {
            // An earlier attempt created it (its answer was lost) or the meeting's event was cancelled and is booked
            // again: make the existing event match this one, confirmed.
            return await RescheduleEventAsync(eventId, calendarEvent, cancellationToken);
        }
    }

    public async Task<string> RescheduleEventAsync(string eventId, CalendarEvent calendarEvent, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(calendarEvent);
        var patched = await WithAttendeeFallbackAsync(
            withAttendees => SendAsync(HttpMethod.Patch, EventsPath(eventId), EventBody(calendarEvent, withAttendees, id: null), "events.patch", cancellationToken),
            calendarEvent.MeetingId);
        return patched?["id"]?.GetValue<string>() ?? eventId;
    }

    public async Task<string> CancelEventAsync(string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        try
        {
            await SendAsync(HttpMethod.Delete, EventsPath(eventId), body: null, "events.delete", cancellationToken);
        }
        catch (CalendarProviderException ex) when (ex.StatusCode == (int)HttpStatusCode.Gone)
        {
            // Already deleted (a retried cancel): the outcome the caller wants.
        }

        return eventId;
    }

    private async Task<JsonNode?> WithAttendeeFallbackAsync(Func<bool, Task<JsonNode?>> send, Guid meetingId)
    {
        try
        {
            return await send(true);
        }
        catch (CalendarProviderException ex) when (ex.Reason == "forbiddenForServiceAccounts")
        {
            if (Interlocked.Exchange(ref attendeesDropped, 1) == 0)
            {
                Log.AttendeesDropped(logger, tokens.ClientEmail);
            }

            Log.EventWithoutAttendees(logger, meetingId);
            return await send(false);
        }
    }

    private JsonObject EventBody(CalendarEvent calendarEvent, bool withAttendees, string? id)
    {
        var description = new StringBuilder(calendarEvent.Description);
        if (calendarEvent.JoinUrl is { } join && !calendarEvent.Description.Contains(join.AbsoluteUri, StringComparison.Ordinal))
        {
            description.Append(description.Length > 0 ? "\n\n" : string.Empty).Append("Join: ").Append(join.AbsoluteUri);
        }

        var body = new JsonObject();
        if (id is not null)
        {
            body["id"] = id;
        }

        body["summary"] = calendarEvent.Summary;
        body["description"] = description.ToString();
        body["location"] = calendarEvent.Location ?? calendarEvent.JoinUrl?.AbsoluteUri;
        body["start"] = new JsonObject { ["dateTime"] = Rfc3339(calendarEvent.StartUtc), ["timeZone"] = calendarEvent.TimeZone };
        body["end"] = new JsonObject { ["dateTime"] = Rfc3339(calendarEvent.EndUtc), ["timeZone"] = calendarEvent.TimeZone };
        body["status"] = "confirmed";
        if (withAttendees)
        {
            var attendee = new JsonObject { ["email"] = calendarEvent.Attendee.Email };
            if (calendarEvent.Attendee.Name is { } name)
            {
                attendee["displayName"] = name;
            }

            body["attendees"] = new JsonArray(attendee);
        }

        body["extendedProperties"] = new JsonObject
        {
            ["private"] = new JsonObject { [MeetingIdProperty] = calendarEvent.MeetingId.ToString("D", CultureInfo.InvariantCulture) },
        };
        if (calendarEvent.JoinUrl is { } url)
        {
            body["source"] = new JsonObject { ["title"] = "Join the meeting", ["url"] = url.AbsoluteUri };
        }

        return body;
    }

    private string EventsPath(string? eventId = null)
    {
        var path = "calendars/" + Uri.EscapeDataString(options.CalendarId) + "/events";
        if (eventId is not null)
        {
            path += "/" + Uri.EscapeDataString(eventId);
        }

        return path + "?sendUpdates=none";
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, string operation, CancellationToken cancellationToken)
    {
        var uri = new Uri(options.ApiBaseUrl, path);
        var payload = body?.ToJsonString();
        var token = await tokens.GetAsync(cancellationToken);
        for (var refreshed = false; ; refreshed = true)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(method, uri).MarkRetrySafe().AlsoRetryWhen(IsUsageLimitAsync);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (payload is not null)
                {
                    request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
                }

                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new CalendarProviderException(
                    $"Google Calendar ({operation}) could not be reached at {options.ApiBaseUrl}: {ex.Message}; check Calendar:Google:ApiBaseUrl and the network.",
                    null, null, isTransient: true, ex);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new CalendarProviderException(
                    $"Google Calendar ({operation}) did not answer in time ({ex.Message.TrimEnd('.')}; Http:Resilience:AttemptTimeout / TotalRequestTimeout).",
                    null, null, isTransient: true, ex);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed)
                {
                    // The cached token was revoked or expired early; one fresh token, then give up.
                    token = await tokens.RefreshAsync(cancellationToken);
                    continue;
                }

                throw Error(operation, response.StatusCode, text);
            }
        }
    }

    private CalendarProviderException Error(string operation, HttpStatusCode status, string body)
    {
        var (reason, message) = ParseError(body);
        var code = (int)status;
        var hint = (status, reason) switch
        {
            (HttpStatusCode.Unauthorized, _) =>
                $"Google refused the service account's token; check that the key of {tokens.ClientEmail} is still active and the Calendar API is enabled for its project",
            (HttpStatusCode.Forbidden, "forbiddenForServiceAccounts") =>
                "service accounts cannot invite attendees without domain-wide delegation; set Calendar:Google:ImpersonateUser with delegation granted, or rely on the iCalendar email",
            (HttpStatusCode.Forbidden, "rateLimitExceeded" or "userRateLimitExceeded") =>
                "Google's usage limit was reached and the retries (Http:Resilience:Retry:MaxRetryAttempts) did not outlast it; the next attempt tries again",
            (HttpStatusCode.Forbidden, "quotaExceeded" or "dailyLimitExceeded") =>
                "the project's Calendar API quota is used up; it is not retried: raise the quota in the Google Cloud console (APIs & Services > Quotas) or wait for it to reset",
            (HttpStatusCode.Forbidden, _) =>
                $"share calendar '{options.CalendarId}' with {tokens.ClientEmail} with permission 'Make changes to events', and enable the Calendar API for its project",
            (HttpStatusCode.NotFound, _) =>
                $"calendar '{options.CalendarId}' or the event does not exist for {tokens.ClientEmail}; check Calendar:Google:CalendarId and that the calendar is shared with the service account",
            (HttpStatusCode.Gone, _) => "the event was already deleted",
            (HttpStatusCode.Conflict, _) => "an event with this id already exists",
            (HttpStatusCode.BadRequest, _) => "the request was rejected as invalid",
            (HttpStatusCode.TooManyRequests, _) => "Google is throttling requests; it is retried later",
            _ when code >= 500 => "Google Calendar is failing; it is retried later",
            _ => "see Google's message",
        };
        var transient = IsTransient(status) || reason is "rateLimitExceeded" or "userRateLimitExceeded";
        return new CalendarProviderException(
            string.Create(CultureInfo.InvariantCulture, $"Google Calendar {operation} failed with {code} {reason ?? "error"}: {message ?? "no message"}; {hint}."),
            code, reason, transient);
    }

    /// <summary>Google's error body: <c>{"error":{"errors":[{"domain","reason","message"}],"code","message"}}</c>.</summary>
    internal static (string? Reason, string? Message) ParseError(string body)
    {
        try
        {
            var error = JsonNode.Parse(body)?["error"];
            if (error is JsonObject errorObject)
            {
                var first = errorObject["errors"] is JsonArray { Count: > 0 } list ? list[0] : null;
                var reason = first?["reason"]?.GetValue<string>() ?? errorObject["status"]?.GetValue<string>();
                var message = errorObject["message"]?.GetValue<string>() ?? first?["message"]?.GetValue<string>();
                return (reason, message);
            }

            // Some front ends answer with the OAuth error shape instead.
            return (error?.GetValue<string>(), JsonNode.Parse(body)?["error_description"]?.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, body.Length > 200 ? body[..200] : body);
        }
    }

    /// <summary>
    /// 403 with Google's usage-limit reasons (rateLimitExceeded, userRateLimitExceeded), which Google documents as
    /// "retry with exponential backoff"; 429 and 5xx are transient for every client already.
    /// </summary>
    private static async ValueTask<bool> IsUsageLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        // The body stays buffered, so the error mapping can still read it when this is the last answer.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var (reason, _) = ParseError(await response.Content.ReadAsStringAsync(cancellationToken));
        return reason is "rateLimitExceeded" or "userRateLimitExceeded";
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string Rfc3339(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

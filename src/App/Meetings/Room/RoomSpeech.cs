using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Providers.Speech;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>Body of <c>POST /meet/{id}/speech</c>: what the speech service heard (null when nothing usable) and its status.</summary>
public sealed record RoomHeard(string? Heard, string Status);

/// <summary>
/// Voice in the meeting room, signed in with the room link's token like the hub: <c>POST /meet/{id}/speech</c> takes one
/// recorded utterance (WAV PCM 16 kHz mono, or OGG/Opus; at most 2 MB), recognises it in the interview's language
/// through the speech provider and feeds the text into the interview as if it had been typed (the AI's reply reaches
/// the room as a transcript line); <c>GET /meet/{id}/speech/lines/{sequence}</c> is one of the AI participant's lines
/// as synthesised speech (RIFF WAV), which the page plays. Without a speech service both answer 409 and say so.
/// </summary>
public static class RoomSpeech
{
    public const int MaxAudioBytes = 2 * 1024 * 1024;
    public const string ConnectionHeader = "X-Room-Connection";

    private static readonly Dictionary<string, string> Locales = new(StringComparer.Ordinal)
    {
        ["en"] = "en-US", ["he"] = "he-IL", ["fr"] = "fr-FR", ["de"] = "de-DE", ["es"] = "es-ES",
    };

    /// <summary>What the room offers: voice when a speech service is configured, else text chat, and why.</summary>
    public static RoomVoice VoiceOf(SpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsConfigured
            ? new RoomVoice(true, "press Speak, say your answer and press Stop; the AI assistant answers aloud. You can also type.")
            : new RoomVoice(false,
                "voice needs a configured speech service, and this server has none; type your answers and the AI assistant replies in the transcript.");
    }

    public static IEndpointRouteBuilder MapRoomSpeech(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/meet/{meetingId:guid}/speech")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = RoomAuthenticationHandler.SchemeName })
            .WithMetadata(SelfHostOnly.Instance)
            .ExcludeFromDescription();
        group.MapPost("", SpeakAsync).WithName("MeetingRoomSpeech");
        group.MapGet("/lines/{sequence:int}", LineAsync).WithName("MeetingRoomLineAudio");
        return endpoints;
    }

    /// <summary>The speech locale for an interview language: the lead's own when it is that language (fr-CA), else the usual one.</summary>
    public static string LocaleFor(string language, string? leadLocale) =>
        leadLocale is not null && leadLocale.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase)
            ? leadLocale
            : Locales.GetValueOrDefault(language, "en-US");

    private static async Task<Results<Ok<RoomHeard>, ProblemHttpResult>> SpeakAsync(Guid meetingId, HttpContext http, ISpeech speech,
        IOptions<SpeechOptions> options, RoomPresence presence, RoomConversation conversation, MeetingInterviews interviews, MeetingStore meetings,
        CancellationToken cancellationToken)
    {
        var grant = http.User.Grant();
        if (Refusal(grant, meetingId, options.Value) is { } refused)
        {
            return refused;
        }

        var connection = http.Request.Headers[ConnectionHeader].ToString();
        if (connection.Length > 0 && presence.Find(meetingId, connection) is { Muted: true })
        {
            return Problem(StatusCodes.Status409Conflict, "You are muted", "You are muted; unmute to speak.");
        }

        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith("audio/wav", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("audio/ogg", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported audio",
                $"Content-Type '{contentType}' is not audio/wav (PCM 16 kHz mono) or audio/ogg (Opus).");
        }

        var audio = await ReadAsync(http.Request, cancellationToken);
        if (audio is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too much audio", $"Send at most {MaxAudioBytes / 1024 / 1024} MB (about a minute) per answer.");
        }

        if (audio.Length == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "No audio", "The request body is empty; record an answer first.");
        }

        var meeting = await meetings.GetAsync((await meetings.WorkspaceOfAsync(meetingId, cancellationToken) ?? Workspaces.DefaultId), meetingId, cancellationToken);
        if (meeting?.JoinMode != MeetingJoinMode.Room)
        {
            return Problem(StatusCodes.Status409Conflict, "Held by phone",
                "This meeting is held by phone: the AI assistant calls the guest, and the room shows the call's transcript.");
        }

        var language = (await interviews.GetAsync((await meetings.WorkspaceOfAsync(meetingId, cancellationToken) ?? Workspaces.DefaultId), meetingId, cancellationToken))?.State?.Language ?? "en";
        RecognizedSpeech recognized;
        try
        {
            recognized = await speech.RecognizeAsync(audio, contentType, LocaleFor(language, meeting.LeadLanguage), cancellationToken);
        }
        catch (SpeechException e)
        {
            return Problem(StatusCodes.Status502BadGateway, "Speech service failed", e.Message + " Type your answer instead.");
        }

        if (!recognized.Recognized)
        {
            return TypedResults.Ok(new RoomHeard(null, recognized.Status));
        }

        try
        {
            await conversation.SayAsync(meetingId, grant.Role == RoomRole.Lead ? TranscriptSpeakers.Lead : TranscriptSpeakers.Rep, recognized.Text!,
                cancellationToken);
        }
        catch (MeetingInterviewException e)
        {
            return Problem(StatusCodes.Status409Conflict, "The interview cannot take this answer", e.Message);
        }

        return TypedResults.Ok(new RoomHeard(recognized.Text, recognized.Status));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LineAsync(Guid meetingId, int sequence, HttpContext http,
        ISpeech speech, IOptions<SpeechOptions> options, MeetingInterviews interviews, MeetingStore meetings, CancellationToken cancellationToken)
    {
        if (Refusal(http.User.Grant(), meetingId, options.Value) is { } refused)
        {
            return refused;
        }

        var line = (await interviews.TranscriptAsync((await meetings.WorkspaceOfAsync(meetingId, cancellationToken) ?? Workspaces.DefaultId), meetingId, cancellationToken))
            .FirstOrDefault(l => l.Seq == sequence && l.Speaker == TranscriptSpeakers.Ai);
        if (line is null || string.IsNullOrWhiteSpace(line.Text))
        {
            return Problem(StatusCodes.Status404NotFound, "No such line", $"The AI assistant has no line {sequence} in this meeting.");
        }

        var meeting = await meetings.GetAsync((await meetings.WorkspaceOfAsync(meetingId, cancellationToken) ?? Workspaces.DefaultId), meetingId, cancellationToken);
        try
        {
            var spoken = await speech.SynthesizeAsync(line.Text, LocaleFor(line.Language, meeting?.LeadLanguage), cancellationToken);
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.File(spoken.Audio, spoken.ContentType);
        }
        catch (SpeechException e)
        {
            return Problem(StatusCodes.Status502BadGateway, "Speech service failed", e.Message + " The line is in the transcript.");
        }
    }

    private static ProblemHttpResult? Refusal(RoomGrant grant, Guid meetingId, SpeechOptions options)
    {
        if (grant.MeetingId != meetingId)
        {
            return Problem(StatusCodes.Status403Forbidden, "Another meeting", "This room link belongs to another meeting.");
        }

        return options.IsConfigured ? null : Problem(StatusCodes.Status409Conflict, "Text chat only", "The room is text chat: " + VoiceOf(options).Note);
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxAudioBytes"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxAudioBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxAudioBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

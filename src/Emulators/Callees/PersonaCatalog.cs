using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiScheduler.Emulators.Callees;

/// <summary>Personas by phone number, loaded from JSON files; numbers no persona claims get the default persona.</summary>
public sealed class PersonaCatalog
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly FrozenDictionary<string, Persona> byNumber;
    private readonly FrozenDictionary<string, Persona> byId;

    public PersonaCatalog(IEnumerable<Persona> personas, Persona defaultPersona)
    {
        var list = personas.ToList();
        var numbers = new Dictionary<string, Persona>(StringComparer.Ordinal);
        foreach (var persona in list)
        {
            foreach (var number in persona.PhoneNumbers)
            {
                if (!numbers.TryAdd(number, persona))
                {
                    throw new InvalidOperationException(
                        $"Phone number {number} is claimed by personas '{numbers[number].Id}' and '{persona.Id}'; give each number to one persona.");
                }
            }
        }

        byNumber = numbers.ToFrozenDictionary(StringComparer.Ordinal);
        byId = list.Append(defaultPersona).DistinctBy(p => p.Id, StringComparer.Ordinal).ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        Default = defaultPersona;
    }

    public Persona Default { get; }

    public IEnumerable<Persona> All => byId.Values;

    public Persona ForNumber(string phoneNumber) => byNumber.GetValueOrDefault(phoneNumber, Default);

    public Persona? ById(string id) => byId.GetValueOrDefault(id);

    /// <summary>Loads every <c>*.json</c> file under <paramref name="directory"/> (recursively).</summary>
    public static IReadOnlyList<Persona> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Persona directory '{directory}' does not exist; pass an existing folder of persona JSON files.");
        }

        return Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(File.ReadAllText(path), Path.GetFileName(path)))
            .ToList();
    }

    /// <summary>Parses one persona in the DESIGN.md section 7 format; errors name the file and the field to fix.</summary>
    public static Persona Parse(string json, string source = "persona")
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            var id = RequiredString(root, "id");
            var numbers = root.TryGetProperty("phoneNumbers", out var n) && n.ValueKind == JsonValueKind.Array
                ? n.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("phoneNumbers must hold strings")).ToList()
                : [];
            var persona = Callee(root, id, numbers, "en-US", 1);
            if (root.TryGetProperty("meeting", out var meeting))
            {
                if (meeting.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("'meeting' must be an object with answer, replies and whenOutOfReplies");
                }

                // The meeting callee is the same person on the same numbers: language and ring time carry over.
                var missed = meeting.TryGetProperty("missedCalls", out var m) ? m.GetInt32() : 0;
                if (missed is < 0 or > 10)
                {
                    throw new FormatException("'meeting.missedCalls' must be between 0 and 10");
                }

                persona = persona with
                {
                    Meeting = Callee(meeting, id + "/meeting", numbers, persona.Language, persona.RingSeconds, "meeting.") with { MissedCalls = missed },
                };
            }

            return persona;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"Persona {source} is invalid: {e.Message}", e);
        }
    }

    private static Persona Callee(JsonElement root, string id, IReadOnlyList<string> numbers, string defaultLanguage, double defaultRing,
        string prefix = "")
    {
        var language = OptionalString(root, "language") ?? defaultLanguage;
        var answer = ParseAnswer(OptionalString(root, "answer") ?? "human");
        var ring = root.TryGetProperty("ringSeconds", out var r) ? r.GetDouble() : defaultRing;
        var replies = new List<PersonaReply>();
        if (root.TryGetProperty("replies", out var repliesElement))
        {
            foreach (var reply in repliesElement.EnumerateArray())
            {
                var when = OptionalString(reply, "when");
                var guard = when is null ? null : new Regex(when, RegexOptions.CultureInvariant, RegexTimeout);
                replies.Add(OptionalString(reply, "dtmf") is { } dtmf && OptionalString(reply, "say") is null
                    ? PersonaReply.Press(dtmf, guard)
                    : new PersonaReply(RequiredString(reply, "say", prefix + "replies[]."), guard));
            }
        }

        var outOfReplies = (OptionalString(root, "whenOutOfReplies") ?? "silence") switch
        {
            "silence" => OutOfRepliesBehaviour.Silence,
            "hangup" => OutOfRepliesBehaviour.Hangup,
            var other => throw new FormatException($"{prefix}whenOutOfReplies '{other}' is not one of silence, hangup"),
        };
        return new Persona(id, numbers, language, answer, ring, replies, outOfReplies, OptionalString(root, "voicemailGreeting"));
    }

    private static AnswerKind ParseAnswer(string value) => value switch
    {
        "human" => AnswerKind.Human,
        "voicemail" => AnswerKind.Voicemail,
        "no-answer" => AnswerKind.NoAnswer,
        "busy" => AnswerKind.Busy,
        "reject" => AnswerKind.Reject,
        "fail" => AnswerKind.Fail,
        _ => throw new FormatException($"answer '{value}' is not one of human, voicemail, no-answer, busy, reject, fail"),
    };

    private static string RequiredString(JsonElement element, string name, string prefix = "") =>
        OptionalString(element, name) ?? throw new FormatException($"'{prefix}{name}' is required");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

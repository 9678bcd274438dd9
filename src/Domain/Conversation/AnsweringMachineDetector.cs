namespace AiScheduler.Domain.Conversation;

/// <summary>Who picked up, as told by the first thing heard on the line.</summary>
public enum AnsweredBy
{
    Human,
    Voicemail,

    /// <summary>An assistant that screens calls for the lead (Google Call Screen, carrier screening): it asks who is
    /// calling and why, and the lead decides later.</summary>
    CallScreening,
}

/// <summary>The decision and the cue it rests on (for logs, tests and the accuracy report). <see cref="ToneNamed"/>: the
/// greeting named its tone or mailbox, so it has ended when the recogniser reports it (end silence after it).</summary>
public sealed record AnswerVerdict(AnsweredBy By, string Reason, bool ToneNamed = false);

/// <summary>
/// Answering-machine detection from the first utterance and its timing. ACS Call Automation has no built-in detection
/// (protocols.md 1.10), so the words decide, in this order:
/// <list type="number">
/// <item>a screening question ("who is calling and why", "nennen Sie Ihren Namen und den Grund") is a call screen;</item>
/// <item>a tone or mailbox cue ("after the beep", "nach dem Signalton", "תא קולי") is a machine;</item>
/// <item>a question back to the caller ("how can I help?", "can I take a message?") is a person, even one who says
/// "you've reached" or "leave a message";</item>
/// <item>a machine phrase ("leave a message", "laissez un message", "deje su mensaje") is a machine;</item>
/// <item>two phrases people say too ("not available", "get back to you"), or one inside a long greeting, are a machine;</item>
/// <item>a monologue: a long greeting in one breath (recognisers end an utterance at the first pause, so a person who
/// says "hello?" and waits never gets there).</item>
/// </list>
/// Anything else is a person: mistaking a person for a machine loses the call, the other way round only costs a
/// re-prompt. Figures on the labelled greetings (tests/Data/answering-greetings.tsv) come from
/// <c>dotnet run --project tests/Benchmarks -c Release -- voicemail</c>.
/// </summary>
public static class AnsweringMachineDetector
{
    /// <summary>Speaking rate used to estimate an utterance's length when the telephony does not report it.</summary>
    public const double WordsPerSecond = 2.5;

    /// <summary>A greeting at least this long in one breath, with at least <see cref="MonologueWords"/> words, is recorded.</summary>
    public static readonly TimeSpan MonologueLength = TimeSpan.FromSeconds(7);

    public const int MonologueWords = 18;

    /// <summary>Words above which a single phrase people say too ("I'm not available") counts as a machine's.</summary>
    public const int LongGreetingWords = 12;

    private static readonly PhraseSet Screening = new(
    [
        // en
        "who is calling and why", "who'?s calling and why", "(state|say) your name and (the )?(reason|why|purpose)", "reason (for|of) (your|the) call",
        "why you'?re calling", "screening service", "call screen(ing)?", "google assistant", "virtual assistant", "stay on the line while",
        "will (see|get|receive) a transcript", "i'?m an? (automated|digital) assistant",
        // he
        "מי מתקשר ולמה", "(מה )?סיבת (השיחה|הפנייה)", "(אמרו|אמור|אמרי) את (שמכם|שמך) ו", "(ה)?עוזר (ה)?(וירטואלי|דיגיטלי|קולי)", "סינון שיחות",
        "הישארו על הקו",
        // fr
        "qui (est a l'appareil|appelle) et pourquoi", "(indiquez|dites|donnez) (moi )?votre nom et", "(motif|raison|objet) de (votre|l') appel",
        "filtrage (des |d')?appels", "assistant (google|virtuel|vocal)", "restez en ligne",
        // de
        "wer (ruft|spricht) (an )?und warum", "nennen sie (bitte )?ihren namen und", "(grund|anliegen) (ihres|fur ihren) anruf",
        "anruf(filter|prufung|screening)", "(virtuelle|digitale)r? assistent", "bleiben sie (bitte )?(in der leitung|dran) wahrend", "worum es geht",
        // es
        "quien llama y por que", "(diga|indique|digame) su nombre y", "(motivo|razon) de su llamada", "(filtro|filtrado) de llamadas",
        "asistente (de google|virtual|digital)", "permanezca en la linea",
    ]);

    private static readonly PhraseSet Tone = new(
    [
        // en
        "after the (tone|beep|signal)", "at the (tone|beep|signal)", "when you hear the (tone|beep)", "following the (tone|beep)",
        "voice ?mail", "mailbox", "answering machine", "message bank", "record your message", "press (pound|hash|star) when",
        // he
        "אחרי ה(צפצוף|צליל)", "לאחר ה(צפצוף|צליל)", "לאחר שמיעת ה(צפצוף|צליל)", "בסיום ה(צפצוף|צליל)", "תא (ה)?קולי", "משיבון", "הודעה קולית",
        // fr
        "apres le (bip|signal|signal sonore|top)", "au (bip|signal sonore)", "messagerie( vocale)?", "repondeur", "boite vocale",
        // de
        "nach dem (signalton|piepton|ton|signal|piep)", "beim (signalton|piepton)", "mailbox", "anrufbeantworter", "sprachbox", "sprachnachricht",
        // es
        "despues (de la senal|del tono|de la senal acustica|del pitido)", "tras (la senal|el tono|el pitido)", "al oir (la senal|el tono)",
        "buzon de voz", "contestador", "grabe su mensaje",
    ]);

    private static readonly PhraseSet Machine = new(
    [
        // en
        "leave (me |us )?(a |your )?(brief |short )?(message|name and number|name|number)", "you'?ve reached", "you have reached",
        "is not available to take", "can'?t (take|come to) (your call|the phone) right now", "the person you are calling", "the number you have dialed",
        // he
        "(השאיר|השאר|תשאיר|תשאירו)(ו|י)? (הודעה|את (שמך|שמכם|פרטיך|פרטיכם))", "להשאיר הודעה", "הגעת(ם)? ל\\p{L}+", "המנוי אינו זמין", "המספר שחייגת",
        // fr
        "laissez (moi |nous )?(un |votre |vos )?(message|nom|coordonnees)", "vous etes bien (sur|chez)", "je suis absente?", "votre correspondant n'est pas disponible",
        // de
        "hinterlassen sie", "nachricht hinterlassen", "sie sind verbunden mit", "sie haben (die nummer|den anschluss)", "der teilnehmer ist",
        // es
        "deje(me)? (su|un) (mensaje|nombre)", "dejen (su|un) mensaje", "ha llamado (a|al)", "se ha comunicado con", "el numero marcado",
    ]);

    private static readonly PhraseSet Shared = new(
    [
        // en
        "not available", "unavailable", "(get|call) (back to you|you back)", "return your call", "as soon as (possible|i can)", "thank you for calling",
        "away from (the|my) (phone|desk)", "i'?m not (here|in) right now", "out of the office",
        // he
        "לא זמינ(ה|ים)?", "אינ(ו|ה|נו|ני) זמינ(ה)?", "לא יכול(ה)? לענות", "אחזור אלי(ך|כם)", "בהקדם", "תודה שהתקשרת(ם)?",
        // fr
        "pas disponible", "indisponible", "je vous rappellerai", "rappellerai", "des que possible", "merci de votre appel",
        // de
        "nicht erreichbar", "nicht verfugbar", "rufe (sie )?(zuruck|so bald)", "so bald wie moglich", "schnellstmoglich", "zur zeit nicht", "derzeit nicht",
        "danke fur ihren anruf",
        // es
        "no (esta|estoy) disponible", "no puedo atender", "le devolvere la llamada", "lo antes posible", "en este momento no", "gracias por llamar",
    ]);

    private static readonly PhraseSet HumanCues = new(
    [
        // en
        "how (can|may) i help", "what can i do for you", "can i (help|take a message)", "(do|would) you (want|like) to leave", "who'?s (this|calling)\\??$",
        "who is (this|calling)$", "speaking$", "hold on", "one (sec|second|moment)", "just a (sec|second|moment)",
        // he
        "איך (אפשר|אוכל) לעזור", "במה אפשר לעזור", "(רוצה|רוצים) להשאיר", "מי (מדבר|זה)$", "רגע אחד",
        // fr
        "(comment|en quoi) (puis je|je peux) vous aider", "(voulez|vous voulez) (vous )?laisser", "c'est de la part de", "qui est a l'appareil$", "un instant",
        // de
        "wie kann ich (ihnen )?helfen", "was kann ich fur sie tun", "(mochten|wollen) sie (eine nachricht )?hinterlassen", "wer ist (da|dran)", "am apparat",
        "einen moment",
        // es
        "en que (puedo|le puedo) ayudar", "(quiere|desea) dejar", "de parte de quien", "quien (habla|es)$", "un momento",
    ]);

    /// <summary>Classifies the first utterance; <paramref name="spokenFor"/> is how long it lasted when the telephony
    /// reports it, otherwise it is estimated from its words at <see cref="WordsPerSecond"/>.</summary>
    public static AnswerVerdict Classify(string firstUtterance, TimeSpan? spokenFor = null)
    {
        ArgumentNullException.ThrowIfNull(firstUtterance);
        var text = SpokenText.Normalize(firstUtterance);
        var words = SpokenText.Words(text).Length;
        var duration = spokenFor ?? TimeSpan.FromSeconds(words / WordsPerSecond);
        if (Screening.Find(text) is { } screening)
        {
            return new AnswerVerdict(AnsweredBy.CallScreening, $"screening question \"{screening}\"");
        }

        if (Tone.Find(text) is { } tone)
        {
            return new AnswerVerdict(AnsweredBy.Voicemail, $"tone or mailbox cue \"{tone}\"", ToneNamed: true);
        }

        if (HumanCues.Find(text) is { } cue)
        {
            return new AnswerVerdict(AnsweredBy.Human, $"question back to the caller \"{cue}\"");
        }

        if (Machine.Find(text) is { } machine)
        {
            return new AnswerVerdict(AnsweredBy.Voicemail, $"machine phrase \"{machine}\"");
        }

        var shared = Shared.Count(text);
        if (shared >= 2 || (shared == 1 && words >= LongGreetingWords))
        {
            return new AnswerVerdict(AnsweredBy.Voicemail, $"{shared} absence phrase(s) in {words} words");
        }

        if (duration >= MonologueLength && words >= MonologueWords)
        {
            return new AnswerVerdict(AnsweredBy.Voicemail, $"monologue of {words} words over {duration.TotalSeconds:0.#} s without a pause");
        }

        return new AnswerVerdict(AnsweredBy.Human, "no machine cue");
    }
}

namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>Spanish (es-ES; serves every "es-*" lead). Phrasing uses "usted".</summary>
public sealed class Spanish : LanguagePack
{
    private static readonly Lexicon Words = new()
    {
        Intents = new Dictionary<Intent, string[]>
        {
            [Intent.OptOut] =
            [
                "no me llame(s|n)? mas", "no me vuelva(s|n)? a llamar", "no vuelva(s|n)? a llamar(me)?", "borre(n)? mi numero",
                "quite(n)?me de (la|su) lista", "quitenme", "elimine(n)? mi numero", "deje(n)? de llamar(me)?",
                "no quiero que me llame(n)?", "lista robinson", "dar(me)? de baja",
            ],
            [Intent.Hostile] =
            [
                "estafa\\w*", "idiota\\w*", "dejeme en paz", "dejame en paz", "vete a la mierda", "mierda", "imbecil\\w*",
                "cabron\\w*", "ladrones", "acoso",
            ],
            [Intent.WrongNumber] =
            [
                "numero equivocado", "se ha equivocado", "se equivoco", "equivocado de numero", "aqui no (hay|vive) \\w+",
                "no conozco", "no soy (yo|el|ella)", "no es aqui", "esta equivocad[oa]", "se equivoca",
            ],
            [Intent.Repeat] =
            [
                "repit\\w*", "repetir", "como dice", "perdon", "otra vez", "no le (he )?entend\\w*", "no entendi",
                "que ha dicho", "que dijo", "^(diga|digame|si diga|hola|bueno|alo)$",
            ],
            [Intent.CallLater] =
            [
                "(llame|marque|hable)(me|nos)? (mas tarde|luego|manana|otro dia|otra vez|la semana|el|a las|en|dentro|esta|este|hoy)", "llameme", "llamame", "marqueme", "marcame", "(?<!(el|la|lo|de) )mas tarde",
                "vuelva a llamar(me)?", "ahor(a|ita) no puedo", "estoy ocupad[oa]", "no es (un )?buen momento",
                "(el|ella) no esta", "no esta disponible", "estoy conduciendo", "en una reunion", "luego", "ahor(a|ita) no", "no tengo tiempo",
            ],
            [Intent.AskNumberSource] =
            [
                "(como|donde) (consiguio|consiguieron|obtuvo|saco|sacaron|tiene|tienen) mi numero", "de donde (saco|sacaron|tiene)",
                "mi numero",
            ],
            [Intent.AskIdentity] =
            [
                "quien (me )?(habla|es|llama|eres)", "con quien hablo", "un robot", "que empresa", "de que empresa",
            ],
            [Intent.AskPurpose] =
            [
                "de que se trata", "(por|para) que (me )?llama", "que quiere", "de que va", "cual es el motivo", "que desea",
                "cuenteme mas",
            ],
            [Intent.NotInterested] =
            [
                "no (me|nos) interesa", "no estoy interesad[oa]", "no gracias", "no necesito", "(he )?cambiado de opinion",
                "cambie de opinion", "no hace falta", "olvidelo",
            ],
            [Intent.Deny] =
            [
                "(?<!por que )no", "para nada", "no es correcto", "incorrecto", "esta mal", "ninguno", "ninguna", "no me va", "no puedo",
            ],
            [Intent.WantsToSchedule] = ["cita", "reunion", "agendar", "reservar", "quedar", "programar"],
            [Intent.Affirm] =
            [
                "si", "claro", "vale", "por que no", "de acuerdo", "perfecto", "correcto", "exacto", "me interesa", "por supuesto",
                "bueno", "muy bien", "esta bien", "genial", "con gusto", "me parece bien", "eso es", "dale", "okey", "ok", "quizas", "tal vez",
                "me viene bien", "bien", "estupendo", "fenomenal", "de lujo", "sale", "orale", "venga",
            ],
            [Intent.PickEarlier] =
            [
                "(el|la) (de )?mas temprano", "(el|la) mas temprana", "(el|la) (de )?mas pronto", "(el|la) de antes",
            ],
            [Intent.PickLater] =
            [
                "(el|la) (de )?mas tarde", "(el|la) de despues", "(el|la) mas tardio", "(el|la) mas tardia",
            ],
            [Intent.Goodbye] =
            [
                "adios", "hasta luego", "hasta pronto", "hasta la vista", "chao", "nos vemos", "que (le|te) vaya bien",
            ],
        },
        MarkerWords =
        [
            "hola", "usted", "quien", "esta", "bueno", "gracias", "hablo", "espanol", "senor", "senora", "soy", "es",
            "el", "por", "favor", "claro", "vale", "como", "digame", "aqui", "puedo", "yo", "tengo", "si", "muy", "pero",
        ],
        Weekdays = [["domingo"], ["lunes"], ["martes"], ["miercoles"], ["jueves"], ["viernes"], ["sabado"]],
        Months =
        [
            ["enero"], ["febrero"], ["marzo"], ["abril"], ["mayo"], ["junio"], ["julio"], ["agosto"],
            ["septiembre", "setiembre"], ["octubre"], ["noviembre"], ["diciembre"],
        ],
        RelativeDays = new Dictionary<string, int>
        {
            ["hoy"] = 0, ["manana"] = 1, ["pasado manana"] = 2, ["(en|dentro de) (dos|2) dias"] = 2, ["(en|dentro de) (tres|3) dias"] = 3,
            ["(en|dentro de) unos (pocos )?dias"] = 3, ["(en|dentro de) (una|1) semana"] = 7, ["(en|dentro de) ocho dias"] = 7,
            ["(en|dentro de) (dos|2) semanas"] = 14, ["(en|dentro de) (quince|15) dias"] = 14, ["(en|dentro de) (tres|3) semanas"] = 21,
        },
        NextWeek = ["la proxima semana", "la semana que viene", "proxima semana", "semana que viene", "la semana siguiente"],
        NextDayQualifiers = ["proximo", "proxima", "que viene"],
        Morning = ["por la manana", "de la manana", "en la manana"],
        Afternoon = ["por la tarde", "de la tarde", "en la tarde", "esta tarde"],
        Evening = ["por la noche", "de la noche", "en la noche", "esta noche"],
        Noon = ["al mediodia", "del mediodia", "mediodia"],
        // "más tarde" means "later", not "in the afternoon" (but "el de más tarde" is the later slot).
        Noise = ["(?<!(el|la|lo|de) )mas tarde", "un segundo", "en primer lugar"],
        Numbers = NumberWords(),
        ClockPatterns =
        [
            new("((a|sobre|hacia|para) )?las? {h} y media", ClockKind.HalfPast),
            new("((a|sobre|hacia|para) )?las? {h} y cuarto", ClockKind.QuarterPast),
            new("((a|sobre|hacia|para) )?las? {h} menos cuarto", ClockKind.QuarterTo),
            new("((a|sobre|hacia|para) )?las? {h} menos (?<m>cinco|diez|veinte|veinticinco|5|10|20|25)", ClockKind.MinutesTo),
            new("{h}:{m}( horas| h)?", ClockKind.Hour),
            new("((a|sobre|hacia|para) )?las? {h}(( y)? {m})?( horas| en punto| h)?", ClockKind.Hour),
            // "dos horas" is a duration; only a 24-hour number with "horas" is a time by itself.
            new("(?<h>1[3-9]|2[0-3]) (horas|h)", ClockKind.Hour),
            new("{h}(?= (de la (manana|tarde|noche)|del mediodia|en punto))", ClockKind.Hour),
        ],
        RangeStarts = ["entre"],
        CountNouns =
        [
            "personas", "gente", "ninos", "hijos", "empleados", "trabajadores", "euros?", "dolares", "pesos", "por ciento",
            "veces", "dias", "semanas", "meses", "anos", "minutos", "horas",
        ],
        Corrections =
        [
            "no no", "no", "espere", "espera", "perdon", "digo", "quiero decir", "mas bien", "mejor", "sino", "en realidad",
            "me equivoque", "corrijo", "rectifico", "disculpe", "o sea",
        ],
        PmMarkers = ["de la tarde", "de la noche", "por la tarde", "por la noche"],
        AmMarkers = ["de la manana", "por la manana", "de la madrugada"],
        Durations = ["(en|dentro de) {n} (?<hours>horas?)", "(en|dentro de) {n} (?<minutes>minutos?)"],
        FixedDurations = new Dictionary<string, int>
        {
            ["en media hora"] = 30, ["dentro de media hora"] = 30, ["en hora y media"] = 90, ["en una hora"] = 60,
            ["dentro de una hora"] = 60,
        },
        Ordinals = new Dictionary<string, int>
        {
            ["la primera"] = 1, ["el primero"] = 1, ["primera"] = 1, ["primero"] = 1, ["la segunda"] = 2,
            ["el segundo"] = 2, ["segunda"] = 2, ["segundo"] = 2, ["la tercera"] = 3, ["el tercero"] = 3,
            ["tercera"] = 3, ["tercero"] = 3, ["la ultima"] = -1, ["el ultimo"] = -1, ["ultima"] = -1, ["ultimo"] = -1,
            ["(el|la|lo) (de )?mas tarde"] = -1, ["(el|la|lo) (de )?mas tempran[oa]"] = 1,
        },
        DatePatterns = ["(el )?{d} de {mon}", "(el )?{d} {mon}"],
        DayOfMonthPatterns =
        [
            "(el )?{wd},? (el )?(dia )?({d}|{dw})(?! ?(horas|h|:|y (media|cuarto)|de la))", "el (dia )?{d}(?! ?(horas|:))",
        ],
        DayWords = DayWordsOf(),
        VoicemailStrong =
        [
            "deje (su|un) mensaje", "despues de (la senal|el tono|la senal acustica)", "despues del tono", "tras la senal",
            "buzon de voz", "contestador", "ha llamado a", "grabe su mensaje",
        ],
        VoicemailWeak =
        [
            "no (esta|estoy) disponible", "no puedo atender", "le devolvere la llamada", "lo antes posible",
            "en este momento no",
        ],
        EmailWords = new Dictionary<string, string>
        {
            ["arroba"] = "@", ["at"] = "@", ["punto"] = ".", ["guion bajo"] = "_", ["guion"] = "-",
        },
    };

    private static string[] Units => ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];

    /// <summary>Numbers 1-59 as said ("veinticinco", "cuarenta y cinco").</summary>
    private static Dictionary<string, int> NumberWords()
    {
        var words = DayWordsOf();
        words.Remove("primero");
        words["una"] = 1;
        words["un"] = 1;
        words["veintiuna"] = 21;
        string[] tens = ["", "", "", "treinta", "cuarenta", "cincuenta"];
        for (var t = 3; t < tens.Length; t++)
        {
            words[tens[t]] = 10 * t;
            words[$"{tens[t]} y una"] = (10 * t) + 1;
            for (var unit = 1; unit <= 9; unit++)
            {
                words[$"{tens[t]} y {Units[unit]}"] = (10 * t) + unit;
            }
        }

        return words;
    }

    /// <summary>Days of the month as said ("el jueves diez", "el primero").</summary>
    private static Dictionary<string, int> DayWordsOf()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal) { ["primero"] = 1 };
        string[] small = ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidos", "veintitres", "veinticuatro", "veinticinco", "veintiseis", "veintisiete", "veintiocho", "veintinueve", "treinta", "treinta y uno"];
        for (var n = 1; n < small.Length; n++)
        {
            words[small[n]] = n;
        }

        return words;
    }

    public override string Tag => "es-ES";

    public override IReadOnlyList<string> VoiceRegions { get; } = ["ES", "MX", "US", "AR", "CO", "CL", "PE"];

    public override Lexicon Lexicon => Words;

    protected override string AtWord => "arroba";

    protected override string DotWord => "punto";

    protected override string Or => "o";

    public override string Opening(CallContext context) =>
        $"Hola {context.LeadName}, le habla {context.AgentName}, un asistente de inteligencia artificial en nombre de {context.CompanyName}. "
        + (context.RecordingEnabled ? "Esta llamada se está grabando. " : "")
        + $"{Purpose(context)} {PitchQuestion(context)}";

    public override string PitchQuestion(CallContext context) =>
        "¿Le interesaría una reunión breve con nuestro equipo?";

    protected override string PurposeSentence(string purpose) => $"El motivo de mi llamada: {purpose}.";

    public override PitchText DefaultPitch { get; } = new("una breve presentación de nuestros servicios");

    public override string Identity(CallContext context) =>
        $"Soy {context.AgentName}, un asistente de inteligencia artificial que llama en nombre de {context.CompanyName}.";

    public override string NumberSource(CallContext context) =>
        $"{context.CompanyName} tiene su número en sus contactos; si lo prefiere, lo elimino ahora mismo.";

    public override string OfferSlots(IReadOnlyList<string> slots) =>
        $"Puedo ofrecerle {Alternatives(slots)}. ¿Cuál le viene mejor?";

    public override string ProposedTimeTaken(string proposed, IReadOnlyList<string> alternatives) =>
        $"{proposed} no está libre, pero puedo ofrecerle {Alternatives(alternatives)}. ¿Cuál le viene mejor?";

    public override string SlotTaken(IReadOnlyList<string> alternatives) =>
        $"Lo siento, ese horario se acaba de ocupar. Puedo ofrecerle {Alternatives(alternatives)}. ¿Cuál le viene mejor?";

    public override string NoSlots() =>
        "Lo siento, ahora mismo no tengo horarios libres. Le volveremos a llamar para encontrar uno. Adiós.";

    public override string WhichSlot(IReadOnlyList<string> slots) => $"¿Cuál prefiere: {Alternatives(slots)}?";

    public override string OnlyHave(IReadOnlyList<string> slots) => slots.Count == 1
        ? $"Solo tengo {slots[0]}; ¿le viene bien, o prefiere otro día?"
        : $"Solo tengo {Alternatives(slots)}; ¿cuál le viene bien, o prefiere otro día?";

    public override string AskOtherTime() => "No hay problema. ¿Qué día y hora le vendrían mejor?";

    public override string ConfirmEmail(string slot, string spokenEmail) =>
        $"El {slot} está libre. ¿Lo reservo y le envío la invitación a {spokenEmail}?";

    public override string AskEmail(string slot) =>
        $"El {slot} está libre. ¿A qué correo electrónico le envío la invitación?";

    public override string AskEmailAgain() => "¿Podría deletrearme su correo electrónico, por favor?";

    public override string ReadBackEmail(string spokenEmail) => $"Tengo {spokenEmail}. ¿Es correcto?";

    public override string Booked(string slot, string spokenEmail) =>
        $"He reservado su reunión para el {slot}. La invitación va a {spokenEmail}. ¡Gracias y adiós!";

    public override string AskCallbackTime() => "Por supuesto. ¿Cuándo le viene bien que le llamemos?";

    public override string CallbackScheduled(string? when) =>
        when is null ? "Por supuesto, le llamaremos más tarde. ¡Adiós!" : $"Por supuesto, le llamaré {when}. ¡Adiós!";

    public override string NotInterested() => "Lo entiendo. Gracias por su tiempo, adiós.";

    public override string OptedOut() => "Entendido. He eliminado su número y no le volveremos a llamar. Adiós.";

    public override string WrongNumber() => "Disculpe la confusión. Que tenga un buen día, adiós.";

    public override string Hostile() => "Disculpe la molestia. Adiós.";

    public override string NotHeard() => "Perdone, no le he entendido.";

    public override string GiveUp() => "Me cuesta oírle. Lo intentaremos en otro momento. Adiós.";

    public override string Voicemail(CallContext context) =>
        $"Hola {context.LeadName}, le habla {context.AgentName}, un asistente de inteligencia artificial de {context.CompanyName}. "
        + $"{PurposeOnly(context)} Volveremos a intentarlo pronto. Adiós.";

    public override string SwitchedLanguage() => "De acuerdo, seguimos en español.";

    public override string FormatSlot(DateTime local) => Format(local, "dddd, d 'de' MMMM 'a las' H:mm");

    public override string FormatTime(DateTime local) => Format(local, "'a las' H:mm");

    public override string FormatCallback(DateTime local) => "el " + FormatSlot(local);
}

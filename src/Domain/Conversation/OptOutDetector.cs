using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Hears "stop calling me" in any supported language, whatever language the call is in, before any brain is asked:
/// an opt-out must end the call at once and never depend on a model's reading. The phrases are each language's
/// opt-out lexicon (what the rule brain already understands) plus the variants below.
/// </summary>
public static class OptOutDetector
{
    // Written in SpokenText.Normalize form: lower case, no diacritics, hyphens as spaces.
    private static readonly Dictionary<string, string[]> Variants = new(StringComparer.Ordinal)
    {
        ["en"] =
        [
            "stop calling( me| us| here| this number)?", "quit calling", "remove (me|my number|us) from (your|the) (list|database|records)",
            "take (me|my number|us) off (your|the) (list|database)", "put (me|my number) on (your|the) do not call list", "do not call list",
            "don'?t (ever )?call (me|us|here|this number) (again|anymore|any more)", "never call (me|us|here) again", "no more calls",
            "stop (these|the|your) calls", "i don'?t want (any )?more calls", "i don'?t want to be called", "opt (me )?out",
            "(delete|erase) my (number|details|data)", "don'?t want you calling",
        ],
        ["he"] =
        [
            "אל תתקשר(ו|י)? (אליי|אלי|לכאן|יותר)", "לא להתקשר (אליי|אלי|יותר)", "לא רוצה ש(תתקשרו|יתקשרו|תתקשר|תתקשרי)",
            "אני לא רוצה (עוד )?שיחות", "אל תחייג(ו|י)?", "תמחק(ו|י)? אותי", "(הסר|תסיר|הסירו|תסירו) את המספר", "תוריד(ו|י)? את המספר",
            "תפסיק(ו|י)? (להתקשר|לחייג)", "די להתקשר", "בלי שיחות נוספות", "רשימת אל תתקשר",
        ],
        ["fr"] =
        [
            "ne m'appelez plus( jamais)?", "ne me contactez plus", "ne (me )?rappelez plus", "je ne veux plus (etre appelee?|de vos appels|d'appels|recevoir d'appels)",
            "cessez de m'appeler", "arretez de me (harceler|contacter)", "rayez (moi|mon numero)", "plus d'appels", "enlevez (moi|mon numero)",
            "supprimez (moi|mes coordonnees)", "ne plus me (contacter|rappeler)", "opposition au demarchage",
        ],
        ["de"] =
        [
            "rufen sie mich (nie|nicht) (mehr|wieder)( an)?", "ich (will|mochte|moechte) nicht mehr angerufen werden", "nicht mehr angerufen werden",
            "keine (weiteren )?anrufe( mehr)?", "nehmen sie (mich|meine nummer) (von|aus) (der|ihrer) liste", "tragen sie mich aus",
            "unterlassen sie (die |weitere )?anrufe", "horen sie auf (mich )?anzurufen", "ich widerspreche", "loschen sie meine daten",
        ],
        ["es"] =
        [
            "no me (llamen|llame|llames) (mas|nunca mas|otra vez)", "nunca mas me (llamen|llame)", "no (llamen|llame) mas", "dejen de llamar(me)?",
            "no quiero (recibir )?mas llamadas", "no quiero que me (vuelvan a llamar|llamen)", "(sacame|saquenme) de (la|su) lista",
            "(borrenme|eliminenme|quitenme)", "elimine(n)? mis datos", "no vuelvan a llamar(me)?",
        ],
    };

    private static readonly (LanguagePack Pack, PhraseSet Phrases)[] Sets = LanguagePacks.All
        .Select(pack => (pack, new PhraseSet([.. pack.Lexicon.Intents[Intent.OptOut], .. Variants[pack.Tag[..2]]])))
        .ToArray();

    /// <summary>The language the opt-out was said in (its pack), or null when <paramref name="utterance"/> asks for
    /// no such thing. The call's own language is tried first.</summary>
    public static LanguagePack? Detect(string utterance, LanguagePack? callLanguage = null)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var text = SpokenText.Normalize(utterance);
        foreach (var (pack, phrases) in Sets.OrderBy(s => s.Pack == callLanguage ? 0 : 1))
        {
            if (phrases.Find(text) is not null)
            {
                return pack;
            }
        }

        return null;
    }

    public static bool IsOptOut(string utterance) => Detect(utterance) is not null;
}

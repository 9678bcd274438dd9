namespace AiScheduler.Domain.Recording;

/// <summary>How a call may be recorded where the lead is.</summary>
public enum RecordingMode
{
    /// <summary>Say in the opening that the call is recorded, and record (consent by continuing after the notice).</summary>
    AnnounceAndRecord,

    /// <summary>Ask in the opening and record only after a clear yes.</summary>
    AskFirst,

    /// <summary>Do not record, and say nothing about recording.</summary>
    Never,
}

/// <summary>One row of <see cref="RecordingRules"/>: a country's mode and where it comes from.</summary>
public sealed record RecordingRule(string Country, RecordingMode Mode, string Source);

/// <summary>
/// Recording mode per country (ISO 3166 alpha-2, as <c>PhoneNumber.RegionCode</c> gives it), version
/// <see cref="Version"/>. Each row names its source or the assumption it rests on; these are conservative product
/// defaults, not legal advice, and every row can be overridden by configuration (<c>Calls:Compliance:RecordingModes</c>).
/// Where a country's law asks for the consent of every party, announcing and carrying on counts as consent only where
/// courts or regulators have said so; elsewhere the agent asks first. Countries not listed ask first
/// (<see cref="Unlisted"/>).
/// </summary>
public static class RecordingRules
{
    public const string Version = "2026-12-01";

    public static RecordingRule Unlisted { get; } = new("*", RecordingMode.AskFirst,
        "Assumption: with no reviewed rule for the country, consent is asked before recording (the safest reading of all-party-consent laws).");

    public static IReadOnlyList<RecordingRule> All { get; } =
    [
        new("US", RecordingMode.AnnounceAndRecord,
            "18 U.S.C. 2511(2)(d) one-party consent; all-party states (e.g. Cal. Penal Code 632, Fla. Stat. 934.03) are met by a notice at the start "
            + "and the callee carrying on (Kearney v. Salomon Smith Barney, Cal. 2006)."),
        new("CA", RecordingMode.AnnounceAndRecord,
            "Criminal Code s.184 one-party consent; PIPEDA asks that the purpose be told at the start (OPC guidance on recording customer calls)."),
        new("GB", RecordingMode.AnnounceAndRecord,
            "Investigatory Powers Act 2016 / Lawful Business Practice Regulations and UK GDPR transparency: inform the callee that the call is recorded (ICO guidance)."),
        new("IE", RecordingMode.AnnounceAndRecord,
            "Postal Packets and Telecommunications Messages Act 1993 one-party consent; GDPR Art. 13 notice at the start (Data Protection Commission guidance)."),
        new("IL", RecordingMode.AnnounceAndRecord,
            "Wiretap Law 5739-1979 s.1-2: a participant may record; Privacy Protection Law notice given at the start."),
        new("FR", RecordingMode.AskFirst,
            "CNIL guidance on recording telephone calls: inform and let the person object before recording; for prospecting calls the conservative reading is to ask."),
        new("DE", RecordingMode.AskFirst,
            "StGB s.201 (Vertraulichkeit des Wortes): recording the spoken word without consent is an offence; explicit consent first."),
        new("AT", RecordingMode.AskFirst, "StGB s.120 and DSG: recording needs the consent of the person recorded."),
        new("CH", RecordingMode.AskFirst, "StGB art. 179bis/179ter: recording a conversation without the other party's consent is an offence."),
        new("ES", RecordingMode.AnnounceAndRecord,
            "LOPDGDD and AEPD guidance: inform of the recording and its purpose at the start; a callee who carries on after the notice consents."),
        new("MX", RecordingMode.AnnounceAndRecord, "Assumption: LFPDPPP privacy notice given at the start of the call covers a business recording."),
        new("AR", RecordingMode.AskFirst, "Assumption: Ley 25.326 asks for informed consent; asked before recording."),
        new("AU", RecordingMode.AskFirst,
            "Telecommunications (Interception and Access) Act 1979 and all-party state laws (e.g. Listening Devices Act, SA); asked first."),
    ];

    private static readonly Dictionary<string, RecordingRule> ByCountry = All.ToDictionary(r => r.Country, StringComparer.OrdinalIgnoreCase);

    /// <summary>The rule for <paramref name="country"/> (ISO alpha-2), or <see cref="Unlisted"/>.</summary>
    public static RecordingRule For(string? country) =>
        country is not null && ByCountry.TryGetValue(country, out var rule) ? rule : Unlisted;

    /// <summary>
    /// What the call does about recording: the country's mode (or the configured override), but nothing is recorded,
    /// announced or asked when the deployment has no recorder switched on.
    /// </summary>
    public static RecordingPlan Plan(string? country, bool recorderOn, IReadOnlyDictionary<string, RecordingMode>? overrides = null)
    {
        var mode = country is not null && overrides is not null && overrides.TryGetValue(country, out var configured)
            ? configured
            : For(country).Mode;
        return !recorderOn || mode == RecordingMode.Never ? new RecordingPlan(RecordingMode.Never, false, false) : mode switch
        {
            RecordingMode.AnnounceAndRecord => new RecordingPlan(mode, Announce: true, Ask: false),
            _ => new RecordingPlan(mode, Announce: false, Ask: true),
        };
    }
}

/// <summary>For one call: the mode in force, whether the opening announces a recording that starts on answer, or asks.</summary>
public sealed record RecordingPlan(RecordingMode Mode, bool Announce, bool Ask);

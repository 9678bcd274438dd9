namespace AiScheduler.Functions.Permissions;

/// <summary>
/// <c>CallingRules:</c> settings. <c>Enabled</c> (default true) applies the shipped per-country rule table
/// (<see cref="Domain.Permissions.CallingRules"/>) to every dial. Turning it off leaves only the do-not-call list, the
/// consent a campaign asks for and the campaign's window: for test harnesses that call at arbitrary hours, never for
/// production.
/// </summary>
public sealed class CallingRulesOptions
{
    public const string Section = "CallingRules";

    public bool Enabled { get; set; } = true;
}

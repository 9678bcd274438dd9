using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// Who hears about held and missed meetings: <c>Meetings:SalesTeamEmail</c> (and <c>Meetings:SalesTeamName</c>), beside
/// the other <c>Meetings:</c> settings.
/// </summary>
public sealed class MeetingCompletionOptions
{
    public const string Section = "Meetings";

    /// <summary>Receives every meeting summary and no-show notice (the meeting's rep, when set, gets a copy).</summary>
    public string SalesTeamEmail { get; set; } = "sales@aischeduler.local";

    public string SalesTeamName { get; set; } = "Sales team";
}

internal sealed class MeetingCompletionOptionsValidation : IValidateOptions<MeetingCompletionOptions>
{
    public ValidateOptionsResult Validate(string? name, MeetingCompletionOptions options)
    {
        try
        {
            _ = new Providers.Email.EmailAddress(options.SalesTeamEmail ?? "", options.SalesTeamName);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Meetings:SalesTeamEmail (with Meetings:SalesTeamName) is not usable: {ex.Message}.");
        }
    }
}

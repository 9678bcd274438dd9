using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.EventGrid;

/// <summary>The <c>EventGrid</c> configuration section: how <c>POST /api/eventgrid</c> authenticates and whose calls it takes.</summary>
public sealed class EventGridOptions
{
    public const string Section = "EventGrid";

    /// <summary>
    /// Shared secret the subscription presents, as <c>?code=</c> in the subscription's endpoint URL (what Azure
    /// Functions' Event Grid webhooks use), or in an <c>x-functions-key</c> or <c>aeg-sas-key</c> header. When empty, a
    /// key is generated at first start and kept in the store (<see cref="EventGridKey"/>); the azure profile requires one.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Answered in <c>WebHook-Allowed-Origin</c> to the CloudEvents handshake; Event Grid asks as eventgrid.azure.net.</summary>
    public string AllowedOrigin { get; set; } = "eventgrid.azure.net";

    /// <summary>Deliveries per second we accept, answered in <c>WebHook-Allowed-Rate</c> (<c>*</c> for no limit).</summary>
    public string AllowedRate { get; set; } = "*";

    /// <summary>The workspace inbound calls belong to (the number called is the workspace's line).</summary>
    public Guid WorkspaceId { get; set; } = Workspaces.DefaultId;

    /// <summary>Time zone used for an unknown caller whose number does not pin one down.</summary>
    public string FallbackTimeZone { get; set; } = "UTC";

    /// <summary>
    /// Start recording each call when it connects (when <c>Calls:RecordingEnabled</c> is on too, so the opening's
    /// disclosure stays true). On in the local-azure and azure profiles; off in embedded, where nothing consumes them.
    /// </summary>
    public bool RecordCalls { get; set; }

    /// <summary>How long a recording link handed out by <c>GET /api/calls/{id}/recording</c> stays valid.</summary>
    public TimeSpan RecordingLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);
}

internal sealed class EventGridOptionsValidation : IValidateOptions<EventGridOptions>
{
    public ValidateOptionsResult Validate(string? name, EventGridOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.Key) && options.Key.Length < 16)
        {
            errors.Add("EventGrid:Key must be at least 16 characters (a random value, the same as the ?code= in the Event Grid subscription URL), or empty to use the key generated at first start and kept in the store.");
        }

        if (string.IsNullOrWhiteSpace(options.AllowedOrigin))
        {
            errors.Add("EventGrid:AllowedOrigin must name the origin allowed to deliver events (eventgrid.azure.net, or * for any).");
        }

        if (options.RecordingLinkLifetime <= TimeSpan.Zero || options.RecordingLinkLifetime > TimeSpan.FromDays(7))
        {
            errors.Add("EventGrid:RecordingLinkLifetime must be between a second and 7 days (the longest a SAS link may live), e.g. 00:15:00.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.FallbackTimeZone, out _))
        {
            errors.Add($"EventGrid:FallbackTimeZone '{options.FallbackTimeZone}' is not a known IANA time zone such as UTC or Europe/Paris.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

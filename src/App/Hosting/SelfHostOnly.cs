namespace AiScheduler.Functions.Hosting;

/// <summary>
/// Endpoint metadata: a route only the self-host serves (the meeting room's page and SignalR hub, which need a
/// long-lived connection the Functions HTTP trigger cannot hold). The Functions app has no wrapper for these; the
/// README's meeting room section says how the room is served next to an Azure Functions deployment.
/// </summary>
public sealed class SelfHostOnly
{
    public static SelfHostOnly Instance { get; } = new();

    private SelfHostOnly()
    {
    }
}

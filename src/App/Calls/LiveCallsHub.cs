using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Security;
using Microsoft.AspNetCore.SignalR;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The dashboard's live calls: every transcript line of a call in progress and each call's end, pushed to the signed-in
/// users of the call's workspace as <c>update</c> messages (<see cref="LiveCallMessage"/>). Self-host only, like the
/// meeting room's hub: it sits under <c>/api</c>, so it takes the API's sign-in (the dashboard's cookie).
/// </summary>
public sealed class LiveCallsHub : Hub
{
    public const string Path = "/api/hubs/calls";

    /// <summary>Joins the caller to its workspace's group: only that workspace's calls reach it.</summary>
    public override async Task OnConnectedAsync()
    {
        var user = Context.User ?? throw new HubException("Sign in first.");
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(user.WorkspaceId()), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    internal static string GroupOf(Guid workspaceId) => $"workspace:{workspaceId:D}";
}

/// <summary>One live update as the dashboard receives it: a transcript line (<see cref="Turn"/>) or the call's end.</summary>
public sealed record LiveCallMessage(string CallId, LiveTurn? Turn, string? EndedWith);

/// <summary>A transcript line of a live call.</summary>
public sealed record LiveTurn(int Seq, string Speaker, string Text, string Language, DateTimeOffset AtUtc);

/// <summary>Relays <see cref="LiveCallFeed"/> to <see cref="LiveCallsHub"/>'s workspace groups.</summary>
internal sealed class LiveCallBroadcaster(LiveCallFeed feed, IHubContext<LiveCallsHub> hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in feed.SubscribeAsync(stoppingToken))
            {
                var turn = update.Turn is { } t ? new LiveTurn(t.Seq, t.Speaker, t.Text, t.Language, t.AtUtc) : null;
                await hub.Clients.Group(LiveCallsHub.GroupOf(update.WorkspaceId))
                    .SendAsync("update", new LiveCallMessage(update.CallId, turn, update.EndedWith?.ToWireName()), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

public static class LiveCallsHubExtensions
{
    /// <summary>The live calls hub and its relay (self-host only; needs SignalR, which the meeting room adds).</summary>
    public static IServiceCollection AddLiveCallsHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<LiveCallBroadcaster>();
        return services;
    }

    public static WebApplication MapLiveCallsHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<LiveCallsHub>(LiveCallsHub.Path).WithMetadata(SelfHostOnly.Instance);
        return app;
    }
}

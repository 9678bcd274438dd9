using System.Security.Cryptography;
using System.Text;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// The key <c>POST /api/eventgrid</c> requires, in every profile: <c>EventGrid:Key</c> when set, otherwise one generated
/// by the first host that starts and kept in the store (table <c>event_grid_keys</c>), so the endpoint never accepts
/// unauthenticated events. An insert that loses the race between instances reads the winner's key.
/// </summary>
public sealed class EventGridKey(DataStore store, IOptions<EventGridOptions> options, TimeProvider clock)
{
    public const string StoredName = "webhook";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _key;

    /// <summary>Whether the key comes from configuration rather than the store.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.Key);

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        if (options.Value.Key is { Length: > 0 } configured)
        {
            return _key = configured;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Compares <paramref name="presented"/> with the key in constant time. Both sides are hashed first so neither the
    /// content nor the length of the key leaks through timing.
    /// </summary>
    public async ValueTask<bool> AcceptsAsync(string? presented, CancellationToken cancellationToken)
    {
        var key = await GetAsync(cancellationToken);
        return !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    private async Task<string> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO event_grid_keys (name, key_value, created_at) VALUES (@name, @key, @now)
            ON CONFLICT (name) DO NOTHING
            """,
            new { name = StoredName, key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), now = clock.GetUtcNow() },
            cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT key_value FROM event_grid_keys WHERE name = @name", new { name = StoredName }, cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException("The generated Event Grid key could not be stored.");
    }
}

/// <summary>
/// Once the host has started: makes sure the Event Grid key exists (generating it on first start), says where to find
/// it, and points the host's embedded telephony's (the self-host's in-process emulator) Event Grid deliveries at this
/// host's <c>/api/eventgrid?code=</c>.
/// </summary>
internal sealed class EventGridKeyStartup(EventGridKey key, CallbackAddresses addresses, IEnumerable<IEmbeddedTelephony> embedded,
    IOptions<TelephonyOptions> telephony, ILogger<EventGridKey> logger) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var value = await key.GetAsync(cancellationToken);
        if (!key.IsConfigured)
        {
            Log.GeneratedKeyInUse(logger, EventGridKey.StoredName);
        }

        if (telephony.Value.Provider == TelephonyProvider.Emulator && telephony.Value.Emulator.EventGridEndpoint is null)
        {
            var endpoint = new Uri(addresses.BaseUri, EventGridEndpoints.Path.TrimStart('/') + "?code=" + Uri.EscapeDataString(value));
            foreach (var telephonyService in embedded)
            {
                telephonyService.DeliverEventGridTo(endpoint);
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

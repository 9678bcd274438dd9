using System.Globalization;
using System.Text.Json.Nodes;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Reconciliation;

/// <summary>One reconciliation round's figures.</summary>
public sealed record ReconciliationRound(int Checked, int Ended, int Stuck, int Resent);

/// <summary>
/// Checks the calls the store thinks are in progress against the telephony service, at start-up and every
/// <see cref="CallReconciliationOptions.Interval"/>, so a call cut off by a crash is settled at once instead of waiting
/// for the campaign's <c>CallEndedTimeout</c>:
/// <list type="bullet">
/// <item>the service no longer has the call (404) or has it disconnected: a <c>CallDisconnected</c> is put in the call
/// inbox (one per call, whichever process finds it), so the session settles through the usual path and the attempt is
/// told;</item>
/// <item>the call is up but its session has not moved for <see cref="CallReconciliationOptions.StuckAfter"/> (a callback
/// came while its process was down): it is hung up, and its disconnect settles it;</item>
/// <item>settled calls whose campaign attempt has not recorded the end are told again.</item>
/// </list>
/// </summary>
public sealed class CallReconciler(DataStore store, ITelephony telephony, CallInbox inbox, IEnumerable<ICallSettledHandler> settled,
    IOptions<CallReconciliationOptions> options, TimeProvider clock, ILogger<CallReconciler> logger) : BackgroundService
{
    private const int Batch = 1000;
    private readonly CallReconciliationOptions settings = options.Value;

    /// <summary>One round; public for the start-up check and for tests.</summary>
    public async Task<ReconciliationRound> ReconcileAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<OpenCall> open;
        await using (var connection = await store.OpenConnectionAsync(ct))
        {
            open = (await connection.QueryAsync<OpenCall>(new CommandDefinition(
                """
                SELECT call_id AS CallId, call_connection_id AS CallConnectionId, phase AS Phase, updated_at AS UpdatedAt
                FROM call_sessions WHERE phase <> 'ended' AND call_connection_id IS NOT NULL AND updated_at < @quietSince
                ORDER BY updated_at LIMIT @limit
                """,
                new { quietSince = now - settings.MinimumAge, limit = Batch }, cancellationToken: ct))).ToList();
        }

        int ended = 0, stuck = 0;
        foreach (var call in open)
        {
            try
            {
                switch (await CheckAsync(call, now, ct))
                {
                    case Verdict.Ended:
                        ended++;
                        break;
                    case Verdict.Stuck:
                        stuck++;
                        break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CallFailed(logger, e, call.CallId);
            }
        }

        var resent = 0;
        foreach (var handler in settled)
        {
            resent += await handler.ResendMissedAsync(settings.ResendEndAfter, ct);
        }

        var round = new ReconciliationRound(open.Count, ended, stuck, resent);
        if (ended + stuck + resent > 0)
        {
            Log.Reconciled(logger, round.Checked, round.Ended, round.Stuck, round.Resent);
        }

        return round;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, clock);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.RoundFailed(logger, e);
            }
        }
        while (await NextAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<Verdict> CheckAsync(OpenCall call, DateTimeOffset now, CancellationToken ct)
    {
        bool gone;
        try
        {
            gone = (await telephony.GetCallAsync(call.CallConnectionId, ct)).State == CallConnectionState.Disconnected;
        }
        catch (CallNotFoundException)
        {
            gone = true;
        }

        if (gone)
        {
            Log.EndedElsewhere(logger, call.CallId, call.Phase);
            await SettleAsync(call, now, ct);
            return Verdict.Ended;
        }

        if (now - call.UpdatedAt < settings.StuckAfter)
        {
            return Verdict.Live;
        }

        Log.Stuck(logger, call.CallId, call.Phase, call.UpdatedAt);
        try
        {
            // Its CallDisconnected callback settles it like any call the app hangs up.
            await telephony.HangUpAsync(call.CallConnectionId, forEveryone: true, ct);
        }
        catch (CallNotFoundException)
        {
            await SettleAsync(call, now, ct);
        }

        return Verdict.Stuck;
    }

    // The end the service no longer reports goes through the inbox like a real CallDisconnected: same lane (after the
    // call's other events), same handling, and the same durable signal to the campaign. One id per call de-duplicates
    // it across processes and rounds.
    private async Task SettleAsync(OpenCall call, DateTimeOffset now, CancellationToken ct)
    {
        var eventId = "reconciled-end:" + call.CallId;
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = eventId,
            ["type"] = "Microsoft.Communication.CallDisconnected",
            ["source"] = "reconciliation",
            ["time"] = now.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["callConnectionId"] = call.CallConnectionId,
                ["resultInformation"] = new JsonObject { ["code"] = 200, ["subCode"] = 0, ["message"] = "The call had ended at the telephony service (found by reconciliation)." },
            },
        };
        await inbox.AcceptAsync(CallInbox.AcsSource, eventId, call.CallId, cloudEvent.ToJsonString(), ct);
    }

    private enum Verdict
    {
        Live,
        Ended,
        Stuck,
    }

    private sealed class OpenCall
    {
        public string CallId { get; set; } = "";
        public string CallConnectionId { get; set; } = "";
        public string Phase { get; set; } = "";
        public DateTimeOffset UpdatedAt { get; set; }
    }
}

using System.Globalization;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls;

/// <summary>What one turn (or one command outside a turn) of a call used; see <see cref="CallUsageStore.RecordAsync"/>.</summary>
/// <param name="ConnectedAtMs">When the call connected (Unix ms), known on the turn the connection started.</param>
/// <param name="SentAtMs">When the turn's command was sent (Unix ms).</param>
/// <param name="Spoke">Whether the command carried the agent's audio.</param>
/// <param name="LatencyMs">The turn's latency, or null for a command that is not a turn (the hang-up).</param>
/// <param name="TelephonyCommands">Commands sent to the telephony service.</param>
/// <param name="LlmRequests">Model requests the brain made.</param>
/// <param name="LlmInputTokens">Their input (prompt) tokens.</param>
/// <param name="LlmOutputTokens">Their output (completion) tokens.</param>
/// <param name="SpeechRequests">Prompts synthesized plus recognitions started.</param>
internal readonly record struct CallUsageDelta(long? ConnectedAtMs, long SentAtMs, bool Spoke, int? LatencyMs, int TelephonyCommands,
    int LlmRequests, long LlmInputTokens, long LlmOutputTokens, int SpeechRequests);

/// <summary>Provider requests a call made: telephony commands, model requests (and their tokens), speech synthesis and recognition.</summary>
public sealed record CallProviderRequests(int Telephony, int Llm, int Speech, long LlmInputTokens, long LlmOutputTokens);

/// <summary>An estimate from the <c>Costs:*</c> prices: telephony by the minute connected, the model by the token.</summary>
public sealed record CallCostEstimate(string Currency, decimal Telephony, decimal Llm, decimal Total, double TelephonyMinutes);

/// <summary>
/// How a call went for the people paying and operating it: time from connection to the agent's first audio, turn
/// latency (median and worst), the provider requests it made and what it cost, estimated.
/// </summary>
public sealed record CallUsage(int? TimeToFirstAudioMs, int Turns, int? TurnLatencyP50Ms, int? TurnLatencyMaxMs,
    CallProviderRequests Requests, CallCostEstimate Cost);

/// <summary>
/// The <c>call_usage</c> table (owned by the Calls folder; written only by the call session). One upsert per turn,
/// after the turn's command is sent, so the caller never waits on it.
/// </summary>
public sealed class CallUsageStore(DataStore store, IOptions<CostOptions> costs)
{
    internal async Task RecordAsync(string callId, CallUsageDelta delta, CancellationToken ct)
    {
        var greatest = store.Provider == StoreProvider.Postgres ? "GREATEST" : "max";
        await using var connection = await store.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO call_usage (call_id, connected_at_ms, first_audio_ms, turns, turn_latencies_ms, turn_latency_max_ms,
                telephony_commands, llm_requests, llm_input_tokens, llm_output_tokens, speech_requests)
            VALUES (@callId, @connectedAtMs, @firstAudioMs, @turns, @latency, @latencyMs, @telephony, @llm, @input, @output, @speech)
            ON CONFLICT (call_id) DO UPDATE SET
                connected_at_ms = COALESCE(call_usage.connected_at_ms, excluded.connected_at_ms),
                first_audio_ms = COALESCE(call_usage.first_audio_ms, excluded.first_audio_ms,
                    CASE WHEN @spoke = 1 THEN @sentAtMs - COALESCE(call_usage.connected_at_ms, excluded.connected_at_ms) END),
                turns = call_usage.turns + excluded.turns,
                turn_latencies_ms = CASE WHEN excluded.turn_latencies_ms = '' THEN call_usage.turn_latencies_ms
                    WHEN call_usage.turn_latencies_ms = '' THEN excluded.turn_latencies_ms
                    ELSE call_usage.turn_latencies_ms || ',' || excluded.turn_latencies_ms END,
                turn_latency_max_ms = {greatest}(call_usage.turn_latency_max_ms, excluded.turn_latency_max_ms),
                telephony_commands = call_usage.telephony_commands + excluded.telephony_commands,
                llm_requests = call_usage.llm_requests + excluded.llm_requests,
                llm_input_tokens = call_usage.llm_input_tokens + excluded.llm_input_tokens,
                llm_output_tokens = call_usage.llm_output_tokens + excluded.llm_output_tokens,
                speech_requests = call_usage.speech_requests + excluded.speech_requests
            """,
            new
            {
                callId,
                connectedAtMs = delta.ConnectedAtMs,
                firstAudioMs = delta.Spoke && delta.ConnectedAtMs is { } connected ? (int?)(delta.SentAtMs - connected) : null,
                turns = delta.LatencyMs is null ? 0 : 1,
                latency = delta.LatencyMs is { } ms ? ms.ToString(CultureInfo.InvariantCulture) : "",
                latencyMs = delta.LatencyMs ?? 0,
                telephony = delta.TelephonyCommands,
                llm = delta.LlmRequests,
                input = delta.LlmInputTokens,
                output = delta.LlmOutputTokens,
                speech = delta.SpeechRequests,
                spoke = delta.Spoke ? 1 : 0,
                sentAtMs = delta.SentAtMs,
            },
            cancellationToken: ct));
    }

    /// <summary>The call's usage with its cost estimate; null when no turn of it was recorded (it never connected).</summary>
    /// <param name="callId">Our call id.</param>
    /// <param name="endedAt">When the call ended, or null while it runs (the minutes then count up to <paramref name="now"/>).</param>
    /// <param name="now">The clock's time.</param>
    /// <param name="ct">Cancels the read.</param>
    public async Task<CallUsage?> GetAsync(string callId, DateTimeOffset? endedAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT connected_at_ms, first_audio_ms, turns, turn_latencies_ms, turn_latency_max_ms, telephony_commands, llm_requests,
                   llm_input_tokens, llm_output_tokens, speech_requests
            FROM call_usage WHERE call_id = @callId
            """, new { callId }, cancellationToken: ct));
        return row is null ? null : Report(row, endedAt ?? now, costs.Value);
    }

    internal static CallUsage Report(Row row, DateTimeOffset endedAt, CostOptions prices)
    {
        var latencies = row.TurnLatenciesMs.Length == 0
            ? []
            : row.TurnLatenciesMs.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).Order().ToArray();
        var minutes = row.ConnectedAtMs is { } connected
            ? Math.Max(0, endedAt.ToUnixTimeMilliseconds() - connected) / 60_000.0
            : 0;
        var telephony = Math.Round((decimal)minutes * prices.TelephonyPerMinute, 6);
        var llm = Math.Round((row.LlmInputTokens * prices.LlmInputPerMillionTokens + row.LlmOutputTokens * prices.LlmOutputPerMillionTokens) / 1_000_000m, 6);
        return new CallUsage(
            (int?)row.FirstAudioMs,
            (int)row.Turns,
            latencies.Length == 0 ? null : Median(latencies),
            latencies.Length == 0 ? null : (int)row.TurnLatencyMaxMs,
            // A row exists once the call connected, which took the create (or answer) command the session never sends.
            new CallProviderRequests((int)row.TelephonyCommands + 1, (int)row.LlmRequests, (int)row.SpeechRequests, row.LlmInputTokens, row.LlmOutputTokens),
            new CallCostEstimate(prices.Currency, telephony, llm, telephony + llm, Math.Round(minutes, 3)));
    }

    /// <summary>The median of sorted values (the mean of the middle two for an even count, rounded).</summary>
    internal static int Median(int[] sorted) => sorted.Length % 2 == 1
        ? sorted[sorted.Length / 2]
        : (int)Math.Round((sorted[(sorted.Length / 2) - 1] + (long)sorted[sorted.Length / 2]) / 2.0, MidpointRounding.AwayFromZero);

    internal sealed class Row
    {
        public long? ConnectedAtMs { get; set; }
        public long? FirstAudioMs { get; set; }
        public long Turns { get; set; }
        public string TurnLatenciesMs { get; set; } = "";
        public long TurnLatencyMaxMs { get; set; }
        public long TelephonyCommands { get; set; }
        public long LlmRequests { get; set; }
        public long LlmInputTokens { get; set; }
        public long LlmOutputTokens { get; set; }
        public long SpeechRequests { get; set; }
    }
}

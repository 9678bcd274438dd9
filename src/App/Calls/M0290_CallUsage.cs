using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// What each call used and how fast it answered (<see cref="CallUsageStore"/>): when it connected, the time to the
/// agent's first audio, every turn's latency, and the provider requests and model tokens it took. One row per call,
/// written by the call session only.
/// </summary>
internal sealed class M0290_CallUsage : Migration
{
    public override int Version => 290;

    public override string Name => "call usage: first audio, turn latencies, provider requests";

    public override string Sqlite => """
        CREATE TABLE call_usage (
            call_id TEXT PRIMARY KEY,
            connected_at_ms INTEGER NULL,
            first_audio_ms INTEGER NULL,
            turns INTEGER NOT NULL,
            turn_latencies_ms TEXT NOT NULL,
            turn_latency_max_ms INTEGER NOT NULL,
            telephony_commands INTEGER NOT NULL,
            llm_requests INTEGER NOT NULL,
            llm_input_tokens INTEGER NOT NULL,
            llm_output_tokens INTEGER NOT NULL,
            speech_requests INTEGER NOT NULL
        );
        """;

    public override string Postgres => """
        CREATE TABLE call_usage (
            call_id text PRIMARY KEY,
            connected_at_ms bigint NULL,
            first_audio_ms integer NULL,
            turns integer NOT NULL,
            turn_latencies_ms text NOT NULL,
            turn_latency_max_ms integer NOT NULL,
            telephony_commands integer NOT NULL,
            llm_requests integer NOT NULL,
            llm_input_tokens bigint NOT NULL,
            llm_output_tokens bigint NOT NULL,
            speech_requests integer NOT NULL
        );
        """;
}

using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// What each call used and how fast it answered (<see cref="CallUsageStore"/>): when it connected, the time to the
/// agent's first audio, every turn's latency, and the provider requests and model tokens it took. One row per call,
/// written by the call session only.
/// </summary>
internal sealed class M0290_CallUsage : PortableMigration
{
    public override int Version => 290;

    public override string Name => "call usage: first audio, turn latencies, provider requests";

    protected override string Schema => """
        CREATE TABLE call_usage (
            call_id {text} PRIMARY KEY,
            connected_at_ms {bigint} NULL,
            first_audio_ms {integer} NULL,
            turns {integer} NOT NULL,
            turn_latencies_ms {text} NOT NULL,
            turn_latency_max_ms {integer} NOT NULL,
            telephony_commands {integer} NOT NULL,
            llm_requests {integer} NOT NULL,
            llm_input_tokens {bigint} NOT NULL,
            llm_output_tokens {bigint} NOT NULL,
            speech_requests {integer} NOT NULL
        );
        """;
}

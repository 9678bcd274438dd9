using System.Text.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The person's calls: the session keeps its outcome, times, language and campaign attempt (the statistics) but loses the
/// full phone number (<see cref="ErasedPhone"/>), the name, email and company in its context, the email heard and its
/// conversation turns; every transcript line keeps its speaker, language and time with its text blanked (the analytics
/// read the language of a call's last line); the call inbox's settled entries for those calls (raw provider events,
/// with recognised speech and numbers) are deleted.
/// </summary>
internal sealed class CallSessionErasure(DataStore store) : IPersonalDataEraser
{
    /// <summary>What an erased session keeps in place of the number (the calls API shows it masked as <c>***</c>).</summary>
    public const string ErasedPhone = "erased";

    public string Covers => "call sessions, transcripts and the call inbox";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.CallIds.Count == 0)
        {
            return 0;
        }

        var changed = 0;
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        foreach (var callId in subject.CallIds)
        {
            var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                $"SELECT {Text(store, "state")} FROM call_sessions WHERE call_id = @callId", new { callId }, cancellationToken: cancellationToken));
            var state = json is null ? null : JsonSerializer.Deserialize<ConversationState>(json, CallSessionStore.StateJson);
            var redacted = state is null ? null : state with
            {
                Context = state.Context with { LeadName = "", LeadEmail = null, LeadCompany = null },
                Email = null,
                Turns = [],
            };
            changed += await connection.ExecuteAsync(new CommandDefinition(
                redacted is null
                    ? "UPDATE call_sessions SET lead_phone = @phone WHERE call_id = @callId"
                    : $"UPDATE call_sessions SET lead_phone = @phone, state = {store.Dialect.Json("@state")} WHERE call_id = @callId",
                new { callId, phone = ErasedPhone, state = redacted is null ? null : JsonSerializer.Serialize(redacted, CallSessionStore.StateJson) },
                cancellationToken: cancellationToken));
        }

        changed += await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE call_transcript_turns SET text = '' WHERE {store.Dialect.InList("call_id", "@ids")}", new { ids = subject.CallIds.ToArray() },
            cancellationToken: cancellationToken));
        changed += await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM call_inbox WHERE {store.Dialect.InList("lane", "@ids")} AND processed_at IS NOT NULL", new { ids = subject.CallIds.ToArray() },
            cancellationToken: cancellationToken));
        return changed;
    }

    private static string Text(DataStore store, string column) => store.Provider == StoreProvider.Postgres ? column + "::text" : column;
}

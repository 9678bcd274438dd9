using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>The greeting's first sentence says it is an AI calling for which company; the recording notice is said
/// only when the call is recorded. Every language.</summary>
public sealed class GreetingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en-US", "America/New_York", "Hello Dana, this is Alex, an AI assistant calling on behalf of Northwind.", "This call is recorded.")]
    [InlineData("he-IL", "Asia/Jerusalem", "שלום Dana, כאן Alex, עוזר בינה מלאכותית מטעם Northwind.", "השיחה מוקלטת.")]
    [InlineData("fr-FR", "Europe/Paris", "Bonjour Dana, ici Alex, un assistant d'intelligence artificielle qui appelle pour Northwind.", "Cet appel est enregistré.")]
    [InlineData("de-DE", "Europe/Berlin", "Guten Tag Dana, hier ist Alex, ein KI-Assistent im Auftrag von Northwind.", "Dieses Gespräch wird aufgezeichnet.")]
    [InlineData("es-ES", "Europe/Madrid", "Hola Dana, le habla Alex, un asistente de inteligencia artificial en nombre de Northwind.", "Esta llamada se está grabando.")]
    public async Task The_first_sentence_discloses_the_ai_and_the_company_and_the_recording_notice_follows_only_when_recording(
        string language, string zone, string firstSentence, string notice)
    {
        var recorded = await StartAsync(language, zone, recording: true);
        var unrecorded = await StartAsync(language, zone, recording: false);

        Assert.StartsWith(firstSentence + " " + notice + " ", recorded.Say, StringComparison.Ordinal);
        Assert.StartsWith(firstSentence + " ", unrecorded.Say, StringComparison.Ordinal);
        Assert.DoesNotContain(notice, unrecorded.Say, StringComparison.Ordinal);
    }

    private static async Task<AgentTurn> StartAsync(string language, string zone, bool recording)
    {
        var context = new CallContext("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "a short demo of our scheduling service",
            language, zone, Now, recording);
        return await new RuleBasedAgent().StartAsync(ConversationState.Begin(context, Now),
            new InMemoryCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone), Now), CancellationToken.None);
    }
}

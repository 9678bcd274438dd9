using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

public sealed class PhrasingTests
{
    private static readonly DateTime TuesdayTen = new(2026, 3, 3, 10, 0, 0);

    [Theory]
    [InlineData("en", "Tuesday, March 3 at 10:00 AM")]
    [InlineData("he", "יום שלישי, 3 במרץ בשעה 10:00")]
    [InlineData("fr", "mardi 3 mars à 10 h 00")]
    [InlineData("de", "Dienstag, 3. März um 10:00 Uhr")]
    [InlineData("es", "martes, 3 de marzo a las 10:00")]
    public void Slots_are_read_in_the_culture_of_the_language(string language, string expected) =>
        Assert.Equal(expected, LanguagePacks.For(language).FormatSlot(TuesdayTen));

    [Theory]
    [InlineData("en", "Tuesday, March 3 at 10:00 AM|2:00 PM|Wednesday, March 4 at 9:00 AM")]
    [InlineData("de", "Dienstag, 3. März um 10:00 Uhr|14:00 Uhr|Mittwoch, 4. März um 09:00 Uhr")]
    [InlineData("es", "martes, 3 de marzo a las 10:00|a las 14:00|miércoles, 4 de marzo a las 9:00")]
    public void A_list_of_slots_says_each_day_once(string language, string expected)
    {
        var slots = LanguagePacks.For(language).FormatSlots([TuesdayTen, TuesdayTen.AddHours(4), TuesdayTen.AddDays(1).AddHours(-1)]);
        Assert.Equal(expected, string.Join('|', slots));
    }

    [Theory]
    [InlineData("fr-CA", "fr-CA")]
    [InlineData("es-US", "es-US")]
    [InlineData("en-GB", "en-GB")]
    [InlineData("he-US", "he-IL")]
    [InlineData("en-DE", "en-US")]
    [InlineData("it-IT", "en-US")]
    public void The_voice_keeps_the_leads_region_when_the_language_has_one(string lead, string spoken) =>
        Assert.Equal(spoken, LanguagePacks.For(lead).SpeakingTag(lead));

    [Fact]
    public void Every_language_answers_every_question_without_leaving_placeholders()
    {
        var context = new CallContext("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "a demo", "en-US",
            "UTC", DateTimeOffset.UnixEpoch, RecordingEnabled: true);
        foreach (var pack in LanguagePacks.All)
        {
            string[] lines =
            [
                pack.Opening(context), pack.Identity(context), pack.Purpose(context), pack.NumberSource(context),
                pack.OfferSlots(["A", "B", "C"]), pack.ProposedTimeTaken("X", ["A", "B"]), pack.SlotTaken(["A"]), pack.NoSlots(),
                pack.WhichSlot(["A", "B"]), pack.OnlyHave(["A"]), pack.OnlyHave(["A", "B"]), pack.AskOtherTime(), pack.ConfirmEmail("A", "e"), pack.AskEmail("A"),
                pack.AskEmailAgain(), pack.ReadBackEmail("e"), pack.Booked("A", "e"), pack.AskCallbackTime(),
                pack.CallbackScheduled(null), pack.CallbackScheduled("W"), pack.NotInterested(), pack.OptedOut(), pack.WrongNumber(),
                pack.Hostile(), pack.NotHeard(), pack.GiveUp(), pack.Voicemail(context), pack.SwitchedLanguage(),
            ];
            Assert.All(lines, line =>
            {
                Assert.False(string.IsNullOrWhiteSpace(line));
                Assert.DoesNotContain("{", line, StringComparison.Ordinal);
            });
            Assert.Contains("Northwind", pack.Opening(context), StringComparison.Ordinal);
            Assert.Contains("Alex", pack.Voicemail(context), StringComparison.Ordinal);
            Assert.Contains("A, B", pack.OfferSlots(["A", "B", "C"]), StringComparison.Ordinal);
        }
    }
}

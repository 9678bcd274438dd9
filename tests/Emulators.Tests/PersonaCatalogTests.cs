using AiScheduler.Emulators.Callees;

namespace AiScheduler.Emulators.Tests;

public class PersonaCatalogTests
{
    // The test personas are read from the source tree: the output folder also holds the emulator's persona library.
    private static string PersonaFolder => TestPersonas.Folder;

    [Fact]
    public void The_design_document_example_loads_with_every_field()
    {
        var dana = PersonaCatalog.LoadDirectory(PersonaFolder).Single(p => p.Id == "dana-books-tuesday");

        Assert.Equal(["+972501234567"], dana.PhoneNumbers);
        Assert.Equal("he-IL", dana.Language);
        Assert.Equal(AnswerKind.Human, dana.Answer);
        Assert.Equal(2, dana.RingSeconds);
        Assert.Equal(4, dana.Replies.Count);
        Assert.Null(dana.Replies[1].When);
        Assert.True(dana.Replies[0].Matches("Hello Dana"));
        Assert.Equal(OutOfRepliesBehaviour.Hangup, dana.WhenOutOfReplies);
    }

    [Theory]
    [InlineData("human", AnswerKind.Human)]
    [InlineData("voicemail", AnswerKind.Voicemail)]
    [InlineData("no-answer", AnswerKind.NoAnswer)]
    [InlineData("busy", AnswerKind.Busy)]
    [InlineData("reject", AnswerKind.Reject)]
    [InlineData("fail", AnswerKind.Fail)]
    public void Every_answer_kind_is_read(string text, AnswerKind expected)
    {
        var persona = PersonaCatalog.Parse($$"""{"id":"p","phoneNumbers":["+14255550123"],"answer":"{{text}}"}""");

        Assert.Equal(expected, persona.Answer);
    }

    [Fact]
    public void An_unknown_answer_kind_is_reported_with_the_allowed_values()
    {
        var error = Assert.Throws<FormatException>(() => PersonaCatalog.Parse("""{"id":"p","answer":"maybe"}""", "p.json"));

        Assert.Contains("p.json", error.Message);
        Assert.Contains("human, voicemail, no-answer, busy, reject, fail", error.Message);
    }

    [Fact]
    public void A_phone_number_that_is_not_E164_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => PersonaCatalog.Parse("""{"id":"p","phoneNumbers":["0501234567"]}"""));

        Assert.Contains("E.164", error.Message);
    }

    [Fact]
    public void Two_personas_cannot_claim_the_same_number()
    {
        var a = PersonaCatalog.Parse("""{"id":"a","phoneNumbers":["+14255550123"]}""");
        var b = PersonaCatalog.Parse("""{"id":"b","phoneNumbers":["+14255550123"]}""");

        var error = Assert.Throws<InvalidOperationException>(() => new PersonaCatalog([a, b], Persona.DefaultHuman));

        Assert.Contains("'a' and 'b'", error.Message);
    }

    [Fact]
    public void The_shipped_persona_library_loads_without_conflicts()
    {
        // The library (src/Emulators/Personas) is copied next to the emulator assembly, so also next to these tests.
        var library = PersonaCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "Personas"));

        var catalog = new PersonaCatalog(library, Persona.DefaultHuman);

        Assert.NotEmpty(library);
        Assert.All(library.Where(p => p.Answer == AnswerKind.Voicemail), p => Assert.Equal(p.Replies[0].Say, p.VoicemailGreeting));
        Assert.All(library.SelectMany(p => p.PhoneNumbers), n => Assert.Equal(n, catalog.ForNumber(n).PhoneNumbers.Single(x => x == n)));
    }

    [Fact]
    public void Numbers_without_a_persona_get_the_configured_default()
    {
        var busy = PersonaCatalog.Parse("""{"id":"always-busy","answer":"busy"}""");
        var catalog = new PersonaCatalog(PersonaCatalog.LoadDirectory(PersonaFolder), busy);

        Assert.Equal("always-busy", catalog.ForNumber("+4930123456").Id);
        Assert.Equal("dana-books-tuesday", catalog.ForNumber("+972501234567").Id);
    }
}

internal static class TestPersonas
{
    public static string Folder => Path.Combine(Path.GetDirectoryName(Source())!, "Personas");

    private static string Source([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

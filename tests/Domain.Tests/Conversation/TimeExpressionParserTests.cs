using System.Globalization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// Parser tables per language. The call happens on Monday 2 March 2026 at 13:00 UTC (08:00 in New York, 14:00 in
/// Paris, Berlin and Madrid, 15:00 in Jerusalem). Expected values read: local date, local time, part of day,
/// "week" for a whole week, "+Nm" for a moment relative to now, "#n" for a choice among offered slots.
/// </summary>
public sealed class TimeExpressionParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("tomorrow at 3", "2026-03-03 15:00")]
    [InlineData("Tomorrow at 3pm works", "2026-03-03 15:00")]
    [InlineData("Tuesday at ten", "2026-03-03 10:00")]
    [InlineData("next Tuesday at 10 am", "2026-03-03 10:00")]
    [InlineData("Wednesday afternoon", "2026-03-04 afternoon")]
    [InlineData("the day after tomorrow in the morning", "2026-03-04 morning")]
    [InlineData("March 10 at 2:30 pm", "2026-03-10 14:30")]
    [InlineData("3/12 at 9", "2026-03-12 09:00")]
    [InlineData("the 5th of March at half past three", "2026-03-05 15:30")]
    [InlineData("today at 16:45", "2026-03-02 16:45")]
    [InlineData("in two hours", "+120m")]
    [InlineData("call me in 30 minutes", "+30m")]
    [InlineData("in half an hour", "+30m")]
    [InlineData("next week", "2026-03-09 week")]
    [InlineData("Friday at quarter to eleven", "2026-03-06 10:45")]
    [InlineData("at noon on Thursday", "2026-03-05 12:00")]
    [InlineData("at ten thirty tomorrow", "2026-03-03 10:30")]
    [InlineData("February 2", "2027-02-02")]
    [InlineData("how about 11 o'clock", "11:00")]
    [InlineData("How about the 10th at 3?", "2026-03-10 15:00")]
    [InlineData("on the 1st at 10", "2026-04-01 10:00")]
    [InlineData("the 2nd", "#2")]
    [InlineData("The second one, please", "#2")]
    [InlineData("the last one", "#-1")]
    [InlineData("Good morning, who is this?", null)]
    [InlineData("No thanks, I'm not interested", null)]
    public void English(string said, string? expected) => Assert.Equal(expected, Describe(said, LanguagePacks.English, "America/New_York"));

    [Theory]
    [InlineData("מחר בשלוש", "2026-03-03 15:00")]
    [InlineData("יום שלישי בעשר בבוקר", "2026-03-03 10:00 morning")]
    [InlineData("ב-3 במרץ בעשר", "2026-03-03 10:00")]
    [InlineData("מחרתיים אחר הצהריים", "2026-03-04 afternoon")]
    [InlineData("ביום רביעי בשתיים וחצי", "2026-03-04 14:30")]
    [InlineData("בעוד שעתיים", "+120m")]
    [InlineData("בעוד 3 שעות", "+180m")]
    [InlineData("בשבוע הבא", "2026-03-09 week")]
    [InlineData("יום חמישי הבא ב-11:30", "2026-03-05 11:30")]
    [InlineData("ב-20 לחודש בעשר", "2026-03-20 10:00")]
    [InlineData("השני", "#2")]
    [InlineData("האחרון בבקשה", "#-1")]
    [InlineData("היום בשש בערב", "2026-03-02 18:00 evening")]
    [InlineData("15/3 בתשע", "2026-03-15 09:00")]
    [InlineData("ברבע לארבע", "15:45")]
    [InlineData("יום שני בשתיים", "2026-03-09 14:00")]
    [InlineData("בוקר טוב, מי זה?", null)]
    public void Hebrew(string said, string? expected) => Assert.Equal(expected, Describe(said, LanguagePacks.Hebrew, "Asia/Jerusalem"));

    [Theory]
    [InlineData("demain à 10 h", "2026-03-03 10:00")]
    [InlineData("mardi prochain à 10 h", "2026-03-03 10:00")]
    [InlineData("le 3 mars à dix heures", "2026-03-03 10:00")]
    [InlineData("après-demain à 15h30", "2026-03-04 15:30")]
    [InlineData("jeudi après-midi", "2026-03-05 afternoon")]
    [InlineData("vendredi à trois heures et demie", "2026-03-06 15:30")]
    [InlineData("dans deux heures", "+120m")]
    [InlineData("dans une demi-heure", "+30m")]
    [InlineData("la semaine prochaine", "2026-03-09 week")]
    [InlineData("le 10 à 9 h", "2026-03-10 09:00")]
    [InlineData("le premier", "#1")]
    [InlineData("le premier avril à midi", "2026-04-01 12:00")]
    [InlineData("la deuxième", "#2")]
    [InlineData("mercredi matin", "2026-03-04 morning")]
    [InlineData("12/3 à 9 h", "2026-03-12 09:00")]
    [InlineData("aujourd'hui à 17 h", "2026-03-02 17:00")]
    [InlineData("onze heures moins le quart", "10:45")]
    [InlineData("Bonjour, c'est à quel sujet ?", null)]
    public void French(string said, string? expected) => Assert.Equal(expected, Describe(said, LanguagePacks.French, "Europe/Paris"));

    [Theory]
    [InlineData("morgen um 15 Uhr", "2026-03-03 15:00")]
    [InlineData("am 3. März um zehn Uhr", "2026-03-03 10:00")]
    [InlineData("Dienstag um halb drei", "2026-03-03 14:30")]
    [InlineData("übermorgen vormittag", "2026-03-04 morning")]
    [InlineData("morgen früh", "2026-03-03 morning")]
    [InlineData("Donnerstag am Nachmittag", "2026-03-05 afternoon")]
    [InlineData("nächsten Dienstag um 10", "2026-03-03 10:00")]
    [InlineData("nächste Woche", "2026-03-09 week")]
    [InlineData("in zwei Stunden", "+120m")]
    [InlineData("in einer halben Stunde", "+30m")]
    [InlineData("am 10. um 9 Uhr", "2026-03-10 09:00")]
    [InlineData("den zweiten", "#2")]
    [InlineData("den letzten bitte", "#-1")]
    [InlineData("Freitag um viertel nach neun", "2026-03-06 09:15")]
    [InlineData("12.3. um 9.30 Uhr", "2026-03-12 09:30")]
    [InlineData("Guten Morgen, heute um 16 Uhr", "2026-03-02 16:00")]
    [InlineData("Mittwoch um 11:45", "2026-03-04 11:45")]
    [InlineData("Guten Morgen, wer ist da?", null)]
    public void German(string said, string? expected) => Assert.Equal(expected, Describe(said, LanguagePacks.German, "Europe/Berlin"));

    [Theory]
    [InlineData("el martes a las diez", "2026-03-03 10:00")]
    [InlineData("mañana por la mañana", "2026-03-03 morning")]
    [InlineData("el 3 de marzo a las diez y media", "2026-03-03 10:30")]
    [InlineData("pasado mañana a las 4 de la tarde", "2026-03-04 16:00 afternoon")]
    [InlineData("el jueves por la tarde", "2026-03-05 afternoon")]
    [InlineData("dentro de dos horas", "+120m")]
    [InlineData("en media hora", "+30m")]
    [InlineData("la semana que viene", "2026-03-09 week")]
    [InlineData("el día 10 a las nueve", "2026-03-10 09:00")]
    [InlineData("la primera", "#1")]
    [InlineData("la última", "#-1")]
    [InlineData("el viernes a la una", "2026-03-06 13:00")]
    [InlineData("hoy a las 17:30", "2026-03-02 17:30")]
    [InlineData("el lunes a las once menos cuarto", "2026-03-09 10:45")]
    [InlineData("12/3 a las 9", "2026-03-12 09:00")]
    [InlineData("mañana a mediodía", "2026-03-03 12:00")]
    [InlineData("llámeme más tarde", null)]
    public void Spanish(string said, string? expected) => Assert.Equal(expected, Describe(said, LanguagePacks.Spanish, "Europe/Madrid"));

    [Theory]
    [InlineData("en", "Monday, no wait, Tuesday at 10", true)]
    [InlineData("en", "No, not Monday, Tuesday", true)]
    [InlineData("en", "Tuesday at 10? Sorry, I can't hear you", false)]
    [InlineData("en", "No, Tuesday doesn't work for me", false)]
    [InlineData("fr", "lundi, non pardon, mardi à 10 h", true)]
    [InlineData("fr", "Pardon, vous avez dit mardi ?", false)]
    [InlineData("de", "nicht Montag, sondern Dienstag", true)]
    [InlineData("es", "a las tres, no, mejor a las cuatro", true)]
    [InlineData("es", "Perdón, ¿el martes a qué hora?", false)]
    [InlineData("he", "בשלוש, סליחה, בארבע", true)]
    [InlineData("he", "לא, ביום שלישי זה לא מתאים", false)]
    public void A_correction_is_marked_only_when_a_time_is_taken_back(string language, string said, bool corrected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var mention = TimeExpressionParser.Parse(said, LanguagePacks.For(language), Now, zone);
        Assert.NotNull(mention);
        Assert.Equal(corrected, mention.Corrected);
    }

    [Fact]
    public void A_named_time_resolves_to_utc_in_the_leads_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");
        var mention = TimeExpressionParser.Parse("מחר בעשר", LanguagePacks.Hebrew, Now, zone)!;
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), mention.ToUtc(Now, zone));
    }

    [Fact]
    public void A_time_already_past_today_means_tomorrow()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var mention = TimeExpressionParser.Parse("à 9 h", LanguagePacks.French, Now, zone)!;
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero), mention.ToUtc(Now, zone));
    }

    [Fact]
    public void A_time_skipped_by_the_spring_clock_change_moves_an_hour_on()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var utc = TimeMention.LocalToUtc(new DateTime(2026, 3, 8, 2, 30, 0), zone);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), utc);
    }

    private static string? Describe(string said, LanguagePack language, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var mention = TimeExpressionParser.Parse(said, language, Now, zone);
        if (mention is null)
        {
            return null;
        }

        var parts = new List<string>();
        if (mention.Date is { } date)
        {
            parts.Add(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (mention.Time is { } time)
        {
            parts.Add(time.ToString("HH:mm", CultureInfo.InvariantCulture));
        }

        if (mention.Part is { } part)
        {
            parts.Add(part.ToString().ToLowerInvariant());
        }

        if (mention.WeekOnly)
        {
            parts.Add("week");
        }

        if (mention.ExactUtc is { } exact)
        {
            parts.Add($"+{(exact - Now).TotalMinutes:0}m");
        }

        if (mention.Ordinal is { } ordinal)
        {
            parts.Add($"#{ordinal}");
        }

        return string.Join(' ', parts);
    }
}

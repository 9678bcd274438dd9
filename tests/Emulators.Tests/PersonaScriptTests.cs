using System.Text.RegularExpressions;
using AiScheduler.Emulators.Callees;

namespace AiScheduler.Emulators.Tests;

public class PersonaScriptTests
{
    private static Persona Dana(OutOfRepliesBehaviour whenOut = OutOfRepliesBehaviour.Hangup) => new(
        "dana",
        ["+972501234567"],
        "he-IL",
        AnswerKind.Human,
        0,
        [
            new PersonaReply("Yes, who is this?", new Regex("(?i)hello")),
            new PersonaReply("Sounds interesting"),
            new PersonaReply("Tuesday at ten suits me", new Regex(@"\d")),
            new PersonaReply("dana@example.com"),
        ],
        whenOut);

    [Fact]
    public void The_callee_says_the_first_unused_reply_whose_guard_matches()
    {
        var script = new PersonaScript(Dana());

        Assert.Equal(new CalleeTurn.Says("Yes, who is this?"), script.NextTurn("Hello, this is the assistant"));
        Assert.Equal(new CalleeTurn.Says("Sounds interesting"), script.NextTurn("Would you like a meeting?"));
        Assert.Equal(new CalleeTurn.Says("Tuesday at ten suits me"), script.NextTurn("I have 10:00 or 14:00"));
        Assert.Equal(new CalleeTurn.Says("dana@example.com"), script.NextTurn("What is your email?"));
    }

    [Fact]
    public void A_guarded_reply_is_skipped_until_the_agent_says_something_it_matches()
    {
        var script = new PersonaScript(Dana());

        // "hello" is not said, so the unguarded reply comes first; the guarded one waits.
        Assert.Equal(new CalleeTurn.Says("Sounds interesting"), script.NextTurn("Good morning"));
        Assert.Equal(new CalleeTurn.Says("dana@example.com"), script.NextTurn("Anything else?"));
        Assert.Equal(new CalleeTurn.Says("Yes, who is this?"), script.NextTurn("hello?"));
    }

    [Fact]
    public void Out_of_replies_the_callee_hangs_up_or_stays_silent_as_configured()
    {
        var hangsUp = new PersonaScript(Dana(OutOfRepliesBehaviour.Hangup));
        var silent = new PersonaScript(Dana(OutOfRepliesBehaviour.Silence));
        foreach (var script in new[] { hangsUp, silent })
        {
            script.NextTurn("hello");
            script.NextTurn("x");
            script.NextTurn("1");
            script.NextTurn("x");
        }

        Assert.IsType<CalleeTurn.HangsUp>(hangsUp.NextTurn("anything else?"));
        Assert.IsType<CalleeTurn.StaysSilent>(silent.NextTurn("anything else?"));
        Assert.IsType<CalleeTurn.StaysSilent>(silent.NextTurn("hello?"));
    }

    [Fact]
    public void A_voicemail_box_plays_its_greeting_once_then_only_listens()
    {
        var box = new PersonaScript(new Persona("box", [], "en-US", AnswerKind.Voicemail, 0, [], OutOfRepliesBehaviour.Silence));

        var greeting = Assert.IsType<CalleeTurn.Says>(box.NextTurn("Hello?"));
        Assert.Contains("leave a message after the tone", greeting.Text);
        Assert.IsType<CalleeTurn.StaysSilent>(box.NextTurn("Hi, this is the assistant calling about your request"));
    }

    [Fact]
    public void A_voicemail_box_greets_with_its_first_reply_and_hangs_up_after_the_message_when_told_to()
    {
        var box = new PersonaScript(new Persona("box", [], "he-IL", AnswerKind.Voicemail, 0, [new PersonaReply("השאירו הודעה אחרי הצפצוף")], OutOfRepliesBehaviour.Hangup));

        Assert.Equal(new CalleeTurn.Says("השאירו הודעה אחרי הצפצוף"), box.NextTurn("שלום"));
        Assert.IsType<CalleeTurn.HangsUp>(box.NextTurn("this is a message"));
    }
}

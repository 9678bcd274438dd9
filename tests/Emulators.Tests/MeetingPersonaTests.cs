using System.Text.Json.Nodes;
using AiScheduler.Emulators.Calls;
using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

/// <summary>
/// A persona's <c>meeting</c> callee: parsed with the same rules as the call, chosen when the create-call request says
/// (custom SIP header) that the app calls for a meeting, and able to let its first calls ring out.
/// </summary>
public class MeetingPersonaTests
{
    private const string Number = "+14255550177";

    private const string Json = """
        {
          "id": "quinn", "phoneNumbers": ["+14255550177"], "language": "en-US", "answer": "human",
          "replies": [{ "say": "Sure, book me in." }], "whenOutOfReplies": "hangup",
          "meeting": {
            "answer": "human", "missedCalls": 1,
            "replies": [{ "when": "(?i)challenge", "say": "We lose ten hours a week." }, { "say": "That's all." }],
            "whenOutOfReplies": "silence",
            "expect": { "status": "qualified" }
          }
        }
        """;

    [Fact]
    public void A_meeting_object_is_read_as_the_same_person_on_the_same_numbers()
    {
        var persona = PersonaCatalog.Parse(Json);

        var meeting = persona.ForMeeting();
        Assert.Same(persona.Meeting, meeting);
        Assert.Equal(("quinn/meeting", "en-US", 1), (meeting.Id, meeting.Language, meeting.MissedCalls));
        Assert.Equal(persona.PhoneNumbers, meeting.PhoneNumbers);
        Assert.Equal(OutOfRepliesBehaviour.Silence, meeting.WhenOutOfReplies);
        Assert.True(meeting.Replies[0].Matches("What is the main challenge?"));
        Assert.Equal("Sure, book me in.", persona.Replies.Single().Say);
    }

    [Fact]
    public void A_persona_without_a_meeting_object_does_not_pick_up_meeting_calls()
    {
        var persona = PersonaCatalog.Parse("""{"id":"p","phoneNumbers":["+14255550123"],"answer":"human"}""");

        Assert.Equal(AnswerKind.NoAnswer, persona.ForMeeting().Answer);
    }

    [Fact]
    public void A_bad_meeting_object_names_the_field()
    {
        var error = Assert.Throws<FormatException>(() => PersonaCatalog.Parse(
            """{"id":"p","meeting":{"whenOutOfReplies":"later"}}""", "p.json"));
        Assert.Contains("meeting.whenOutOfReplies", error.Message);

        var missed = Assert.Throws<FormatException>(() => PersonaCatalog.Parse("""{"id":"p","meeting":{"missedCalls":99}}""", "p.json"));
        Assert.Contains("meeting.missedCalls", missed.Message);
    }

    [Fact]
    public async Task A_meeting_call_reaches_the_meeting_callee_which_lets_its_first_call_ring_out_and_answers_the_next()
    {
        await using var emulator = await Emulator.StartAsync(null, PersonaCatalog.Parse(Json));

        // A scheduling call (no purpose header) reaches the scheduling callee, who answers.
        await CreateAsync(emulator, meeting: false);
        await emulator.Sink.WaitForAsync("CallConnected");
        Assert.Equal("quinn", emulator.Host.Switchboard.Calls.Single().Persona.Id);

        // The first meeting call rings out (missedCalls 1); the second is answered by the meeting callee.
        await CreateAsync(emulator, meeting: true);
        await emulator.Sink.WaitForAsync("CreateCallFailed");
        await CreateAsync(emulator, meeting: true);
        await WaitForAsync(() => emulator.Host.Switchboard.Calls.Count(call => call.Persona.Id == "quinn/meeting" && call.ConnectedAt is not null) == 1);

        var calls = emulator.Host.Switchboard.Calls;
        Assert.Equal(["quinn", "quinn/meeting", "quinn/meeting"], calls.Select(call => call.Persona.Id).ToArray());
        Assert.Null(calls[1].ConnectedAt);
    }

    private static async Task CreateAsync(Emulator emulator, bool meeting)
    {
        var body = new JsonObject
        {
            ["targets"] = new JsonArray(new JsonObject { ["kind"] = "phoneNumber", ["phoneNumber"] = new JsonObject { ["value"] = Number } }),
            ["sourceCallerIdNumber"] = new JsonObject { ["value"] = "+14255550100" },
            ["callbackUri"] = emulator.Sink.Callbacks().ToString(),
        };
        if (meeting)
        {
            body["customCallingContext"] = new JsonObject
            {
                ["sipHeaders"] = new JsonObject { [Switchboard.PurposeHeader] = Switchboard.MeetingPurpose },
            };
        }

        var (status, _) = await emulator.Client.PostAsync("/calling/callConnections", body);
        Assert.Equal(201, status);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, guard.Token);
        }
    }
}

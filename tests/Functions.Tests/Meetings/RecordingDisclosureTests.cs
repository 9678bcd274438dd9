using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Meetings;

/// <summary>
/// The meeting's AI says the meeting is recorded only when it is: on the phone with the recorder on (and the lead's
/// country announcing rather than asking), never in the web room (which keeps a text transcript, no recording) and
/// never with the recorder off - in each language.
/// </summary>
public sealed class RecordingDisclosureTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] RecordedSentences = [.. new[]
    {
        InterviewLanguages.English, InterviewLanguages.French, InterviewLanguages.German, InterviewLanguages.Spanish, InterviewLanguages.Hebrew,
    }.Select(language => InterviewPhrases.For(language).RecordingDisclosure)];

    [Theory]
    [InlineData("Avery Johnson", "+12125550143", "en")]
    [InlineData("Camille Martin", "+33612345678", "fr")]
    [InlineData("Dana Levi", "+972501234567", "he")]
    public async Task With_the_recorder_off_neither_the_meeting_call_nor_the_interview_says_it_is_recorded(string name, string phone, string language)
    {
        // The embedded default: Calls:RecordingEnabled on, EventGrid:RecordCalls off, so nothing is recorded.
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "01:00:00", Ct);
        var lead = await host.AddLeadAsync(name, phone, "lead@example.com", Ct);
        var phoneMeeting = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);
        var roomMeeting = await host.BookAsync(lead, host.LondonWorkdayAt(11), Ct);
        var interviews = host.App.Services.GetRequiredService<MeetingInterviews>();

        var onThePhone = await interviews.BeginAsync(Workspaces.DefaultId, phoneMeeting, "phone", Ct);
        var inTheRoom = await interviews.BeginAsync(Workspaces.DefaultId, roomMeeting, "room", Ct);

        Assert.StartsWith(language, onThePhone.Language, StringComparison.Ordinal);
        foreach (var sentence in RecordedSentences)
        {
            Assert.DoesNotContain(sentence, onThePhone.Say, StringComparison.Ordinal);
            Assert.DoesNotContain(sentence, inTheRoom.Say, StringComparison.Ordinal);
        }

        // The call that takes the AI to the meeting carries the same plan, so the recorder never starts on it.
        var calls = host.App.Services.GetRequiredService<OutboundCalls>();
        var target = new CallTarget(Workspaces.DefaultId, lead.Id, PhoneNumber.Parse(phone), name, lead.Email, null, lead.Language, lead.TimeZone);
        var callId = await calls.PlaceForMeetingAsync(target, "meeting-call-" + Guid.NewGuid().ToString("N"), phoneMeeting, Ct);
        var session = await host.App.Services.GetRequiredService<CallSessionStore>().GetAsync(callId, Ct);
        Assert.False(session!.State.Context.RecordingEnabled);
    }

    [Fact]
    public async Task With_the_recorder_on_the_phone_interview_says_so_and_the_room_does_not()
    {
        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "01:00:00", Ct,
            settings: new Dictionary<string, string?> { ["EventGrid:RecordCalls"] = "true" });
        var lead = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var phoneMeeting = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);
        var roomMeeting = await host.BookAsync(lead, host.LondonWorkdayAt(11), Ct);
        var interviews = host.App.Services.GetRequiredService<MeetingInterviews>();

        var onThePhone = await interviews.BeginAsync(Workspaces.DefaultId, phoneMeeting, "phone", Ct);
        var inTheRoom = await interviews.BeginAsync(Workspaces.DefaultId, roomMeeting, "room", Ct);

        Assert.Contains(InterviewPhrases.English.RecordingDisclosure, onThePhone.Say, StringComparison.Ordinal);
        Assert.DoesNotContain(InterviewPhrases.English.RecordingDisclosure, inTheRoom.Say, StringComparison.Ordinal);
    }
}

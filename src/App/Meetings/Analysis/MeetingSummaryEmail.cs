using System.Globalization;
using System.Text;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Interview;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>An email's subject and its two bodies (text/plain and text/html).</summary>
public sealed record EmailContent(string Subject, string Text, string Html);

/// <summary>
/// The summary the sales team receives after a meeting: status and overall score, the four scores with the lead's
/// quotes, pain points, opportunities, next steps, follow-up questions and insights. Every value from the lead or the
/// model is HTML-escaped; the text part says the same in plain text.
/// </summary>
public static class MeetingSummaryEmail
{
    public static EmailContent Build(MeetingDetails meeting, Lead? lead, MeetingAnalysisView view, MeetingOptions options)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(options);
        var value = view.Value;
        var who = OneLine(meeting.LeadName ?? lead?.Name ?? meeting.AttendeeEmail);
        var company = string.IsNullOrWhiteSpace(lead?.Company) ? null : OneLine(lead.Company);
        var when = MeetingMessages.LocalTime(meeting);
        var status = value.Status.ToUpperInvariant();
        var subject = Truncate($"Meeting summary: {who}{(company is null ? "" : $" ({company})")}: {value.Status}, {value.Overall}/100", 200);
        (string Name, DimensionValue Score)[] dimensions =
            [("Budget", value.Budget), ("Authority", value.Authority), ("Need", value.Need), ("Timeline", value.Timeline)];
        (string Title, IReadOnlyList<string> Items)[] sections =
        [
            ("Pain points", value.PainPoints),
            ("Opportunities", value.Opportunities),
            ("Next steps", value.NextSteps),
            ("Follow-up questions", value.FollowUpQuestions),
            ("Key insights", value.KeyInsights),
        ];

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{who}{(company is null ? "" : $", {company}")}: {status}, overall {value.Overall}/100\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Meeting: {when}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Lead: {meeting.AttendeeEmail}, language {lead?.Language ?? "unknown"}\r\n\r\n");
        foreach (var (name, score) in dimensions)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {score.Score}/100. {score.Rationale}\r\n");
            foreach (var quote in score.Quotes)
            {
                text.Append(CultureInfo.InvariantCulture, $"  \"{quote}\"\r\n");
            }
        }

        foreach (var (title, items) in sections.Where(s => s.Items.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"\r\n{title}:\r\n");
            foreach (var item in items)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {item}\r\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\r\nAnalysis: {view.Source}. Overall = 25% budget + 25% authority + 30% need + 20% timeline.\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Review and confirm it: GET/PATCH /api/meetings/{meeting.Id:D}/analysis\r\n");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append(CultureInfo.InvariantCulture,
            $"<h2>{E(who)}{(company is null ? "" : $" <small>({E(company)})</small>")}: {E(status)}, {value.Overall}/100</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Meeting: {E(when)}<br>Lead: {E(meeting.AttendeeEmail)}, language {E(lead?.Language ?? "unknown")}</p>");
        html.Append("<table border=\"1\" cellpadding=\"6\" style=\"border-collapse:collapse\"><tr><th>Dimension</th><th>Score</th><th>Why</th><th>In the lead's words</th></tr>");
        foreach (var (name, score) in dimensions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{name}</td><td>{score.Score}/100</td><td>{E(score.Rationale)}</td><td>");
            foreach (var quote in score.Quotes)
            {
                html.Append(CultureInfo.InvariantCulture, $"<q>{E(quote)}</q><br>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
        foreach (var (title, items) in sections.Where(s => s.Items.Count > 0))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{title}</h3><ul>");
            foreach (var item in items)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(item)}</li>");
            }

            html.Append("</ul>");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<p><small>Analysis: {E(view.Source)}. Overall = 25% budget + 25% authority + 30% need + 20% timeline. Confirm or correct it at /api/meetings/{meeting.Id:D}/analysis. {E(options.OrganizerName)}</small></p>");
        html.Append("</body></html>");
        return new EmailContent(subject, text.ToString(), html.ToString());
    }

    /// <summary>
    /// Escapes the five HTML-significant characters and leaves every other character as it is (the part is UTF-8), so
    /// Hebrew or accented text stays readable in the source instead of becoming numeric entities.
    /// </summary>
    internal static string E(string? value)
    {
        var text = new StringBuilder((value ?? "").Length);
        foreach (var c in value ?? "")
        {
            var entity = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (entity is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(entity);
            }
        }

        return text.ToString();
    }

    /// <summary>Subjects are one line: control characters (a name with a line break) become spaces.</summary>
    internal static string OneLine(string value) => new(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    internal static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}

/// <summary>The emails of a missed meeting: the notice to the sales team and the lead's reschedule request in five languages.</summary>
public static class NoShowEmails
{
    public static EmailContent TeamNotice(MeetingDetails meeting, Lead? lead, MeetingOptions options)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(options);
        var who = MeetingSummaryEmail.OneLine(meeting.LeadName ?? lead?.Name ?? meeting.AttendeeEmail);
        var when = MeetingMessages.LocalTime(meeting);
        var line = $"{who} did not join the meeting on {when}: the AI could not reach them. The lead is being emailed to pick a new time.";
        return new EmailContent(
            MeetingSummaryEmail.Truncate($"No-show: {who} on {when}", 200),
            $"{line}\r\nLead: {meeting.AttendeeEmail}, language {lead?.Language ?? "unknown"}\r\nMeeting: {meeting.Id:D}\r\n",
            $"<!DOCTYPE html><html><body><p>{MeetingSummaryEmail.E(line)}</p><p>Lead: {MeetingSummaryEmail.E(meeting.AttendeeEmail)}, language {MeetingSummaryEmail.E(lead?.Language ?? "unknown")}<br>Meeting: {meeting.Id:D}</p><p><small>{MeetingSummaryEmail.E(options.OrganizerName)}</small></p></body></html>");
    }

    /// <summary>
    /// Tells the sales team the lead opted out on the AI's meeting call, with the lead's last words (the interview ended
    /// there; the number is on the do-not-call list, so nobody should call again).
    /// </summary>
    public static EmailContent OptedOutNotice(MeetingDetails meeting, Lead? lead, IReadOnlyList<TranscriptLine> transcript, MeetingOptions options)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(options);
        var who = MeetingSummaryEmail.OneLine(meeting.LeadName ?? lead?.Name ?? meeting.AttendeeEmail);
        var when = MeetingMessages.LocalTime(meeting);
        var line = $"{who} asked not to be called again during the AI's call for the meeting on {when}. The number is on the " +
            "do-not-call list and the interview was ended politely; please do not call this lead.";
        var said = transcript.LastOrDefault(l => l.Speaker == TranscriptSpeakers.Lead)?.Text;
        var words = said is null ? "The lead pressed the opt-out key." : $"The lead said: \"{MeetingSummaryEmail.OneLine(said)}\"";
        return new EmailContent(
            MeetingSummaryEmail.Truncate($"Opted out: {who} on {when}", 200),
            $"{line}\r\n{words}\r\nLead: {meeting.AttendeeEmail}, language {lead?.Language ?? "unknown"}\r\nMeeting: {meeting.Id:D}\r\n",
            $"<!DOCTYPE html><html><body><p>{MeetingSummaryEmail.E(line)}</p><p>{MeetingSummaryEmail.E(words)}</p><p>Lead: {MeetingSummaryEmail.E(meeting.AttendeeEmail)}, language {MeetingSummaryEmail.E(lead?.Language ?? "unknown")}<br>Meeting: {meeting.Id:D}</p><p><small>{MeetingSummaryEmail.E(options.OrganizerName)}</small></p></body></html>");
    }

    /// <summary>Asks the lead for a new time, in their language (en, he, fr, de, es; English otherwise).</summary>
    public static EmailContent RescheduleRequest(MeetingDetails meeting, string language, MeetingOptions options)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(options);
        var code = (language ?? "en").Split('-')[0].ToLowerInvariant();
        var culture = CultureFor(language ?? "en");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone);
        var when = TimeZoneInfo.ConvertTime(meeting.StartUtc, zone).ToString("dddd d MMMM yyyy, HH:mm", culture);
        var name = string.IsNullOrWhiteSpace(meeting.LeadName) ? null : MeetingSummaryEmail.OneLine(meeting.LeadName);
        var (subject, greeting, body) = code switch
        {
            "he" => ("פספסנו אותך - נקבע מועד חדש?", name is null ? "שלום," : $"שלום {name},",
                $"ניסינו להשיג אותך לפגישה שלנו ב-{when} ולא הצלחנו. אפשר להשיב למייל הזה עם מועד שנוח לך, ונקבע פגישה חדשה."),
            "fr" => ("Nous vous avons manqué : trouvons un nouveau créneau", name is null ? "Bonjour," : $"Bonjour {name},",
                $"Nous avons essayé de vous joindre pour notre rendez-vous du {when}, sans succès. Répondez simplement à cet e-mail avec un horaire qui vous convient et nous fixerons un nouveau rendez-vous."),
            "de" => ("Wir haben Sie verpasst: neuer Termin?", name is null ? "Guten Tag," : $"Hallo {name},",
                $"wir haben versucht, Sie zu unserem Termin am {when} zu erreichen, leider ohne Erfolg. Antworten Sie einfach auf diese E-Mail mit einem passenden Zeitpunkt, und wir vereinbaren einen neuen Termin."),
            "es" => ("No pudimos hablar: ¿buscamos una nueva hora?", name is null ? "Hola:" : $"Hola {name}:",
                $"Intentamos contactarle para nuestra reunión del {when}, pero no fue posible. Responda a este correo con un horario que le venga bien y programaremos una nueva reunión."),
            _ => ("Sorry we missed you: shall we find a new time?", name is null ? "Hello," : $"Hello {name},",
                $"We tried to reach you for our meeting on {when} but could not connect. Just reply to this email with a time that suits you and we will set up a new meeting."),
        };
        var direction = code == "he" ? "rtl" : "ltr";
        var htmlLanguage = MeetingSummaryEmail.E(code);
        return new EmailContent(subject,
            $"{greeting}\r\n\r\n{body}\r\n\r\n{options.OrganizerName}\r\n",
            $"<!DOCTYPE html><html lang=\"{htmlLanguage}\" dir=\"{direction}\"><body><p>{MeetingSummaryEmail.E(greeting)}</p><p>{MeetingSummaryEmail.E(body)}</p><p>{MeetingSummaryEmail.E(options.OrganizerName)}</p></body></html>");
    }

    private static CultureInfo CultureFor(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}

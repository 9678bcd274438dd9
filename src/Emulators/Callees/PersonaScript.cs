namespace AiScheduler.Emulators.Callees;

/// <summary>What the callee does in answer to one recognize operation.</summary>
public abstract record CalleeTurn
{
    private CalleeTurn()
    {
    }

    public sealed record Says(string Text) : CalleeTurn;

    /// <summary>The callee presses keypad keys (digits, * and #) instead of speaking.</summary>
    public sealed record Presses(string Keys) : CalleeTurn;

    public sealed record StaysSilent : CalleeTurn;

    public sealed record HangsUp : CalleeTurn;
}

/// <summary>
/// The per-call conversation state of a persona: which replies are used. Pure: the emulator tells it what the agent
/// said and asks for the next turn.
/// </summary>
public sealed class PersonaScript
{
    private readonly Persona persona;
    private readonly bool[] used;
    private bool greetingPlayed;

    public PersonaScript(Persona persona)
    {
        this.persona = persona;
        used = new bool[persona.Replies.Count];
    }

    public Persona Persona => persona;

    /// <summary>
    /// The callee's answer to the agent listening after saying <paramref name="agentSaid"/>: a voicemail box plays its
    /// greeting once and then only records; a human speaks the first unused reply whose guard matches.
    /// </summary>
    public CalleeTurn NextTurn(string agentSaid)
    {
        if (persona.Answer == AnswerKind.Voicemail)
        {
            if (greetingPlayed)
            {
                // Listened to in silence right after the greeting (the agent waits for it to end), the box only records.
                if (agentSaid.Length == 0)
                {
                    return new CalleeTurn.StaysSilent();
                }

                // The box records whatever the agent says; asked to listen again, it does what the persona says.
                return persona.WhenOutOfReplies == OutOfRepliesBehaviour.Hangup ? new CalleeTurn.HangsUp() : new CalleeTurn.StaysSilent();
            }

            greetingPlayed = true;
            return new CalleeTurn.Says(persona.VoicemailGreeting);
        }

        for (var i = 0; i < persona.Replies.Count; i++)
        {
            if (!used[i] && persona.Replies[i].Matches(agentSaid))
            {
                used[i] = true;
                return persona.Replies[i].Dtmf is { } keys ? new CalleeTurn.Presses(keys) : new CalleeTurn.Says(persona.Replies[i].Say);
            }
        }

        return persona.WhenOutOfReplies == OutOfRepliesBehaviour.Hangup ? new CalleeTurn.HangsUp() : new CalleeTurn.StaysSilent();
    }
}

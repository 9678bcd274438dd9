import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { RoomConnection } from "./connection";
import { VoiceRecorder, playLine, sendSpeech } from "./voice";
import type { Analysis, ConnectionStatus, DimensionScore, Line, Participant, RoomState } from "./types";

const statusText: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Connection lost, reconnecting…",
  disconnected: "Disconnected. Reload the page to join again.",
};

const roleText: Record<string, string> = { lead: "Guest", rep: "Sales rep", ai: "AI assistant" };

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The hub's own messages come after "HubException: ".
  const marker = "HubException: ";
  const at = message.indexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : message;
}

function mergeLine(lines: Line[], line: Line): Line[] {
  if (lines.some((existing) => existing.sequence === line.sequence)) {
    return lines;
  }
  return [...lines, line].sort((a, b) => a.sequence - b.sequence);
}

export function MeetingRoom({ token }: { token: string }) {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [room, setRoom] = useState<RoomState | null>(null);
  const [participants, setParticipants] = useState<Participant[]>([]);
  const [lines, setLines] = useState<Line[]>([]);
  const [ended, setEnded] = useState(false);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [listening, setListening] = useState(false);
  const [recognising, setRecognising] = useState(false);
  const [voiceNote, setVoiceNote] = useState<string | null>(null);
  const [aiAudio, setAiAudio] = useState<string | null>(null);
  const connection = useRef<RoomConnection | null>(null);
  const transcriptEnd = useRef<HTMLLIElement | null>(null);
  const recorder = useRef<VoiceRecorder | null>(null);
  // Voice turns on with the first press of Speak: from then on the AI's new lines are played aloud, one after another.
  const voiceOn = useRef(false);
  const spoken = useRef(new Set<number>());
  const playing = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    const hub = new RoomConnection(token, {
      status: setStatus,
      participants: setParticipants,
      line: (line) => setLines((current) => mergeLine(current, line)),
      interviewEnded: () => setEnded(true),
      analysis: setAnalysis,
    });
    connection.current = hub;
    const apply = (state: RoomState) => {
      setRoom(state);
      setParticipants(state.participants);
      setLines((current) => state.transcript.reduce(mergeLine, current));
      setEnded(state.ended);
    };
    hub.start().then(apply, (reason: unknown) => {
      setStatus("disconnected");
      setError(errorText(reason));
    });
    return () => {
      connection.current = null;
      void hub.stop();
    };
  }, [token]);

  // After a reconnect the room may have moved on: read it again.
  useEffect(() => {
    if (status === "connected" && room !== null) {
      connection.current?.enter().then((state) => {
        setParticipants(state.participants);
        setLines((current) => state.transcript.reduce(mergeLine, current));
        setEnded(state.ended);
      }, () => undefined);
    }
  }, [status]);

  // The rep waits for the analysis: pushed by the hub when it is stored, and asked for while it is not there yet.
  useEffect(() => {
    if (room?.you.role !== "rep" || !ended || analysis !== null) {
      return;
    }
    let stopped = false;
    const ask = () => {
      connection.current?.analysis().then((found) => {
        if (!stopped && found) {
          setAnalysis(found);
        }
      }, () => undefined);
    };
    ask();
    const timer = window.setInterval(ask, 2000);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [room, ended, analysis]);

  useEffect(() => {
    transcriptEnd.current?.scrollIntoView?.({ block: "nearest" });
  }, [lines]);

  useEffect(() => {
    if (!voiceOn.current || room === null) {
      return;
    }
    for (const line of lines) {
      if (line.speaker !== "ai" || spoken.current.has(line.sequence)) {
        continue;
      }
      spoken.current.add(line.sequence);
      playing.current = playing.current.then(async () => {
        setAiAudio("The AI assistant is speaking…");
        try {
          await playLine(room.meetingId, token, line.sequence);
          setAiAudio("The AI assistant answered aloud.");
        } catch (reason) {
          setAiAudio(`The AI assistant's answer could not be played (${errorText(reason)}); it is in the transcript.`);
        }
      });
    }
  }, [lines, room, token]);

  // Leaving the page stops the microphone.
  useEffect(() => () => void recorder.current?.stop().catch(() => undefined), []);

  const me = participants.find((participant) => participant.id === room?.you.id) ?? room?.you;
  const muted = me?.muted ?? false;

  const send = useCallback(async (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (text.length === 0 || connection.current === null) {
      return;
    }
    setSending(true);
    setError(null);
    try {
      await connection.current.say(text);
      setDraft("");
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setSending(false);
    }
  }, [draft]);

  const toggleMic = useCallback(async () => {
    if (room === null) {
      return;
    }
    setError(null);
    const current = recorder.current;
    if (current?.recording) {
      setListening(false);
      setRecognising(true);
      setVoiceNote("Recognising what you said…");
      try {
        const audio = await current.stop();
        const heard = await sendSpeech(room.meetingId, token, room.you.id, audio);
        setVoiceNote(heard.heard === null
          ? "Nothing was recognised; press Speak and try again, or type your answer."
          : `Heard: “${heard.heard}”`);
      } catch (reason) {
        setVoiceNote(null);
        setError(errorText(reason));
      } finally {
        recorder.current = null;
        setRecognising(false);
      }
      return;
    }
    if (!voiceOn.current) {
      voiceOn.current = true;
      lines.forEach((line) => spoken.current.add(line.sequence));
    }
    const next = new VoiceRecorder();
    try {
      await next.start();
      recorder.current = next;
      setListening(true);
      setVoiceNote("Listening… press Stop and send when you have finished.");
    } catch (reason) {
      setError(`The microphone could not be used (${errorText(reason)}); type your answer instead.`);
    }
  }, [room, token, lines]);

  const toggleMute = useCallback(async () => {
    try {
      await connection.current?.setMuted(!muted);
    } catch (reason) {
      setError(errorText(reason));
    }
  }, [muted]);

  return (
    <main className="room">
      <header className="room-header">
        <h1 dir="auto">{room?.title ?? "Meeting room"}</h1>
        <p className={`connection connection-${status}`} role="status" data-testid="connection">
          {statusText[status]}
        </p>
      </header>

      {room !== null && (
        <p className="mode" data-testid="mode">
          {room.voice.available ? `Voice and text chat: ${room.voice.note}` : `Text chat: ${room.voice.note}`}
        </p>
      )}

      <div className="room-body">
        <section className="participants" aria-label="Participants">
          <h2>Participants</h2>
          <ul data-testid="participants">
            {participants.map((participant) => (
              <li key={participant.id} className={`participant participant-${participant.role}`}>
                <span className="participant-name" dir="auto">{participant.name}</span>
                <span className="participant-role">{roleText[participant.role] ?? participant.role}</span>
                <span className="participant-state">
                  {participant.muted ? "muted" : participant.status}
                  {participant.id === room?.you.id ? " (you)" : ""}
                </span>
              </li>
            ))}
          </ul>
          {room !== null && (
            <button type="button" onClick={() => void toggleMute()} aria-pressed={muted} data-testid="mute">
              {muted ? "Unmute" : "Mute"}
            </button>
          )}
        </section>

        <section className="transcript" aria-label="Live transcript">
          <h2>Live transcript</h2>
          <ol data-testid="transcript" aria-live="polite">
            {lines.map((line) => (
              <li key={line.sequence} className={`line line-${line.speaker}`}>
                <span className="line-speaker">{roleText[line.speaker] ?? line.speaker}</span>
                <span className="line-text" dir="auto">{line.text}</span>
              </li>
            ))}
            <li ref={transcriptEnd} className="transcript-end" aria-hidden="true" />
          </ol>
          {ended && <p className="ended" data-testid="ended">The interview has ended. Thank you.</p>}

          {room !== null && room.joinMode === "room" && !ended && (
            <div className="voice">
              <button
                type="button"
                data-testid="mic"
                aria-pressed={listening}
                aria-describedby="voice-note"
                disabled={!room.voice.available || muted || recognising || status !== "connected"}
                onClick={() => void toggleMic()}
              >
                {listening ? "Stop and send" : "Speak"}
              </button>
              <span id="voice-note" className="voice-note" data-testid="voice-note" dir="auto">
                {room.voice.available
                  ? voiceNote ?? "Press Speak to answer by voice."
                  : "The microphone is off: this server has no speech service, so the room is text chat only."}
              </span>
            </div>
          )}
          {aiAudio !== null && <p className="ai-audio" data-testid="ai-audio" role="status">{aiAudio}</p>}

          {room !== null && room.joinMode === "room" && !ended && (
            <form className="chat" onSubmit={(event) => void send(event)}>
              <label htmlFor="message">{room.you.role === "lead" ? "Your answer" : "Add a note to the transcript"}</label>
              <textarea
                id="message"
                dir="auto"
                value={draft}
                maxLength={2000}
                disabled={muted || sending || status !== "connected"}
                placeholder={muted ? "You are muted; unmute to speak." : "Type and press Send"}
                onChange={(event) => setDraft(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && !event.shiftKey) {
                    void send(event);
                  }
                }}
              />
              <button type="submit" disabled={muted || sending || draft.trim().length === 0 || status !== "connected"}>
                Send
              </button>
            </form>
          )}
          {room?.joinMode === "phone" && (
            <p className="mode">This meeting is held by phone: the AI assistant calls the guest, and the transcript appears here live.</p>
          )}
          {error !== null && <p className="error" role="alert">{error}</p>}
        </section>

        {room?.you.role === "rep" && (
          <section className="analysis" aria-label="Analysis" data-testid="analysis">
            <h2>Analysis</h2>
            {analysis === null
              ? <p>{ended ? "The interview has ended; the analysis appears here in a moment." : "The analysis appears here when the interview ends."}</p>
              : <AnalysisView analysis={analysis} />}
          </section>
        )}
      </div>
    </main>
  );
}

function Dimension({ name, score }: { name: string; score: DimensionScore }) {
  return (
    <li className="dimension">
      <span className="dimension-name">{name}</span> <span className="dimension-score">{score.score}</span>
      {score.quotes.length > 0 && (
        <ul className="quotes">
          {score.quotes.map((quote, index) => <li key={index} dir="auto">“{quote}”</li>)}
        </ul>
      )}
    </li>
  );
}

function List({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) {
    return null;
  }
  return (
    <>
      <h3>{title}</h3>
      <ul>{items.map((item, index) => <li key={index} dir="auto">{item}</li>)}</ul>
    </>
  );
}

function AnalysisView({ analysis }: { analysis: Analysis }) {
  return (
    <div data-testid="analysis-result">
      <p className="qualification">
        <span data-testid="qualification">{analysis.status}</span>, score <span data-testid="overall">{analysis.overall}</span>
      </p>
      <ul className="dimensions">
        <Dimension name="Budget" score={analysis.budget} />
        <Dimension name="Authority" score={analysis.authority} />
        <Dimension name="Need" score={analysis.need} />
        <Dimension name="Timeline" score={analysis.timeline} />
      </ul>
      <List title="Pain points" items={analysis.painPoints} />
      <List title="Opportunities" items={analysis.opportunities} />
      <List title="Next steps" items={analysis.nextSteps} />
      <List title="Follow-up questions" items={analysis.followUpQuestions} />
      <List title="Key insights" items={analysis.keyInsights} />
    </div>
  );
}

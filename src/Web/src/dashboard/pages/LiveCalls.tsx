import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api";
import { appNow } from "../clock";
import { useCan } from "../auth";
import { elapsedSince } from "../format";
import { useLiveCalls, type LiveUpdate } from "../live";
import type { CallDetails, CallPage, CallSummary, Lead, Turn } from "../types";
import { ErrorMessage, Loaded, Name, PageHeader, Transcript } from "../ui";

/** Calls in progress, each with its transcript growing as the hub sends lines. */
export function LiveCallsPage() {
  const client = useQueryClient();
  const [turns, setTurns] = useState<Record<string, Turn[]>>({});
  const [ended, setEnded] = useState<Record<string, string>>({});
  const onUpdate = useCallback(
    (update: LiveUpdate) => {
      if (update.turn) {
        const turn = update.turn;
        setTurns((all) => {
          const lines = all[update.callId] ?? [];
          return lines.some((l) => l.seq === turn.seq) ? all : { ...all, [update.callId]: [...lines, turn].sort((a, b) => a.seq - b.seq) };
        });
      }
      if (update.endedWith) {
        setEnded((all) => ({ ...all, [update.callId]: update.endedWith ?? "" }));
        void client.invalidateQueries({ queryKey: ["calls"] });
      } else if (!update.turn) {
        void client.invalidateQueries({ queryKey: ["calls", "active"] });
      }
    },
    [client],
  );
  const status = useLiveCalls(onUpdate);
  const active = useQuery({
    queryKey: ["calls", "active"],
    queryFn: () => api<CallPage>("/api/calls?active=true&limit=50"),
    refetchInterval: 2000,
  });
  const [now, setNow] = useState(appNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(appNow()), 1000);
    return () => clearInterval(timer);
  }, []);

  return (
    <section>
      <PageHeader title="Live calls">
        <span className={`connection connection-${status}`} data-testid="live-status" role="status">
          {status}
        </span>
      </PageHeader>
      <Loaded query={active}>
        {(page) => {
          // A call that just ended stays on screen until the next refresh so its last lines can be read.
          const shown: CallSummary[] = page.items;
          return shown.length === 0 ? (
            <p className="muted">No call in progress. Start a campaign to see calls here as they happen.</p>
          ) : (
            <div className="live-grid">
              {shown.map((call) => (
                <LiveCall key={call.id} call={call} live={turns[call.id] ?? []} endedWith={ended[call.id]} now={now} />
              ))}
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}

function LiveCall({ call, live, endedWith, now }: { call: CallSummary; live: Turn[]; endedWith: string | undefined; now: Date }) {
  const can = useCan();
  const lead = useQuery({
    queryKey: ["lead", call.leadId],
    queryFn: () => api<Lead>(`/api/leads/${call.leadId}`),
    enabled: call.leadId !== null,
  });
  // The lines said before this page opened, then the live ones on top.
  const details = useQuery({ queryKey: ["call", call.id], queryFn: () => api<CallDetails>(`/api/calls/${encodeURIComponent(call.id)}`) });
  const hangUp = useMutation({ mutationFn: () => api<void>(`/api/calls/${encodeURIComponent(call.id)}/hang-up`, { method: "POST" }) });
  const lines = merge(details.data?.transcript ?? [], live);
  const bottom = useRef<HTMLOListElement>(null);
  useEffect(() => {
    bottom.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [lines.length]);
  return (
    <article className="card live-call" data-testid="live-call" data-call-id={call.id} aria-label={`Call ${call.phone}`}>
      <header>
        <h2>
          {call.leadId ? (
            <Link to={`/leads/${call.leadId}`}>
              <Name>{lead.data?.name ?? call.phone}</Name>
            </Link>
          ) : (
            call.phone
          )}
        </h2>
        <div className="muted">
          {call.phone} · <span data-testid="live-language">{lines.at(-1)?.language ?? call.language}</span> · {call.phase} ·{" "}
          <span data-testid="elapsed">{elapsedSince(call.createdAt, now)}</span>
          {endedWith ? <strong> · ended: {endedWith}</strong> : null}
        </div>
      </header>
      <Transcript lines={lines} testId="live-transcript" live listRef={bottom} />
      {can.write ? (
        <button type="button" className="danger" disabled={hangUp.isPending || endedWith !== undefined} onClick={() => hangUp.mutate()}>
          Hang up
        </button>
      ) : null}
      <ErrorMessage error={hangUp.error} />
    </article>
  );
}

function merge(stored: Turn[], live: Turn[]): Turn[] {
  const bySeq = new Map<number, Turn>();
  for (const t of [...stored, ...live]) bySeq.set(t.seq, t);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { api, query } from "../api";
import type { CallDetails, CallPage as Calls, CallSummary, Lead, MeetingPage } from "../types";
import { DataTable } from "../table";
import { Loaded, Name, PageHeader, Status, Transcript, When } from "../ui";

const outcomes = ["booked", "not-interested", "callback-requested", "opted-out", "voicemail", "call-screening", "no-answer", "busy", "failed", "wrong-number"];

const column = createColumnHelper<CallSummary>();
const columns = [
  column.accessor("createdAt", {
    header: "Placed",
    cell: (c) => (
      <Link to={`/calls/${encodeURIComponent(c.row.original.id)}`}>
        <When at={c.getValue()} />
      </Link>
    ),
  }),
  column.accessor("phone", { header: "Phone" }),
  column.accessor("language", { header: "Language" }),
  column.accessor((c) => c.outcome ?? c.phase, { id: "outcome", header: "Outcome", cell: (c) => <Status value={c.getValue()} /> }),
  column.accessor("attempt", { header: "Attempt", cell: (c) => c.getValue() ?? "—" }),
  column.accessor("leadId", { header: "Lead", cell: (c) => (c.getValue() ? <Link to={`/leads/${c.getValue()}`}>lead</Link> : "—") }),
];

const limit = 50;

export function CallsPage() {
  const [params] = useSearchParams();
  const [outcome, setOutcome] = useState("");
  const [language, setLanguage] = useState("");
  const [offset, setOffset] = useState(0);
  const campaignId = params.get("campaignId") ?? "";
  const filter = { outcome, language, campaignId, limit, offset };
  const calls = useQuery({
    queryKey: ["calls", filter],
    queryFn: () => api<Calls>(`/api/calls${query(filter)}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section>
      <PageHeader title="Calls" />
      <div className="filters">
        <select aria-label="Outcome" value={outcome} onChange={(e) => { setOutcome(e.target.value); setOffset(0); }}>
          <option value="">Any outcome</option>
          {outcomes.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
        <input aria-label="Language" placeholder="Language (e.g. fr)" value={language} onChange={(e) => { setLanguage(e.target.value); setOffset(0); }} />
        {campaignId ? <Link to="/calls">All campaigns</Link> : null}
      </div>
      <Loaded query={calls}>
        {(page) => (
          <>
            <DataTable rows={page.items} columns={columns} label="Calls" rowId={(c) => c.id} />
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
                Newer
              </button>
              <button type="button" disabled={page.items.length < limit} onClick={() => setOffset(offset + limit)}>
                Older
              </button>
            </nav>
          </>
        )}
      </Loaded>
    </section>
  );
}

export function CallPage() {
  const { id = "" } = useParams();
  const call = useQuery({ queryKey: ["call", id], queryFn: () => api<CallDetails>(`/api/calls/${encodeURIComponent(id)}`) });
  return <Loaded query={call}>{(c) => <CallView details={c} />}</Loaded>;
}

function CallView({ details }: { details: CallDetails }) {
  const { call, transcript } = details;
  const lead = useQuery({ queryKey: ["lead", call.leadId], queryFn: () => api<Lead>(`/api/leads/${call.leadId}`), enabled: call.leadId !== null });
  // Every call to this lead in the same campaign: the attempts.
  const attempts = useQuery({
    queryKey: ["calls", { leadId: call.leadId, campaignId: call.campaignId }],
    queryFn: () => api<Calls>(`/api/calls${query({ leadId: call.leadId, campaignId: call.campaignId, limit: 50 })}`),
    enabled: call.leadId !== null,
  });
  const meetings = useQuery({
    queryKey: ["meetings", { lead: call.leadId }],
    queryFn: () => api<MeetingPage>(`/api/meetings${query({ lead: call.leadId, pageSize: 100 })}`),
    enabled: call.leadId !== null,
  });
  const booked = meetings.data?.items.find((m) => m.callId === call.id);
  const zone = lead.data?.timeZone;
  return (
    <section>
      <PageHeader title={`Call to ${lead.data?.name ?? call.phone}`} />
      <dl className="details">
        <dt>Lead</dt>
        <dd>{call.leadId ? <Link to={`/leads/${call.leadId}`}><Name>{lead.data?.name ?? call.phone}</Name></Link> : call.phone}</dd>
        <dt>Placed</dt>
        <dd>
          <When at={call.createdAt} zone={zone} />
        </dd>
        <dt>Ended</dt>
        <dd>
          <When at={call.endedAt} zone={zone} />
        </dd>
        <dt>Outcome</dt>
        <dd data-testid="call-outcome">
          <Status value={call.outcome ?? call.phase} />
        </dd>
        <dt>Language</dt>
        <dd>{call.language}</dd>
        {call.callbackAt ? (
          <>
            <dt>Call back</dt>
            <dd>
              <When at={call.callbackAt} zone={zone} />
            </dd>
          </>
        ) : null}
        <dt>Booked meeting</dt>
        <dd>
          {booked ? (
            <Link to={`/meetings/${booked.id}`}>
              <When at={booked.startUtc} zone={booked.timeZone} />
            </Link>
          ) : (
            "—"
          )}
        </dd>
      </dl>
      <h2>Recording</h2>
      <audio controls preload="none" src={details.recording} aria-label="Call recording">
        <a href={details.recording}>Download the recording</a>
      </audio>
      <div className="two-columns">
        <section aria-labelledby="call-transcript">
          <h2 id="call-transcript">Transcript</h2>
          <Transcript lines={transcript} testId="call-transcript" />
        </section>
        <section aria-labelledby="call-attempts">
          <h2 id="call-attempts">Attempts</h2>
          <ul className="plain">
            {(attempts.data?.items ?? []).map((a) => (
              <li key={a.id} aria-current={a.id === call.id ? "true" : undefined}>
                <Link to={`/calls/${encodeURIComponent(a.id)}`}>
                  {a.attempt ? `Attempt ${a.attempt}` : "Call"} · <When at={a.createdAt} zone={zone} />
                </Link>{" "}
                <Status value={a.outcome ?? a.phase} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}

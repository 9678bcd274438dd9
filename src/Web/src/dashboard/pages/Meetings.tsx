import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addDays, addWeeks, eachDayOfInterval, endOfWeek, format, isSameDay, startOfWeek } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { createColumnHelper } from "@tanstack/react-table";
import { api, query } from "../api";
import { appNow } from "../clock";
import { useCan, useMe } from "../auth";
import { viewerZone } from "../format";
import type { Dimension, Lead, Meeting, MeetingAnalysis, MeetingPage as MeetingList, MeetingTranscript } from "../types";
import { DataTable, Pager } from "../table";
import { Dialog, ErrorMessage, Field, Form, Loaded, Name, PageHeader, Status, Transcript, When } from "../ui";
import { LeadPicker } from "./LeadPicker";
import { QuestionSetField } from "./QuestionSetField";
import { fieldsOf, LeadFieldsEditor, leadRequest } from "./LeadForm";

const column = createColumnHelper<Meeting>();
const columns = [
  column.accessor("startUtc", {
    header: "When",
    cell: (c) => (
      <Link to={`/meetings/${c.row.original.id}`}>
        <When at={c.getValue()} zone={c.row.original.timeZone} />
      </Link>
    ),
  }),
  column.accessor("leadName", { header: "Lead", cell: (c) => <Name>{c.getValue()}</Name> }),
  column.accessor("status", { header: "Status", cell: (c) => <Status value={c.getValue()} /> }),
  column.accessor("joinMode", { header: "Joins by" }),
  column.accessor("repName", { header: "Rep", cell: (c) => <Name>{c.getValue()}</Name> }),
];

export function MeetingsPage() {
  const can = useCan();
  const [view, setView] = useState<"week" | "list">("week");
  const [scheduling, setScheduling] = useState(false);
  return (
    <section>
      <PageHeader title="Meetings">
        <div role="group" aria-label="View">
          <button type="button" aria-pressed={view === "week"} onClick={() => setView("week")}>
            Week
          </button>
          <button type="button" aria-pressed={view === "list"} onClick={() => setView("list")}>
            List
          </button>
        </div>
        {can.write ? (
          <button type="button" className="primary" onClick={() => setScheduling(true)}>
            Schedule a meeting
          </button>
        ) : null}
      </PageHeader>
      {view === "week" ? <WeekView /> : <ListView />}
      <Dialog open={scheduling} title="Schedule a meeting" onClose={() => setScheduling(false)}>
        <ScheduleForm onDone={() => setScheduling(false)} />
      </Dialog>
    </section>
  );
}

function ListView() {
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const meetings = useQuery({
    queryKey: ["meetings", { status, page }],
    queryFn: () => api<MeetingList>(`/api/meetings${query({ status, page, pageSize: 25 })}`),
  });
  return (
    <>
      <div className="filters">
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {["booked", "completed", "cancelled", "no-show"].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <Loaded query={meetings}>
        {(data) => (
          <>
            <DataTable rows={data.items} columns={columns} label="Meetings" rowId={(m) => m.id} />
            <Pager page={page} pageCount={Math.ceil(data.total / 25)} onPage={setPage} />
          </>
        )}
      </Loaded>
    </>
  );
}

function WeekView() {
  const [offset, setOffset] = useState(0);
  const start = useMemo(() => startOfWeek(addWeeks(TZDate.tz(viewerZone, appNow()), offset), { weekStartsOn: 1 }), [offset]);
  const end = endOfWeek(start, { weekStartsOn: 1 });
  const meetings = useQuery({
    queryKey: ["meetings", "week", start.toISOString()],
    queryFn: () =>
      api<MeetingList>(`/api/meetings${query({ from: start.toISOString(), to: addDays(start, 7).toISOString(), pageSize: 200 })}`),
  });
  const days = eachDayOfInterval({ start, end });
  return (
    <div>
      <div className="week-nav">
        <button type="button" onClick={() => setOffset(offset - 1)}>
          Previous week
        </button>
        <strong>
          {format(start, "d MMM")} – {format(end, "d MMM yyyy")}
        </strong>
        <button type="button" onClick={() => setOffset(offset + 1)}>
          Next week
        </button>
      </div>
      <Loaded query={meetings}>
        {(data) => (
          <div className="week" role="list" aria-label="Meetings this week">
            {days.map((day) => (
              <section key={day.toISOString()} className="day" role="listitem" aria-label={format(day, "EEEE d MMMM")}>
                <h3>{format(day, "EEE d")}</h3>
                <ul className="plain">
                  {data.items
                    .filter((m) => m.status !== "cancelled" && isSameDay(new TZDate(m.startUtc, viewerZone), day))
                    .map((m) => (
                      <li key={m.id} className="slot">
                        <Link to={`/meetings/${m.id}`}>
                          {format(new TZDate(m.startUtc, viewerZone), "HH:mm")} <Name>{m.leadName}</Name>
                        </Link>
                      </li>
                    ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </Loaded>
    </div>
  );
}

function ScheduleForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [mode, setMode] = useState<"existing" | "new">("existing");
  const [lead, setLead] = useState<Lead[]>([]);
  const [fields, setFields] = useState(fieldsOf(null));
  const [start, setStart] = useState("");
  const [joinMode, setJoinMode] = useState("phone");
  const [questionSetId, setQuestionSetId] = useState("");
  const [repName, setRepName] = useState("");
  const [repEmail, setRepEmail] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api<Meeting>("/api/meetings", {
        method: "POST",
        body: {
          leadId: mode === "existing" ? (lead[0]?.id ?? null) : null,
          lead: mode === "new" ? leadRequest(fields) : null,
          startUtc: start ? new Date(start).toISOString() : null,
          joinMode,
          questionSetId: questionSetId || null,
          repName: repName || null,
          repEmail: repEmail || null,
        },
      }),
    onSuccess: (meeting) => {
      void client.invalidateQueries({ queryKey: ["meetings"] });
      onDone();
      void navigate(`/meetings/${meeting.id}`);
    },
  });
  return (
    <Form onSubmit={() => create.mutate()}>
      <fieldset>
        <legend>Lead</legend>
        <label>
          <input type="radio" name="lead-mode" checked={mode === "existing"} onChange={() => setMode("existing")} /> An existing lead
        </label>{" "}
        <label>
          <input type="radio" name="lead-mode" checked={mode === "new"} onChange={() => setMode("new")} /> A new lead
        </label>
      </fieldset>
      {mode === "existing" ? <LeadPicker chosen={lead} onChange={setLead} single /> : <LeadFieldsEditor fields={fields} onChange={setFields} />}
      <div className="form-grid">
        <Field label={`Starts (${viewerZone})`} hint="A free slot of the calendar">
          <input type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
        </Field>
        <Field label="The AI joins by">
          <select value={joinMode} onChange={(e) => setJoinMode(e.target.value)}>
            <option value="phone">Calling the lead</option>
            <option value="room">The meeting room</option>
          </select>
        </Field>
        <QuestionSetField value={questionSetId} onChange={setQuestionSetId} />
        <Field label="Sales rep name">
          <input dir="auto" value={repName} onChange={(e) => setRepName(e.target.value)} />
        </Field>
        <Field label="Sales rep email">
          <input type="email" value={repEmail} onChange={(e) => setRepEmail(e.target.value)} />
        </Field>
      </div>
      <ErrorMessage error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Schedule
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </Form>
  );
}

const dimensions = ["budget", "authority", "need", "timeline"] as const;

export function MeetingPage() {
  const { id = "" } = useParams();
  const meeting = useQuery({ queryKey: ["meeting", id], queryFn: () => api<Meeting>(`/api/meetings/${id}`), refetchInterval: 5000 });
  return <Loaded query={meeting}>{(m) => <MeetingView meeting={m} />}</Loaded>;
}

function MeetingView({ meeting }: { meeting: Meeting }) {
  const can = useCan();
  const client = useQueryClient();
  const [rescheduling, setRescheduling] = useState(false);
  const [newStart, setNewStart] = useState("");
  const room = useQuery({
    queryKey: ["meeting-room", meeting.id],
    queryFn: () => api<{ lead: string; rep: string; expiresAt: string }>(`/api/meetings/${meeting.id}/room`),
    enabled: meeting.joinMode === "room" && meeting.status !== "cancelled",
  });
  const transcript = useQuery({
    queryKey: ["meeting-transcript", meeting.id],
    queryFn: () => api<MeetingTranscript>(`/api/meetings/${meeting.id}/transcript`),
    refetchInterval: meeting.status === "booked" ? 3000 : false,
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["meeting", meeting.id] });
    void client.invalidateQueries({ queryKey: ["meetings"] });
  };
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api(`/api/meetings/${meeting.id}/${path}`, { method: "POST", body: body ?? {} }),
    onSuccess: () => {
      setRescheduling(false);
      refresh();
    },
  });
  const open = meeting.status === "booked";
  // The lead's own clock beside the viewer's (the meeting's zone is the calendar's).
  const lead = useQuery({ queryKey: ["lead", meeting.leadId], queryFn: () => api<Lead>(`/api/leads/${meeting.leadId}`), enabled: meeting.leadId !== null });
  const leadZone = lead.data?.timeZone ?? meeting.timeZone;
  return (
    <section>
      <PageHeader title={`Meeting with ${meeting.leadName ?? "a lead"}`}>
        {can.write && open ? (
          <>
            <button type="button" className="primary" onClick={() => act.mutate({ path: "start" })}>
              Start now
            </button>
            <button type="button" onClick={() => setRescheduling(true)}>
              Reschedule
            </button>
            <button type="button" className="danger" onClick={() => act.mutate({ path: "cancel", body: { reason: "Cancelled from the dashboard" } })}>
              Cancel meeting
            </button>
          </>
        ) : null}
      </PageHeader>
      <ErrorMessage error={act.error} />
      <dl className="details">
        <dt>Lead</dt>
        <dd>
          {meeting.leadId ? (
            <Link to={`/leads/${meeting.leadId}`}>
              <Name>{meeting.leadName}</Name>
            </Link>
          ) : (
            <Name>{meeting.leadName}</Name>
          )}
        </dd>
        <dt>When</dt>
        <dd data-testid="meeting-when">
          <When at={meeting.startUtc} zone={leadZone} />
        </dd>
        <dt>Status</dt>
        <dd>
          <Status value={meeting.status} /> {meeting.statusReason ? <span dir="auto">({meeting.statusReason})</span> : null}
        </dd>
        <dt>The AI joins by</dt>
        <dd>{meeting.joinMode === "room" ? "the meeting room" : "calling the lead"}</dd>
        <dt>Invite link</dt>
        <dd>
          <a href={meeting.joinUrl} data-testid="join-url">
            {meeting.joinUrl}
          </a>
        </dd>
        {room.data ? (
          <>
            <dt>Rep's room link</dt>
            <dd>
              <a href={room.data.rep} target="_blank" rel="noreferrer" data-testid="rep-room-link">
                Open the meeting room
              </a>
            </dd>
          </>
        ) : null}
        {meeting.callId ? (
          <>
            <dt>Booked on</dt>
            <dd>
              <Link to={`/calls/${encodeURIComponent(meeting.callId)}`}>the call</Link>
            </dd>
          </>
        ) : null}
      </dl>
      <Dialog open={rescheduling} title="Reschedule" onClose={() => setRescheduling(false)}>
        <Form onSubmit={() => act.mutate({ path: "reschedule", body: { startUtc: new Date(newStart).toISOString() } })}>
          <Field label={`New start (${viewerZone})`}>
            <input type="datetime-local" required value={newStart} onChange={(e) => setNewStart(e.target.value)} />
          </Field>
          <ErrorMessage error={act.error} />
          <div className="actions">
            <button type="submit" className="primary">
              Reschedule
            </button>
            <button type="button" onClick={() => setRescheduling(false)}>
              Keep the time
            </button>
          </div>
        </Form>
      </Dialog>
      <div className="two-columns">
        <section aria-labelledby="transcript-title">
          <h2 id="transcript-title">Transcript</h2>
          {transcript.isError ? (
            <p className="muted">No interview yet.</p>
          ) : (
            <Transcript lines={transcript.data?.lines ?? []} testId="meeting-transcript" />
          )}
        </section>
        <Scorecard meetingId={meeting.id} />
      </div>
    </section>
  );
}

function Scorecard({ meetingId }: { meetingId: string }) {
  const can = useCan();
  const me = useMe();
  const client = useQueryClient();
  const analysis = useQuery({
    queryKey: ["analysis", meetingId],
    queryFn: () => api<MeetingAnalysis>(`/api/meetings/${meetingId}/analysis`),
    retry: false,
  });
  const [scores, setScores] = useState<Record<string, number>>({});
  const [status, setStatus] = useState("");
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<MeetingAnalysis>(`/api/meetings/${meetingId}/analysis`, { method: "PATCH", body: { ...body, confirmedBy: me.user.email } }),
    onSuccess: (view) => {
      client.setQueryData(["analysis", meetingId], view);
      setScores({});
      setStatus("");
    },
  });
  if (analysis.isPending) return <p className="muted">Loading the analysis…</p>;
  if (analysis.isError) return <section aria-label="BANT scorecard"><h2>BANT scorecard</h2><p className="muted">The analysis appears here once the meeting is held.</p></section>;
  const a = analysis.data;
  const corrections = () => {
    const body: Record<string, unknown> = {};
    for (const [name, score] of Object.entries(scores)) body[name] = { score };
    if (status) body.status = status;
    return body;
  };
  return (
    <section aria-labelledby="scorecard-title" data-testid="scorecard">
      <h2 id="scorecard-title">BANT scorecard</h2>
      <p>
        Overall <strong data-testid="bant-overall">{a.value.overall}</strong> · <Status value={a.value.status} /> ·{" "}
        {a.confirmedAt ? (
          <>
            confirmed by <Name>{a.confirmedBy}</Name> <When at={a.confirmedAt} />
          </>
        ) : (
          `from the ${a.source} analysis, not confirmed yet`
        )}
      </p>
      <table aria-label="BANT dimensions">
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            <th scope="col">Score</th>
            <th scope="col">Evidence</th>
            {can.write ? <th scope="col">Correct</th> : null}
          </tr>
        </thead>
        <tbody>
          {dimensions.map((name) => {
            const d: Dimension = a.value[name];
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{d.score}</td>
                <td>
                  <div dir="auto">{d.rationale}</div>
                  {d.quotes.map((q, i) => (
                    <blockquote key={i} dir="auto">
                      {q}
                    </blockquote>
                  ))}
                </td>
                {can.write ? (
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      aria-label={`Corrected ${name} score`}
                      value={scores[name] ?? ""}
                      onChange={(e) => setScores({ ...scores, [name]: Number(e.target.value) })}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {a.value.keyInsights.length > 0 ? (
        <>
          <h3>Key insights</h3>
          <ul>
            {a.value.keyInsights.map((k, i) => (
              <li key={i} dir="auto">
                {k}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {can.write ? (
        <div className="actions">
          <select aria-label="Corrected status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Status as analysed</option>
            <option value="qualified">qualified</option>
            <option value="nurture">nurture</option>
            <option value="disqualified">disqualified</option>
          </select>
          <button type="button" className="primary" disabled={patch.isPending} onClick={() => patch.mutate({ confirm: [...dimensions, "status"] })}>
            Confirm as analysed
          </button>
          <button type="button" disabled={patch.isPending || (Object.keys(scores).length === 0 && !status)} onClick={() => patch.mutate(corrections())}>
            Save corrections
          </button>
        </div>
      ) : null}
      <ErrorMessage error={patch.error} />
    </section>
  );
}

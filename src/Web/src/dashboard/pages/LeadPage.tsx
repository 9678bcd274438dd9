import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api";
import { useCan } from "../auth";
import type { CallPage, Lead, MeetingPage } from "../types";
import { Dialog, ErrorMessage, Loaded, Name, PageHeader, Status, When } from "../ui";
import { LeadForm } from "./LeadForm";

interface Decision {
  id: string;
  decidedAt: string;
  allowed: boolean;
  rule: string;
  reason: string;
  attempt: number | null;
}

/** One lead: details, BANT result, calls, meetings and the history of dial decisions; edit and erase. */
export function LeadPage() {
  const { id = "" } = useParams();
  const lead = useQuery({ queryKey: ["lead", id], queryFn: () => api<Lead>(`/api/leads/${id}`) });
  return <Loaded query={lead}>{(l) => <LeadView lead={l} />}</Loaded>;
}

function LeadView({ lead }: { lead: Lead }) {
  const can = useCan();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [erasing, setErasing] = useState(false);
  const calls = useQuery({ queryKey: ["calls", { leadId: lead.id }], queryFn: () => api<CallPage>(`/api/calls?leadId=${lead.id}&limit=100`) });
  const meetings = useQuery({
    queryKey: ["meetings", { lead: lead.id }],
    queryFn: () => api<MeetingPage>(`/api/meetings?lead=${lead.id}&pageSize=100`),
  });
  const decisions = useQuery({
    queryKey: ["call-decisions", lead.id],
    queryFn: () => api<Decision[]>(`/api/leads/${lead.id}/call-decisions`),
  });
  const erase = useMutation({
    mutationFn: () => api<void>(`/api/leads/${lead.id}`, { method: "DELETE" }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["leads"] });
      void navigate("/leads");
    },
  });
  const erased = lead.erasedAt !== null;

  return (
    <section>
      <PageHeader title={lead.name ?? "(no name)"}>
        {can.write && !erased ? (
          <>
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => setErasing(true)}>
              Erase
            </button>
          </>
        ) : null}
      </PageHeader>
      <dl className="details">
        <dt>Status</dt>
        <dd>
          <Status value={lead.status} />
        </dd>
        <dt>Phone</dt>
        <dd>{lead.phone ?? "—"}</dd>
        <dt>Email</dt>
        <dd>
          <Name>{lead.email}</Name>
        </dd>
        <dt>Company</dt>
        <dd>
          <Name>{lead.company}</Name>
        </dd>
        <dt>Language</dt>
        <dd>{lead.language}</dd>
        <dt>Time zone</dt>
        <dd>{lead.timeZone}</dd>
        <dt>Added</dt>
        <dd>
          <When at={lead.createdAt} />
        </dd>
        {erased ? (
          <>
            <dt>Erased</dt>
            <dd>
              <When at={lead.erasedAt} />
            </dd>
          </>
        ) : null}
        <dt>Notes</dt>
        <dd>
          <Name>{lead.notes}</Name>
        </dd>
      </dl>

      <h2>BANT</h2>
      {lead.score === null || lead.score === undefined ? (
        <p className="muted">No meeting analysed yet.</p>
      ) : (
        <div>
          <p>
            Overall score <strong data-testid="lead-score">{lead.score}</strong>
            {lead.lastMeetingId ? (
              <>
                {" "}
                from the <Link to={`/meetings/${lead.lastMeetingId}`}>meeting</Link> of <When at={lead.lastMeetingAt} zone={lead.timeZone} />
              </>
            ) : null}
          </p>
          <ul>
            {(lead.insights ?? []).map((insight, i) => (
              <li key={i} dir="auto">
                {insight}
              </li>
            ))}
          </ul>
        </div>
      )}

      <h2>Calls</h2>
      <Loaded query={calls}>
        {(page) => (
          <ul className="plain">
            {page.items.length === 0 ? <li className="muted">No calls.</li> : null}
            {page.items.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${encodeURIComponent(c.id)}`}>
                  <When at={c.createdAt} zone={lead.timeZone} />
                </Link>{" "}
                <Status value={c.outcome ?? c.phase} /> {c.attempt ? `attempt ${c.attempt}` : ""}
              </li>
            ))}
          </ul>
        )}
      </Loaded>

      <h2>Meetings</h2>
      <Loaded query={meetings}>
        {(page) => (
          <ul className="plain">
            {page.items.length === 0 ? <li className="muted">No meetings.</li> : null}
            {page.items.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`}>
                  <When at={m.startUtc} zone={m.timeZone} />
                </Link>{" "}
                <Status value={m.status} />
              </li>
            ))}
          </ul>
        )}
      </Loaded>

      <h2>History</h2>
      <Loaded query={decisions}>
        {(list) => (
          <ul className="plain">
            {list.length === 0 ? <li className="muted">No dial decisions yet.</li> : null}
            {list.map((d) => (
              <li key={d.id}>
                <When at={d.decidedAt} zone={lead.timeZone} /> {d.allowed ? "call allowed" : "call refused"} ({d.rule}): {d.reason}
              </li>
            ))}
          </ul>
        )}
      </Loaded>

      <Dialog open={editing} title="Edit lead" onClose={() => setEditing(false)}>
        <LeadForm
          lead={lead}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            client.setQueryData(["lead", saved.id], saved);
            void client.invalidateQueries({ queryKey: ["leads"] });
          }}
        />
      </Dialog>
      <Dialog open={erasing} title="Erase this lead?" onClose={() => setErasing(false)}>
        <p>
          Erasing removes <Name>{lead.name}</Name>'s personal data (name, phone, email, notes, transcripts) for good. Their calls and meetings
          stay counted, anonymised. This cannot be undone.
        </p>
        <ErrorMessage error={erase.error} />
        <div className="actions">
          <button type="button" className="danger" disabled={erase.isPending} onClick={() => erase.mutate()}>
            Erase for good
          </button>
          <button type="button" onClick={() => setErasing(false)}>
            Keep
          </button>
        </div>
      </Dialog>
    </section>
  );
}

import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { api } from "../api";
import { useCan } from "../auth";
import { viewerZone } from "../format";
import type { Campaign, CampaignStatus, Lead } from "../types";
import { DataTable } from "../table";
import { Dialog, ErrorMessage, Field, Form, Loaded, Name, PageHeader, Status, When } from "../ui";
import { LeadPicker } from "./LeadPicker";
import { QuestionSetField } from "./QuestionSetField";
import { leadStatuses } from "./Leads";

const column = createColumnHelper<Campaign>();
const columns = [
  column.accessor("name", {
    header: "Name",
    cell: (c) => (
      <Link to={`/campaigns/${c.row.original.id}`}>
        <Name>{c.getValue()}</Name>
      </Link>
    ),
  }),
  column.accessor("status", { header: "Status", cell: (c) => <Status value={c.getValue()} /> }),
  column.accessor((c) => c.settings.callingWindow, { id: "window", header: "Calling window" }),
  column.accessor((c) => c.settings.concurrency, { id: "concurrency", header: "Concurrency" }),
  column.accessor("lastStartAt", { header: "Last started", cell: (c) => <When at={c.getValue()} /> }),
];

export function CampaignsPage() {
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const campaigns = useQuery({ queryKey: ["campaigns"], queryFn: () => api<Campaign[]>("/api/campaigns"), refetchInterval: 5000 });
  return (
    <section>
      <PageHeader title="Campaigns">
        {can.write ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New campaign
          </button>
        ) : null}
      </PageHeader>
      <Loaded query={campaigns}>{(list) => <DataTable rows={list} columns={columns} label="Campaigns" rowId={(c) => c.id} />}</Loaded>
      <Dialog open={creating} title="New campaign" onClose={() => setCreating(false)}>
        <CampaignForm onDone={() => setCreating(false)} />
      </Dialog>
    </section>
  );
}

function CampaignForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [mode, setMode] = useState<"leads" | "filter">("leads");
  const [leads, setLeads] = useState<Lead[]>([]);
  const [status, setStatus] = useState("new");
  const [language, setLanguage] = useState("");
  const [region, setRegion] = useState("");
  const [window, setWindow] = useState("Mon-Fri 09:00-18:00");
  const [timeZone, setTimeZone] = useState(viewerZone);
  const [concurrency, setConcurrency] = useState(2);
  const [maxAttempts, setMaxAttempts] = useState(4);
  const [delays, setDelays] = useState("30, 60, 120");
  const [voicemail, setVoicemail] = useState(1);
  const [callbacks, setCallbacks] = useState(2);
  const [questionSetId, setQuestionSetId] = useState("");
  const [startAt, setStartAt] = useState("");
  const [cron, setCron] = useState("");

  const create = useMutation({
    mutationFn: async () => {
      const minutes = delays.split(",").map((d) => d.trim()).filter(Boolean).map(Number);
      const campaign = await api<Campaign>("/api/campaigns", {
        method: "POST",
        body: {
          name,
          callingWindow: window,
          concurrency,
          timeZone,
          retry: {
            maxAttempts,
            delays: minutes.map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`),
            maxVoicemailRetries: voicemail,
            maxCallbacks: callbacks,
          },
          startAt: startAt ? new Date(startAt).toISOString() : null,
          cron: cron.trim() || null,
          leads: mode === "leads" ? { leadIds: leads.map((l) => l.id) } : { status: status || null, language: language || null, region: region || null },
        },
      });
      if (questionSetId) {
        await api(`/api/campaigns/${campaign.id}/question-set`, { method: "PUT", body: { questionSetId } });
      }
      return campaign;
    },
    onSuccess: (campaign) => {
      void client.invalidateQueries({ queryKey: ["campaigns"] });
      onDone();
      void navigate(`/campaigns/${campaign.id}`);
    },
  });
  const num = (set: (n: number) => void) => (e: { target: { value: string } }) => set(Number(e.target.value));

  return (
    <Form onSubmit={() => create.mutate()}>
      <div className="form-grid">
        <Field label="Name">
          <input dir="auto" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <fieldset>
          <legend>Who to call</legend>
          <label>
            <input type="radio" name="mode" checked={mode === "leads"} onChange={() => setMode("leads")} /> Chosen leads
          </label>{" "}
          <label>
            <input type="radio" name="mode" checked={mode === "filter"} onChange={() => setMode("filter")} /> Every lead matching a filter
          </label>
        </fieldset>
        {mode === "leads" ? (
          <LeadPicker chosen={leads} onChange={setLeads} />
        ) : (
          <>
            <Field label="Lead status">
              <select value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">Any</option>
                {leadStatuses.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </Field>
            <Field label="Language">
              <input value={language} onChange={(e) => setLanguage(e.target.value)} placeholder="e.g. fr-FR" />
            </Field>
            <Field label="Region">
              <input value={region} onChange={(e) => setRegion(e.target.value)} placeholder="e.g. FR" />
            </Field>
          </>
        )}
        <Field label="Calling window" hint='In the lead&apos;s own time, e.g. "Mon-Fri 09:00-18:00"'>
          <input required value={window} onChange={(e) => setWindow(e.target.value)} />
        </Field>
        <Field label="Time zone" hint="For the schedule (IANA)">
          <input required value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </Field>
        <Field label="Concurrent calls">
          <input type="number" min={1} max={100} value={concurrency} onChange={num(setConcurrency)} />
        </Field>
        <Field label="Calls per lead at most">
          <input type="number" min={1} max={10} value={maxAttempts} onChange={num(setMaxAttempts)} />
        </Field>
        <Field label="Waits between retries (minutes)" hint="Comma separated">
          <input value={delays} onChange={(e) => setDelays(e.target.value)} />
        </Field>
        <Field label="Voicemail retries">
          <input type="number" min={0} max={5} value={voicemail} onChange={num(setVoicemail)} />
        </Field>
        <Field label="Callbacks">
          <input type="number" min={0} max={5} value={callbacks} onChange={num(setCallbacks)} />
        </Field>
        <QuestionSetField value={questionSetId} onChange={setQuestionSetId} />
        <Field label="Start at" hint="Optional: the campaign starts by itself then">
          <input type="datetime-local" value={startAt} onChange={(e) => setStartAt(e.target.value)} />
        </Field>
        <Field label="Repeat (cron)" hint='Optional, e.g. "0 9 * * 1-5"'>
          <input value={cron} onChange={(e) => setCron(e.target.value)} />
        </Field>
      </div>
      <ErrorMessage error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create campaign
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </Form>
  );
}

const transitions: Record<string, string[]> = {
  draft: ["start", "cancel"],
  scheduled: ["start", "cancel"],
  running: ["pause", "cancel"],
  completed: ["start"],
  paused: ["resume", "cancel"],
};

export function CampaignPage() {
  const { id = "" } = useParams();
  const can = useCan();
  const client = useQueryClient();
  const campaign = useQuery({ queryKey: ["campaign", id], queryFn: () => api<Campaign>(`/api/campaigns/${id}`), refetchInterval: 3000 });
  const status = useQuery({
    queryKey: ["campaign-status", id],
    queryFn: () => api<CampaignStatus>(`/api/campaigns/${id}/status`),
    refetchInterval: 1500,
  });
  const act = useMutation({
    mutationFn: (action: string) => api(`/api/campaigns/${id}/${action}`, { method: "POST" }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ["campaign", id] });
      void client.invalidateQueries({ queryKey: ["campaign-status", id] });
    },
  });
  return (
    <Loaded query={campaign}>
      {(c) => (
        <section>
          <PageHeader title={c.name}>
            {can.write
              ? (transitions[c.status] ?? []).map((action) => (
                  <button key={action} type="button" className={action === "cancel" ? "danger" : "primary"} disabled={act.isPending} onClick={() => act.mutate(action)}>
                    {action[0]!.toUpperCase() + action.slice(1)}
                  </button>
                ))
              : null}
            <Link className="button" to="/live">
              Live calls
            </Link>
          </PageHeader>
          <ErrorMessage error={act.error} />
          <p>
            Status: <Status value={c.status} /> · window {c.settings.callingWindow} · {c.settings.concurrency} at once · up to{" "}
            {c.settings.retry.maxAttempts} calls per lead
          </p>
          <Loaded query={status}>
            {(s) => (
              <div data-testid="campaign-progress">
                <label className="field">
                  <span className="field-label">
                    {s.progress.settled} of {s.progress.total} leads done
                  </span>
                  <progress max={s.progress.total || 1} value={s.progress.settled} />
                </label>
                <div className="kpis">
                  <div className="kpi">
                    <div className="kpi-label">Calling now</div>
                    <div className="kpi-value" data-testid="in-flight">{s.progress.inFlight}</div>
                  </div>
                  <div className="kpi">
                    <div className="kpi-label">Due</div>
                    <div className="kpi-value">{s.progress.due}</div>
                  </div>
                  <div className="kpi">
                    <div className="kpi-label">Waiting</div>
                    <div className="kpi-value">{s.progress.waiting}</div>
                  </div>
                  {Object.entries(s.progress.byOutcome).map(([outcome, count]) => (
                    <div className="kpi" key={outcome}>
                      <div className="kpi-label">{outcome}</div>
                      <div className="kpi-value">{count}</div>
                    </div>
                  ))}
                </div>
                {s.progress.nextDueAt ? (
                  <p>
                    Next call due <When at={s.progress.nextDueAt} />
                  </p>
                ) : null}
              </div>
            )}
          </Loaded>
          <p>
            <Link to={`/calls?campaignId=${c.id}`}>This campaign's calls</Link>
          </p>
        </section>
      )}
    </Loaded>
  );
}

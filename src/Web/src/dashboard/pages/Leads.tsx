import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { api, query } from "../api";
import { useCan } from "../auth";
import type { Lead, LeadPage } from "../types";
import { DataTable, Pager } from "../table";
import { Dialog, Loaded, Name, PageHeader, Status, When } from "../ui";
import { LeadForm } from "./LeadForm";
import { LeadUpload } from "./LeadUpload";

export const leadStatuses = [
  "new", "queued", "calling", "booked", "not-interested", "callback", "do-not-call", "failed", "unreachable", "wrong-number",
  "qualified", "disqualified", "nurture", "no-consent", "not-permitted",
];

const column = createColumnHelper<Lead>();
const columns = [
  column.accessor("name", {
    header: "Name",
    cell: (c) => (
      <Link to={`/leads/${c.row.original.id}`}>
        <Name>{c.getValue() ?? "(no name)"}</Name>
      </Link>
    ),
  }),
  column.accessor("phone", { header: "Phone" }),
  column.accessor("company", { header: "Company", cell: (c) => <Name>{c.getValue()}</Name> }),
  column.accessor("language", { header: "Language" }),
  column.accessor("status", { header: "Status", cell: (c) => <Status value={c.getValue()} /> }),
  column.accessor("score", { header: "BANT", cell: (c) => c.getValue() ?? "—" }),
  column.accessor("createdAt", { header: "Added", cell: (c) => <When at={c.getValue()} /> }),
];

const pageSize = 25;

export function LeadsPage() {
  const can = useCan();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const [language, setLanguage] = useState("");
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [uploading, setUploading] = useState(false);
  const filter = { q, status, language, page, pageSize };
  const leads = useQuery({
    queryKey: ["leads", filter],
    queryFn: () => api<LeadPage>(`/api/leads${query(filter)}`),
    placeholderData: keepPreviousData,
  });
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <section>
      <PageHeader title="Leads">
        {can.write ? (
          <>
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              Add lead
            </button>
            <button type="button" onClick={() => setUploading(true)}>
              Upload CSV
            </button>
          </>
        ) : null}
        <a className="button" href={`/api/leads/export${query({ q, status, language })}`} download>
          Export CSV
        </a>
      </PageHeader>
      <div className="filters" role="search">
        <label>
          <span className="sr-only">Search leads</span>
          <input type="search" placeholder="Search name, phone, email, company" aria-label="Search leads" value={q} onChange={(e) => reset(setQ)(e.target.value)} />
        </label>
        <label>
          <span className="sr-only">Status</span>
          <select aria-label="Status" value={status} onChange={(e) => reset(setStatus)(e.target.value)}>
            <option value="">Any status</option>
            {leadStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Language</span>
          <input placeholder="Language (e.g. fr)" aria-label="Language" value={language} onChange={(e) => reset(setLanguage)(e.target.value)} />
        </label>
      </div>
      <Loaded query={leads}>
        {(data) => (
          <>
            <p className="muted" data-testid="lead-total">
              {data.total} leads
            </p>
            <DataTable rows={data.items} columns={columns} label="Leads" rowId={(l) => l.id} />
            <Pager page={page} pageCount={Math.ceil(data.total / pageSize)} onPage={setPage} />
          </>
        )}
      </Loaded>
      <Dialog open={adding} title="Add a lead" onClose={() => setAdding(false)}>
        <LeadForm
          lead={null}
          onCancel={() => setAdding(false)}
          onSaved={(lead) => {
            setAdding(false);
            void client.invalidateQueries({ queryKey: ["leads"] });
            void navigate(`/leads/${lead.id}`);
          }}
        />
      </Dialog>
      <Dialog open={uploading} title="Upload leads (CSV)" onClose={() => setUploading(false)}>
        <LeadUpload
          onClose={() => {
            setUploading(false);
            void client.invalidateQueries({ queryKey: ["leads"] });
          }}
        />
      </Dialog>
    </section>
  );
}

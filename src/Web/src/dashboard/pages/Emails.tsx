import { useState } from "react";
import { Link } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { api, query } from "../api";
import type { Email } from "../types";
import { DataTable, Pager } from "../table";
import { Loaded, Name, PageHeader, Status, When } from "../ui";

interface Page {
  items: Email[];
  total: number;
  page: number;
  pageSize: number;
}

const column = createColumnHelper<Email>();
const columns = [
  column.accessor("createdAt", { header: "Queued", cell: (c) => <When at={c.getValue()} /> }),
  column.accessor("kind", { header: "Kind" }),
  column.accessor("to", { header: "To", cell: (c) => <Name>{c.getValue()}</Name> }),
  column.accessor("subject", { header: "Subject", cell: (c) => <Name>{c.getValue()}</Name> }),
  column.accessor("status", { header: "Delivery", cell: (c) => <Status value={c.getValue()} /> }),
  column.accessor("attempts", { header: "Attempts" }),
  column.accessor("lastError", { header: "Last error", cell: (c) => <Name>{c.getValue()}</Name> }),
  column.accessor("meetingId", { header: "Meeting", cell: (c) => (c.getValue() ? <Link to={`/meetings/${c.getValue()}`}>meeting</Link> : "—") }),
];

export function EmailsPage() {
  const [status, setStatus] = useState("");
  const [kind, setKind] = useState("");
  const [page, setPage] = useState(1);
  const filter = { status, kind, page, pageSize: 25 };
  const emails = useQuery({ queryKey: ["emails", filter], queryFn: () => api<Page>(`/api/emails${query(filter)}`), placeholderData: keepPreviousData });
  return (
    <section>
      <PageHeader title="Emails" />
      <div className="filters">
        <select aria-label="Delivery status" value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
          <option value="">Any delivery status</option>
          {["queued", "sent", "failed"].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Kind" value={kind} onChange={(e) => { setKind(e.target.value); setPage(1); }}>
          <option value="">Any kind</option>
          {["invite", "reminder", "cancel", "summary", "no-show", "reschedule-request"].map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </div>
      <Loaded query={emails}>
        {(data) => (
          <>
            <DataTable rows={data.items} columns={columns} label="Emails" rowId={(e) => e.id} />
            <Pager page={page} pageCount={Math.ceil(data.total / 25)} onPage={setPage} />
          </>
        )}
      </Loaded>
    </section>
  );
}

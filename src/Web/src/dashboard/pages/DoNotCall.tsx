import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { api, query } from "../api";
import { useCan } from "../auth";
import type { DoNotCallEntry } from "../types";
import { DataTable } from "../table";
import { ErrorMessage, Field, Form, Loaded, Name, PageHeader, When } from "../ui";

interface Page {
  items: DoNotCallEntry[];
  total: number;
  limit: number;
  offset: number;
}

const limit = 50;
const column = createColumnHelper<DoNotCallEntry>();

export function DoNotCallPage() {
  const can = useCan();
  const client = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [phone, setPhone] = useState("");
  const [reason, setReason] = useState("");
  const list = useQuery({
    queryKey: ["do-not-call", offset],
    queryFn: () => api<Page>(`/api/dnc${query({ limit, offset })}`),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ["do-not-call"] });
  const add = useMutation({
    mutationFn: () => api("/api/dnc", { method: "POST", body: { phone, reason: reason || null, region: null } }),
    onSuccess: () => {
      setPhone("");
      setReason("");
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (number: string) => api(`/api/dnc/${encodeURIComponent(number)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const columns = [
    column.accessor("phone", { header: "Number" }),
    column.accessor("reason", { header: "Reason", cell: (c) => <Name>{c.getValue()}</Name> }),
    column.accessor("source", { header: "Source" }),
    column.accessor("addedAt", { header: "Added", cell: (c) => <When at={c.getValue()} /> }),
    column.display({
      id: "remove",
      header: "",
      cell: (c) =>
        can.write ? (
          <button type="button" aria-label={`Remove ${c.row.original.phone}`} onClick={() => remove.mutate(c.row.original.phone)}>
            Remove
          </button>
        ) : null,
    }),
  ];
  return (
    <section>
      <PageHeader title="Do not call" />
      {can.write ? (
        <Form className="inline-form" onSubmit={() => add.mutate()}>
          <Field label="Number">
            <input type="tel" required value={phone} onChange={(e) => setPhone(e.target.value)} />
          </Field>
          <Field label="Reason">
            <input dir="auto" value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="submit" className="primary">
            Add
          </button>
        </Form>
      ) : null}
      <ErrorMessage error={add.error ?? remove.error} />
      <Loaded query={list}>
        {(page) => (
          <>
            <p className="muted">{page.total} numbers</p>
            <DataTable rows={page.items} columns={columns} label="Do-not-call numbers" rowId={(e) => e.phone} />
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
                Previous
              </button>
              <button type="button" disabled={offset + limit >= page.total} onClick={() => setOffset(offset + limit)}>
                Next
              </button>
            </nav>
          </>
        )}
      </Loaded>
    </section>
  );
}

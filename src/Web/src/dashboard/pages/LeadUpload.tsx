import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { api, upload } from "../api";
import type { ImportRecord, ImportResult, RowError } from "../types";
import { DataTable } from "../table";
import { ErrorMessage, Field } from "../ui";

interface ErrorReport {
  rows: number;
  failed: number;
  errors: RowError[];
  errorsOmitted: number;
}

const column = createColumnHelper<RowError>();
const columns = [
  column.accessor("line", { header: "Line" }),
  column.accessor("field", { header: "Field" }),
  column.accessor("reason", { header: "Reason" }),
];

/**
 * Sends a CSV to POST /api/leads/upload (?wait=0: answered at once), shows the bytes sent, then the import's rows
 * processed out of those counted at upload, and when it completes its row errors by line.
 */
export function LeadUpload({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const status = useQuery({
    queryKey: ["import", importId],
    queryFn: () => api<ImportRecord>(`/api/imports/${importId}`),
    enabled: importId !== null,
    refetchInterval: (q) => (q.state.data && ["completed", "failed"].includes(q.state.data.status) ? false : 500),
  });
  const finished = status.data?.status === "completed";
  const report = useQuery({
    queryKey: ["import-errors", importId],
    queryFn: () => api<ErrorReport>(`/api/imports/${importId}/errors`),
    enabled: finished && (status.data?.errors ?? 0) > 0,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await upload<ImportRecord | ImportResult>("/api/leads/upload?wait=0", file, setSent);
      if ("id" in answer.body) setImportId(answer.body.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const record = status.data;
  const total = record?.totalRows ?? 0;
  return (
    <div className="upload">
      <form onSubmit={submit}>
        <Field label="CSV file" hint="A header row with at least a phone column; name, email, company, language, time zone and more are read when present">
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={!file || busy || (importId !== null && !finished)}>
            Upload
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      {busy || sent > 0 ? (
        <label className="field">
          <span className="field-label">Sending the file</span>
          <progress max={1} value={sent} data-testid="upload-progress" />
        </label>
      ) : null}
      {record ? (
        <div role="status" data-testid="import-status">
          <label className="field">
            <span className="field-label">
              Rows processed: {record.rowsProcessed}
              {total ? ` of ${total}` : ""} ({record.status})
            </span>
            <progress max={total || 1} value={finished ? total || 1 : record.rowsProcessed} data-testid="import-progress" />
          </label>
          <p data-testid="import-summary">
            {record.imported} imported, {record.updated} updated, {record.skipped} duplicates merged, {record.errors} rejected
          </p>
          {record.failure ? <p className="error">{record.failure}</p> : null}
        </div>
      ) : null}
      <ErrorMessage error={error ?? status.error ?? report.error} />
      {report.data ? (
        <section aria-label="Row errors" data-testid="row-errors">
          <h3>Rejected rows</h3>
          <DataTable rows={report.data.errors} columns={columns} label="Rejected rows by line" rowId={(r) => `${r.line}-${r.field}`} />
          {report.data.errorsOmitted > 0 ? <p className="muted">and {report.data.errorsOmitted} more</p> : null}
          <a href={`/api/imports/${importId}/errors?format=csv`} download>
            Download the full report (CSV)
          </a>
        </section>
      ) : null}
    </div>
  );
}

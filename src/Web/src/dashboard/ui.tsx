import { useEffect, useId, useRef, type FormEvent, type ReactNode, type Ref } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { ApiError } from "./api";
import { inLeadZone, inViewerZone } from "./format";
import type { Turn } from "./types";

/** A request's error as the problem details said it, every field named. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const messages = error instanceof ApiError ? error.messages : [error instanceof Error ? error.message : String(error)];
  return (
    <div className="error" role="alert">
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

/** Shows loading and errors for a query, then its data. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <p className="muted" aria-live="polite">Loading…</p>;
  if (query.isError) return <ErrorMessage error={query.error} />;
  return <>{children(query.data)}</>;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <div className="actions">{children}</div> : null}
    </div>
  );
}

/** A moment in the viewer's zone with the lead's local time beside it. */
export function When({ at, zone }: { at: string | null | undefined; zone?: string | null | undefined }) {
  const local = inLeadZone(at, zone);
  return (
    <span className="when">
      {at ? <time dateTime={at}>{inViewerZone(at)}</time> : "—"}
      {local ? <span className="lead-time"> (lead: {local})</span> : null}
    </span>
  );
}

/** Text from users or leads: always text, direction from its own characters. */
export function Name({ children }: { children: string | null | undefined }) {
  return <bdi dir="auto">{children ?? "—"}</bdi>;
}

export function Status({ value }: { value: string | null | undefined }) {
  return <span className={`badge badge-${value ?? "none"}`}>{value ?? "—"}</span>;
}

/** A modal dialog (the browser's own: focus trapped, Escape closes). */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {open ? children : null}
    </dialog>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="hint">{hint}</span> : null}
    </label>
  );
}

export function Kpi({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <div className="kpi">
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** A form that runs `onSubmit` instead of navigating: the page's mutation (the browser has already checked the fields). */
export function Form({ onSubmit, className, children }: { onSubmit: () => void; className?: string; children: ReactNode }) {
  return (
    <form
      className={className}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** A conversation's lines as spoken, each in its own language and direction. */
export function Transcript({ lines, testId, live, listRef }: { lines: Turn[]; testId: string; live?: boolean; listRef?: Ref<HTMLOListElement> }) {
  return (
    <ol className="transcript" ref={listRef} data-testid={testId} aria-live={live ? "polite" : undefined}>
      {lines.map((l) => (
        <li key={l.seq} className={`line line-${l.speaker}`}>
          <span className="speaker">{l.speaker}</span>{" "}
          <span dir="auto" lang={l.language}>
            {l.text}
          </span>
        </li>
      ))}
    </ol>
  );
}

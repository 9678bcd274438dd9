import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api";
import type { Lead } from "../types";
import { ErrorMessage, Field, Form } from "../ui";

export interface LeadFields {
  name: string;
  phone: string;
  email: string;
  company: string;
  language: string;
  timeZone: string;
  notes: string;
}

export function fieldsOf(lead: Lead | null): LeadFields {
  return {
    name: lead?.name ?? "",
    phone: lead?.phone ?? "",
    email: lead?.email ?? "",
    company: lead?.company ?? "",
    language: lead?.language ?? "",
    timeZone: lead?.timeZone ?? "",
    notes: lead?.notes ?? "",
  };
}

/** The request body of POST /api/leads and PUT /api/leads/{id}: blanks are left out, so the server infers them. */
export function leadRequest(fields: LeadFields, status?: string) {
  const blank = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    name: blank(fields.name),
    phone: blank(fields.phone),
    email: blank(fields.email),
    company: blank(fields.company),
    language: blank(fields.language),
    timeZone: blank(fields.timeZone),
    notes: blank(fields.notes),
    status: status ?? null,
  };
}

export function LeadFieldsEditor({ fields, onChange }: { fields: LeadFields; onChange: (fields: LeadFields) => void }) {
  const set = (key: keyof LeadFields) => (e: { target: { value: string } }) => onChange({ ...fields, [key]: e.target.value });
  return (
    <div className="form-grid">
      <Field label="Name">
        <input dir="auto" value={fields.name} onChange={set("name")} />
      </Field>
      <Field label="Phone" hint="Any common format; stored as E.164">
        <input type="tel" required value={fields.phone} onChange={set("phone")} />
      </Field>
      <Field label="Email">
        <input type="email" value={fields.email} onChange={set("email")} />
      </Field>
      <Field label="Company">
        <input dir="auto" value={fields.company} onChange={set("company")} />
      </Field>
      <Field label="Language" hint="BCP-47, e.g. fr-FR; blank to infer from the number">
        <input value={fields.language} onChange={set("language")} />
      </Field>
      <Field label="Time zone" hint="IANA, e.g. Europe/Paris; blank to infer">
        <input value={fields.timeZone} onChange={set("timeZone")} />
      </Field>
      <Field label="Notes">
        <textarea dir="auto" value={fields.notes} onChange={set("notes")} />
      </Field>
    </div>
  );
}

/** Adds a lead (or edits one) and hands the saved lead back. */
export function LeadForm({ lead, onSaved, onCancel }: { lead: Lead | null; onSaved: (lead: Lead) => void; onCancel: () => void }) {
  const [fields, setFields] = useState(fieldsOf(lead));
  const save = useMutation({
    mutationFn: () =>
      lead
        ? api<Lead>(`/api/leads/${lead.id}`, { method: "PUT", body: leadRequest(fields, lead.status) })
        : api<Lead>("/api/leads", { method: "POST", body: leadRequest(fields) }),
    onSuccess: onSaved,
  });
  return (
    <Form onSubmit={() => save.mutate()}>
      <LeadFieldsEditor fields={fields} onChange={setFields} />
      <ErrorMessage error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {lead ? "Save" : "Add lead"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  );
}

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, query } from "../api";
import type { Lead, LeadPage } from "../types";
import { Name } from "../ui";

/** Search leads and tick them; the chosen ones are listed with a button to drop each. */
export function LeadPicker({ chosen, onChange, single = false }: { chosen: Lead[]; onChange: (leads: Lead[]) => void; single?: boolean }) {
  const [q, setQ] = useState("");
  const found = useQuery({
    queryKey: ["leads", { q, pageSize: 10 }],
    queryFn: () => api<LeadPage>(`/api/leads${query({ q, pageSize: 10 })}`),
    enabled: q.trim().length > 0,
  });
  const toggle = (lead: Lead) =>
    chosen.some((c) => c.id === lead.id)
      ? onChange(chosen.filter((c) => c.id !== lead.id))
      : onChange(single ? [lead] : [...chosen, lead]);
  return (
    <fieldset className="lead-picker">
      <legend>{single ? "Lead" : "Leads"}</legend>
      <input type="search" aria-label="Find leads" placeholder="Find by name, phone, email or company" value={q} onChange={(e) => setQ(e.target.value)} />
      {found.data ? (
        <ul className="plain picker-results" aria-label="Matching leads">
          {found.data.items.map((lead) => (
            <li key={lead.id}>
              <label>
                <input type={single ? "radio" : "checkbox"} name="lead-pick" checked={chosen.some((c) => c.id === lead.id)} onChange={() => toggle(lead)} />{" "}
                <Name>{lead.name ?? "(no name)"}</Name> · {lead.phone} · {lead.status}
              </label>
            </li>
          ))}
          {found.data.items.length === 0 ? <li className="muted">No lead matches.</li> : null}
        </ul>
      ) : null}
      {chosen.length > 0 ? (
        <ul className="chips" aria-label="Chosen leads">
          {chosen.map((lead) => (
            <li key={lead.id}>
              <Name>{lead.name ?? lead.phone}</Name>{" "}
              <button type="button" aria-label={`Remove ${lead.name ?? lead.phone ?? "lead"}`} onClick={() => toggle(lead)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

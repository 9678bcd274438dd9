import { useQuery } from "@tanstack/react-query";
import { api } from "../api";
import type { QuestionSetSummary } from "../types";
import { Field } from "../ui";

/** The workspace's question sets (one query shared by every page that lists or offers them). */
export function useQuestionSets() {
  return useQuery({ queryKey: ["question-sets"], queryFn: () => api<QuestionSetSummary[]>("/api/question-sets") });
}

/** Chooses the question set a campaign or meeting asks from; empty is the default set. */
export function QuestionSetField({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const sets = useQuestionSets();
  return (
    <Field label="Question set">
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">The default set</option>
        {(sets.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

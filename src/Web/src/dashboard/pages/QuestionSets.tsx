import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api";
import { useCan } from "../auth";
import type { QuestionSet } from "../types";
import { ErrorMessage, Field, Form, Loaded, Name, PageHeader } from "../ui";
import { useQuestionSets } from "./QuestionSetField";

const languages = ["en", "he", "fr", "de", "es"];
const bantDimensions = ["budget", "authority", "need", "timeline"];

/** The question sets: create one, then add, reorder and remove its questions. */
export function QuestionSetsPage() {
  const can = useCan();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState("");
  const sets = useQuestionSets();
  const create = useMutation({
    mutationFn: () => api<QuestionSet>("/api/question-sets", { method: "POST", body: { name, description: null, competitors: [] } }),
    onSuccess: (set) => {
      setName("");
      setSelected(set.id);
      void client.invalidateQueries({ queryKey: ["question-sets"] });
    },
  });
  return (
    <section>
      <PageHeader title="Question sets" />
      <div className="two-columns">
        <div>
          <Loaded query={sets}>
            {(list) => (
              <ul className="plain" aria-label="Question sets">
                {list.map((s) => (
                  <li key={s.id}>
                    <button type="button" className="link" aria-pressed={selected === s.id} onClick={() => setSelected(s.id)}>
                      <Name>{s.name}</Name>
                    </button>{" "}
                    ({s.questionCount} questions{s.isDefault ? ", default" : ""})
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
          {can.write ? (
            <Form onSubmit={() => create.mutate()}>
              <Field label="New set name">
                <input dir="auto" required value={name} onChange={(e) => setName(e.target.value)} />
              </Field>
              <button type="submit">Create set</button>
              <ErrorMessage error={create.error} />
            </Form>
          ) : null}
        </div>
        {selected ? <SetEditor id={selected} onDeleted={() => setSelected(null)} /> : <p className="muted">Choose a set to see its questions.</p>}
      </div>
    </section>
  );
}

function SetEditor({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const can = useCan();
  const client = useQueryClient();
  const set = useQuery({ queryKey: ["question-set", id], queryFn: () => api<QuestionSet>(`/api/question-sets/${id}`) });
  const [dimension, setDimension] = useState("budget");
  const [language, setLanguage] = useState("en");
  const [text, setText] = useState("");
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["question-set", id] });
    void client.invalidateQueries({ queryKey: ["question-sets"] });
  };
  const add = useMutation({
    mutationFn: () => api(`/api/question-sets/${id}/questions`, { method: "POST", body: { dimension, text: { [language]: text }, followUps: [] } }),
    onSuccess: () => {
      setText("");
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (questionId: string) => api(`/api/question-sets/${id}/questions/${questionId}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const reorder = useMutation({
    mutationFn: (questionIds: string[]) => api(`/api/question-sets/${id}/questions/order`, { method: "PUT", body: { questionIds } }),
    onSuccess: refresh,
  });
  const removeSet = useMutation({
    mutationFn: () => api(`/api/question-sets/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["question-sets"] });
      onDeleted();
    },
  });
  return (
    <Loaded query={set}>
      {(s) => {
        const ids = s.questions.map((q) => q.id);
        const move = (index: number, by: number) => {
          const next = [...ids];
          const [moved] = next.splice(index, 1);
          next.splice(index + by, 0, moved!);
          reorder.mutate(next);
        };
        return (
          <section aria-label={`Questions of ${s.name}`}>
            <h2>
              <Name>{s.name}</Name>
            </h2>
            <ol>
              {s.questions.map((q, i) => (
                <li key={q.id}>
                  <strong>{q.dimension}</strong>:{" "}
                  {Object.entries(q.text).map(([lang, t]) => (
                    <span key={lang} lang={lang} dir="auto" className="question-text">
                      [{lang}] {t}{" "}
                    </span>
                  ))}
                  {can.write ? (
                    <span className="row-actions">
                      <button type="button" aria-label={`Move question ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                        ↑
                      </button>
                      <button type="button" aria-label={`Move question ${i + 1} down`} disabled={i === ids.length - 1} onClick={() => move(i, 1)}>
                        ↓
                      </button>
                      <button type="button" aria-label={`Remove question ${i + 1}`} onClick={() => remove.mutate(q.id)}>
                        Remove
                      </button>
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
            {can.write ? (
              <Form onSubmit={() => add.mutate()}>
                <div className="form-grid">
                  <Field label="Dimension">
                    <select value={dimension} onChange={(e) => setDimension(e.target.value)}>
                      {bantDimensions.map((d) => (
                        <option key={d}>{d}</option>
                      ))}
                    </select>
                  </Field>
                  <Field label="Language">
                    <select value={language} onChange={(e) => setLanguage(e.target.value)}>
                      {languages.map((l) => (
                        <option key={l}>{l}</option>
                      ))}
                    </select>
                  </Field>
                  <Field label="Question">
                    <input dir="auto" required value={text} onChange={(e) => setText(e.target.value)} />
                  </Field>
                </div>
                <button type="submit">Add question</button>
                {!s.isDefault ? (
                  <button type="button" className="danger" onClick={() => removeSet.mutate()}>
                    Delete this set
                  </button>
                ) : null}
              </Form>
            ) : null}
            <ErrorMessage error={add.error ?? remove.error ?? reorder.error ?? removeSet.error} />
          </section>
        );
      }}
    </Loaded>
  );
}

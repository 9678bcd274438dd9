import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api";
import { useCan, useMe } from "../auth";
import type { ApiKey, User } from "../types";
import { RowTable } from "../table";
import { ErrorMessage, Field, Form, Loaded, Name, PageHeader, When } from "../ui";

const roles = ["viewer", "member", "admin", "owner"];
const scopes = ["read", "write", "campaigns"];

/** The workspace's users and roles, and its API keys (admins and owners). */
export function SettingsPage() {
  const can = useCan();
  const me = useMe();
  return (
    <section>
      <PageHeader title="Settings" />
      <p>
        Workspace <Name>{me.workspace.name}</Name> · you are <strong>{me.role}</strong>.
      </p>
      {can.admin ? (
        <>
          <Users />
          <ApiKeys />
        </>
      ) : (
        <p className="muted">Users and API keys are managed by the workspace's admins and owners.</p>
      )}
    </section>
  );
}

function Users() {
  const client = useQueryClient();
  const me = useMe();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<User[]>("/api/users") });
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState("member");
  const [password, setPassword] = useState("");
  const refresh = () => void client.invalidateQueries({ queryKey: ["users"] });
  const add = useMutation({
    mutationFn: () => api("/api/users", { method: "POST", body: { email, name, role, password } }),
    onSuccess: () => {
      setEmail("");
      setName("");
      setPassword("");
      refresh();
    },
  });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) => api(`/api/users/${id}`, { method: "PATCH", body }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/users/${id}`, { method: "DELETE" }), onSuccess: refresh });
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users and roles</h2>
      <Loaded query={users}>
        {(list) => (
          <RowTable label="Users" headers={["Name", "Email", "Role", "Access", ""]}>
            {list.map((u) => (
              <tr key={u.id}>
                <td>
                  <Name>{u.name}</Name>
                </td>
                <td>
                  <Name>{u.email}</Name>
                </td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === me.user.id}
                    onChange={(e) => change.mutate({ id: u.id, body: { role: e.target.value } })}
                  >
                    {roles.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" disabled={u.id === me.user.id} onClick={() => change.mutate({ id: u.id, body: { disabled: !u.disabled } })}>
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                </td>
                <td>
                  <button type="button" className="danger" disabled={u.id === me.user.id} aria-label={`Remove ${u.email}`} onClick={() => remove.mutate(u.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </RowTable>
        )}
      </Loaded>
      <Form className="inline-form" onSubmit={() => add.mutate()}>
        <Field label="Email">
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Name">
          <input dir="auto" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Role">
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </Field>
        <Field label="Initial password">
          <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button type="submit" className="primary">
          Add user
        </button>
      </Form>
      <ErrorMessage error={add.error ?? change.error ?? remove.error} />
    </section>
  );
}

function ApiKeys() {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => api<ApiKey[]>("/api/api-keys") });
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>(["read"]);
  const [created, setCreated] = useState<ApiKey | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ["api-keys"] });
  const create = useMutation({
    mutationFn: () => api<ApiKey>("/api/api-keys", { method: "POST", body: { name, scopes: chosen } }),
    onSuccess: (key) => {
      setCreated(key);
      setName("");
      refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => api(`/api/api-keys/${id}`, { method: "DELETE" }), onSuccess: refresh });
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <Loaded query={keys}>
        {(list) => (
          <RowTable label="API keys" headers={["Name", "Prefix", "Scopes", "Created", "Last used", ""]}>
            {list.map((k) => (
              <tr key={k.id}>
                <td>
                  <Name>{k.name}</Name>
                </td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{k.scopes.join(", ")}</td>
                <td>
                  <When at={k.createdAt} />
                </td>
                <td>
                  <When at={k.lastUsedAt} />
                </td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <button type="button" className="danger" aria-label={`Revoke ${k.name}`} onClick={() => revoke.mutate(k.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </RowTable>
        )}
      </Loaded>
      <Form className="inline-form" onSubmit={() => create.mutate()}>
        <Field label="Key name">
          <input dir="auto" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <fieldset>
          <legend>Scopes</legend>
          {scopes.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={chosen.includes(s)}
                onChange={() => setChosen(chosen.includes(s) ? chosen.filter((c) => c !== s) : [...chosen, s])}
              />{" "}
              {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          Create key
        </button>
      </Form>
      {created?.key ? (
        <p role="status" className="notice">
          The key <Name>{created.name}</Name>, shown this once: <code data-testid="new-api-key">{created.key}</code>
        </p>
      ) : null}
      <ErrorMessage error={create.error ?? revoke.error} />
    </section>
  );
}

import { useState, type FormEvent } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { MeProvider, useMe, useMeQuery, useSignIn, useSignOut, useSwitchWorkspace } from "./auth";
import { ErrorMessage, Name } from "./ui";

const links: [string, string][] = [
  ["/", "Overview"],
  ["/live", "Live calls"],
  ["/leads", "Leads"],
  ["/campaigns", "Campaigns"],
  ["/meetings", "Meetings"],
  ["/calls", "Calls"],
  ["/question-sets", "Question sets"],
  ["/do-not-call", "Do not call"],
  ["/emails", "Emails"],
  ["/settings", "Settings"],
];

/** The app's frame: the sign-in page until someone is signed in, then the navigation and the current page. */
export function Shell() {
  const me = useMeQuery();
  if (me.isPending) return <p className="muted center">Loading…</p>;
  if (me.isError) return <ErrorMessage error={me.error} />;
  if (!me.data) return <SignInPage />;
  return (
    <MeProvider me={me.data}>
      <Layout />
    </MeProvider>
  );
}

function Layout() {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <span className="brand">AiScheduler</span>
        <WorkspaceSwitcher />
        <UserMenu />
      </header>
      <nav id="nav" aria-label="Main" className={menuOpen ? "nav open" : "nav"}>
        <ul>
          {links.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} end={to === "/"} onClick={() => setMenuOpen(false)}>
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

function WorkspaceSwitcher() {
  const me = useMe();
  const switcher = useSwitchWorkspace();
  const navigate = useNavigate();
  return (
    <label className="workspace">
      <span className="sr-only">Workspace</span>
      <select
        aria-label="Workspace"
        value={me.workspace.id}
        disabled={switcher.isPending || me.workspaces.length < 2}
        onChange={(e) => switcher.mutate(e.target.value, { onSuccess: () => navigate("/") })}
      >
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({w.role})
          </option>
        ))}
      </select>
      <ErrorMessage error={switcher.error} />
    </label>
  );
}

function UserMenu() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <details className="user-menu">
      <summary aria-label={`User menu: ${me.user.name}`}>
        <Name>{me.user.name}</Name>
      </summary>
      <div className="user-menu-body" role="group" aria-label="Account">
        <div>
          <Name>{me.user.email}</Name>
        </div>
        <div className="muted">Role: {me.role}</div>
        <button type="button" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate("/") })}>
          Sign out
        </button>
      </div>
    </details>
  );
}

function SignInPage() {
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password });
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to AiScheduler</h1>
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorMessage error={signIn.error} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          Sign in
        </button>
      </form>
    </main>
  );
}

import { createContext, useContext, type ReactNode } from "react";
import { QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, resetAntiforgery } from "./api";
import { syncWithServer } from "./clock";
import type { Me } from "./types";

/** Who is signed in (null when nobody is), from GET /api/auth/me. */
export function useMeQuery() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>("/api/auth/me");
        syncWithServer(me.now);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe is used outside the signed-in layout.");
  return me;
}

/** May the signed-in user change data (members and up) or manage users and keys (admins and owners)? */
export function useCan() {
  const { role } = useMe();
  return { write: role !== "viewer", admin: role === "admin" || role === "owner" };
}

/** Forgets every cached answer but who is signed in (another user or workspace sees other data); the "me" query is
 * set rather than removed so the shell, which observes it, re-renders at once. */
function startOver(client: QueryClient, me: Me | null) {
  if (me) syncWithServer(me.now);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== "me" });
  client.setQueryData(["me"], me);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api<Me>("/api/auth/sign-in", { method: "POST", body, anonymous: true }),
    onSuccess: (me) => {
      resetAntiforgery();
      startOver(client, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/api/auth/sign-out", { method: "POST" }),
    onSettled: () => {
      resetAntiforgery();
      startOver(client, null);
    },
  });
}

export function useSwitchWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => api<Me>("/api/auth/workspace", { method: "POST", body: { workspaceId } }),
    onSuccess: (me) => {
      resetAntiforgery();
      startOver(client, me);
    },
  });
}

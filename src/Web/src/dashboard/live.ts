import { useEffect, useRef, useState } from "react";
import { type HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { antiforgeryToken } from "./api";
import type { Turn } from "./types";

/** What the live calls hub (/api/hubs/calls) sends: a transcript line or a call's end. */
export interface LiveUpdate {
  callId: string;
  turn: Turn | null;
  endedWith: string | null;
}

export type LiveStatus = "connecting" | "connected" | "reconnecting" | "disconnected";

/** Subscribes to the live calls hub with the sign-in cookie while the component is shown. */
export function useLiveCalls(onUpdate: (update: LiveUpdate) => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  // The latest handler, without reconnecting (and missing lines) each time it changes.
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  useEffect(() => {
    let stopped = false;
    let hub: HubConnection | null = null;
    const connect = async () => {
      // The negotiate request is a POST with the sign-in cookie, so it carries the antiforgery header like any write.
      const token = await antiforgeryToken();
      if (stopped) return;
      hub = new HubConnectionBuilder()
        .withUrl("/api/hubs/calls", { headers: { "X-XSRF-TOKEN": token } })
        .withAutomaticReconnect()
        .configureLogging(LogLevel.Warning)
        .build();
      hub.on("update", (update: LiveUpdate) => handler.current(update));
      hub.onreconnecting(() => setStatus("reconnecting"));
      hub.onreconnected(() => setStatus("connected"));
      hub.onclose(() => setStatus("disconnected"));
      await hub.start();
      if (!stopped) setStatus("connected");
    };
    connect().catch(() => !stopped && setStatus("disconnected"));
    return () => {
      stopped = true;
      if (hub && hub.state !== HubConnectionState.Disconnected) void hub.stop();
    };
  }, []);
  return status;
}

import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import type { Analysis, ConnectionStatus, Line, Participant, RoomState } from "./types";

/** What the page reacts to; the hub calls these by name. */
export interface RoomEvents {
  status(status: ConnectionStatus): void;
  participants(participants: Participant[]): void;
  line(line: Line): void;
  interviewEnded(reason: string): void;
  analysis(analysis: Analysis): void;
}

/** The room's SignalR connection, signed in with the link's token. */
export class RoomConnection {
  private readonly hub: HubConnection;

  constructor(token: string, private readonly events: RoomEvents) {
    this.hub = new HubConnectionBuilder()
      .withUrl("/meet/hub", { accessTokenFactory: () => token })
      .withAutomaticReconnect()
      .configureLogging(LogLevel.Warning)
      .build();
    this.hub.on("Participants", (participants: Participant[]) => events.participants(participants));
    this.hub.on("Line", (line: Line) => events.line(line));
    this.hub.on("InterviewEnded", (reason: string) => events.interviewEnded(reason));
    this.hub.on("Analysis", (analysis: Analysis) => events.analysis(analysis));
    this.hub.onreconnecting(() => events.status("reconnecting"));
    this.hub.onreconnected(() => events.status("connected"));
    this.hub.onclose(() => events.status("disconnected"));
  }

  async start(): Promise<RoomState> {
    this.events.status("connecting");
    await this.hub.start();
    this.events.status("connected");
    return this.enter();
  }

  /** The room as it is now (also after a reconnect): who is here, the transcript so far, whether it ended. */
  enter(): Promise<RoomState> {
    return this.hub.invoke<RoomState>("Enter");
  }

  say(text: string): Promise<void> {
    return this.hub.invoke("Say", text);
  }

  setMuted(muted: boolean): Promise<void> {
    return this.hub.invoke("SetMuted", muted);
  }

  analysis(): Promise<Analysis | null> {
    return this.hub.invoke<Analysis | null>("Analysis");
  }

  get connected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  stop(): Promise<void> {
    return this.hub.stop();
  }
}

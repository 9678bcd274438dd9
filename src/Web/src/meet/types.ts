// The messages of the meeting room hub (src/App/Meetings/Room/MeetingRoomHub.cs), as the server sends them (camelCase JSON).

export type Role = "lead" | "rep" | "ai";

export interface Participant {
  id: string;
  name: string;
  role: Role;
  muted: boolean;
  status: string;
}

export interface Line {
  sequence: number;
  speaker: string;
  text: string;
  at: string;
}

export interface Voice {
  available: boolean;
  note: string;
}

export interface DimensionScore {
  score: number;
  quotes: string[];
  rationale?: string | null;
}

export interface Analysis {
  status: string;
  overall: number;
  budget: DimensionScore;
  authority: DimensionScore;
  need: DimensionScore;
  timeline: DimensionScore;
  painPoints: string[];
  opportunities: string[];
  nextSteps: string[];
  followUpQuestions: string[];
  keyInsights: string[];
}

export interface RoomState {
  meetingId: string;
  you: Participant;
  title: string;
  participants: Participant[];
  transcript: Line[];
  ended: boolean;
  joinMode: "room" | "phone";
  voice: Voice;
}

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "disconnected";

/** The API's shapes as the dashboard reads them (camelCase JSON of the server's records). */

export interface Me {
  user: { id: string; email: string; name: string };
  role: string;
  workspace: { id: string; name: string };
  workspaces: { id: string; name: string; role: string }[];
  /** The server's current instant (ISO 8601): the app's time, see clock.ts. */
  now: string;
}

export interface Lead {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  region: string | null;
  language: string;
  timeZone: string;
  notes: string | null;
  status: string;
  campaignId: string | null;
  createdAt: string;
  updatedAt: string;
  erasedAt: string | null;
  score?: number | null;
  insights?: string[] | null;
  lastMeetingId?: string | null;
  lastMeetingAt?: string | null;
}

export interface LeadPage {
  items: Lead[];
  total: number;
  page: number | null;
  pageSize: number;
}

export interface RowError {
  line: number;
  field: string;
  reason: string;
}

export interface ImportRecord {
  id: string;
  status: string;
  rowsProcessed: number;
  imported: number;
  updated: number;
  skipped: number;
  errors: number;
  failure: string | null;
  totalRows?: number | null;
  firstErrors?: RowError[] | null;
}

export interface ImportResult {
  rows: number;
  imported: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: RowError[];
  errorsOmitted: number;
}

export interface CallSummary {
  id: string;
  leadId: string | null;
  phone: string;
  phase: string;
  outcome: string | null;
  language: string;
  campaignId: string | null;
  attempt: number | null;
  callbackAt: string | null;
  createdAt: string;
  endedAt: string | null;
}

export interface CallPage {
  items: CallSummary[];
  limit: number;
  offset: number;
}

export interface Turn {
  seq: number;
  speaker: string;
  text: string;
  language: string;
  atUtc: string;
}

export interface CallDetails {
  call: CallSummary;
  transcript: Turn[];
  recording: string;
}

export interface RetrySettings {
  maxAttempts: number;
  delays?: string[] | null;
  maxVoicemailRetries: number;
  maxCallbacks: number;
}

export interface Campaign {
  id: string;
  name: string;
  status: string;
  settings: {
    callingWindow: string;
    concurrency: number;
    timeZone: string;
    retry: RetrySettings;
    startAt: string | null;
    cron: string | null;
  };
  selection: { leadIds?: string[] | null; status?: string | null; language?: string | null; region?: string | null };
  lastStartAt: string | null;
  createdAt: string;
}

export interface CampaignStatus {
  id: string;
  status: string;
  orchestration: string | null;
  progress: {
    total: number;
    due: number;
    inFlight: number;
    settled: number;
    waiting: number;
    byOutcome: Record<string, number>;
    nextDueAt: string | null;
  };
}

export interface Meeting {
  id: string;
  leadId: string | null;
  leadName: string | null;
  callId: string | null;
  attendeeEmail: string;
  startUtc: string;
  endUtc: string;
  timeZone: string;
  localStart: string;
  joinUrl: string;
  status: string;
  statusReason: string | null;
  joinMode: string;
  questionSetId: string | null;
  repEmail: string | null;
  repName: string | null;
}

export interface MeetingPage {
  items: Meeting[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Dimension {
  score: number;
  quotes: string[];
  rationale: string;
}

export interface AnalysisValues {
  budget: Dimension;
  authority: Dimension;
  need: Dimension;
  timeline: Dimension;
  overall: number;
  status: string;
  painPoints: string[];
  opportunities: string[];
  nextSteps: string[];
  keyInsights: string[];
}

export interface MeetingAnalysis {
  meetingId: string;
  source: string;
  analyzedAt: string;
  ai: AnalysisValues;
  value: AnalysisValues;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export interface MeetingTranscript {
  status: string;
  channel: string | null;
  lines: { seq: number; speaker: string; text: string; language: string; atUtc: string }[];
}

export interface Overview {
  from: string;
  to: string;
  callsPlaced: number;
  callsCompleted: number;
  callsInProgress: number;
  connected: number;
  connectedRate: number;
  booked: number;
  bookingRate: number;
  averageDurationSeconds: number;
  meetingsBooked: number;
  meetingsUpcoming: number;
  meetingsHeld: number;
  qualifiedLeads: number;
  averageBantScore: number | null;
  optOuts: number;
}

export interface QuestionSetSummary {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  questionCount: number;
}

export interface Question {
  id: string;
  key: string;
  position: number;
  dimension: string;
  text: Record<string, string>;
}

export interface QuestionSet {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  competitors: string[];
  questions: Question[];
}

export interface DoNotCallEntry {
  phone: string;
  reason: string;
  source: string;
  addedAt: string;
}

export interface Email {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  meetingId: string | null;
  leadId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled?: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  key?: string;
}

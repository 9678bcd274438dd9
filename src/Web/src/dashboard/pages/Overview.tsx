import { useMemo, useState, type ReactElement } from "react";
import { Link } from "react-router";
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { addMinutes, format, startOfMinute, subDays } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api, query } from "../api";
import { appNow } from "../clock";
import { elapsedSince, percent, viewerZone } from "../format";
import type { CallPage, Campaign, MeetingPage, Overview } from "../types";
import { Kpi, Loaded, Name, PageHeader, When } from "../ui";

const periods = [
  { days: 1, label: "Last 24 hours" },
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
];

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

interface Outcomes { outcomes: { outcome: string; count: number; share: number }[] }
interface Languages { languages: { language: string; calls: number; connected: number; booked: number }[] }
interface OverTime { buckets: { startUtc: string; calls: number; connected: number; booked: number }[] }
interface BookingCell { weekday: string; hour: number; meetings: number }
interface BookingTimes { meetings: number; cells: BookingCell[] }

/** The three counts the language and over-time charts draw, in the same colours. */
const callSeries = [
  { key: "calls", name: "Calls", color: "#3867d6" },
  { key: "connected", name: "Connected", color: "#20bf6b" },
  { key: "booked", name: "Booked", color: "#f7b731" },
];

/** One of the analytics reports (`/api/analytics/{name}`) for the chosen range and campaign. */
function useAnalytics<T>(name: string, filter: Record<string, string>) {
  return useQuery({ queryKey: ["analytics", name, filter], queryFn: () => api<T>(`/api/analytics/${name}${query(filter)}`) });
}

/** A captioned chart of one report, sized to its column once the report has loaded. */
function Chart<T>({ caption, report, wide, height = 240, children }: {
  caption: string;
  report: UseQueryResult<T>;
  wide?: boolean;
  height?: number;
  children: (data: T) => ReactElement;
}) {
  return (
    <figure className={wide ? "chart wide" : "chart"}>
      <figcaption>{caption}</figcaption>
      <Loaded query={report}>
        {(d) => (
          <ResponsiveContainer width="100%" height={height}>
            {children(d)}
          </ResponsiveContainer>
        )}
      </Loaded>
    </figure>
  );
}

/** Meetings booked per slot (a weekday, an hour of the day), in the lead's zone. */
function BookingsChart({ caption, report, slots, color, interval = "preserveEnd" }: {
  caption: string;
  report: UseQueryResult<BookingTimes>;
  slots: { label: string; holds: (cell: BookingCell) => boolean }[];
  color: string;
  interval?: number | "preserveEnd";
}) {
  return (
    <Chart caption={caption} report={report} height={220}>
      {(d) => (
        <BarChart data={slots.map((s) => ({ slot: s.label, meetings: d.cells.filter(s.holds).reduce((sum, c) => sum + c.meetings, 0) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="slot" interval={interval} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="meetings" name="Meetings" fill={color} />
        </BarChart>
      )}
    </Chart>
  );
}

export function OverviewPage() {
  const [days, setDays] = useState(30);
  const [campaignId, setCampaignId] = useState("");
  // One fixed range per choice, so every chart and KPI counts the same calls (and match the API asked the same way).
  const range = useMemo(() => {
    const to = addMinutes(startOfMinute(appNow()), 1);
    return { from: subDays(to, days).toISOString(), to: to.toISOString() };
  }, [days]);
  const filter = { ...range, campaignId };
  const campaigns = useQuery({ queryKey: ["campaigns"], queryFn: () => api<Campaign[]>("/api/campaigns") });
  const overview = useAnalytics<Overview>("overview", filter);
  const outcomes = useAnalytics<Outcomes>("call-outcomes", filter);
  const languages = useAnalytics<Languages>("language-distribution", filter);
  const bucket = days <= 1 ? "hour" : "day";
  const overTime = useAnalytics<OverTime>("calls-over-time", { ...filter, bucket, timeZone: viewerZone });
  const bookingTimes = useAnalytics<BookingTimes>("booking-times", filter);

  return (
    <section>
      <PageHeader title="Overview">
        <label>
          <span className="sr-only">Period</span>
          <select aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {periods.map((p) => (
              <option key={p.days} value={p.days}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Campaign</span>
          <select aria-label="Campaign" value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
            <option value="">All campaigns</option>
            {(campaigns.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <Loaded query={overview}>
        {(o) => (
          <div className="kpis" data-testid="kpis" data-from={range.from} data-to={range.to} data-campaign={campaignId}>
            <Kpi label="Calls" value={o.callsPlaced} testId="kpi-calls" />
            <Kpi label="Connect rate" value={percent(o.connectedRate)} testId="kpi-connect-rate" />
            <Kpi label="Booking rate" value={percent(o.bookingRate)} testId="kpi-booking-rate" />
            <Kpi label="Meetings booked" value={o.meetingsBooked} testId="kpi-meetings-booked" />
            <Kpi label="Meetings held" value={o.meetingsHeld} testId="kpi-meetings-held" />
            <Kpi label="Qualified leads" value={o.qualifiedLeads} testId="kpi-qualified" />
            <Kpi label="Average BANT score" value={o.averageBantScore ?? "—"} testId="kpi-bant" />
            <Kpi label="Opt-outs" value={o.optOuts} testId="kpi-opt-outs" />
          </div>
        )}
      </Loaded>
      <div className="charts">
        <Chart caption="Call outcomes" report={outcomes}>
          {(d) => (
            <BarChart data={d.outcomes.filter((o) => o.count > 0)} layout="vertical" margin={{ left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="outcome" width={120} />
              <Tooltip />
              <Bar dataKey="count" name="Calls" fill="#3867d6" />
            </BarChart>
          )}
        </Chart>
        <Chart caption="Languages" report={languages}>
          {(d) => (
            <BarChart data={d.languages}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="language" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {callSeries.map((c) => (
                <Bar key={c.key} dataKey={c.key} name={c.name} fill={c.color} />
              ))}
            </BarChart>
          )}
        </Chart>
        <Chart caption={`Calls over time (${viewerZone})`} report={overTime} wide>
          {(d) => (
            <LineChart data={d.buckets.map((b) => ({ ...b, label: format(new TZDate(b.startUtc, viewerZone), bucket === "hour" ? "HH:mm" : "d MMM") }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {callSeries.map((c) => (
                <Line key={c.key} type="monotone" dataKey={c.key} name={c.name} stroke={c.color} />
              ))}
            </LineChart>
          )}
        </Chart>
        <BookingsChart
          caption="Bookings by weekday (lead's zone)"
          report={bookingTimes}
          slots={weekdays.map((day) => ({ label: day.slice(0, 3), holds: (c: BookingCell) => c.weekday === day }))}
          color="#8854d0"
        />
        <BookingsChart
          caption="Bookings by hour (lead's zone)"
          report={bookingTimes}
          slots={Array.from({ length: 24 }, (_, hour) => ({ label: `${String(hour).padStart(2, "0")}:00`, holds: (c: BookingCell) => c.hour === hour }))}
          color="#0fb9b1"
          interval={2}
        />
      </div>
      <NowHappening />
    </section>
  );
}

function NowHappening() {
  const live = useQuery({
    queryKey: ["calls", "active"],
    queryFn: () => api<CallPage>("/api/calls?active=true&limit=20"),
    refetchInterval: 3000,
  });
  const from = useMemo(() => startOfMinute(appNow()).toISOString(), []);
  const next = useQuery({
    queryKey: ["meetings", "next", from],
    queryFn: () => api<MeetingPage>(`/api/meetings${query({ status: "booked", from, pageSize: 5 })}`),
  });
  const now = appNow();
  return (
    <div className="two-columns">
      <section aria-labelledby="now-calls">
        <h2 id="now-calls">
          Calls in progress <Link to="/live">(watch live)</Link>
        </h2>
        <ShortList page={live} empty="No call in progress." testId="now-calls">
          {(c) => (
            <li key={c.id}>
              <Link to={`/calls/${encodeURIComponent(c.id)}`}>{c.phone}</Link> · {c.language} · {c.phase} · {elapsedSince(c.createdAt, now)}
            </li>
          )}
        </ShortList>
      </section>
      <section aria-labelledby="now-meetings">
        <h2 id="now-meetings">Next meetings</h2>
        <ShortList page={next} empty="No meeting booked ahead." testId="next-meetings">
          {(m) => (
            <li key={m.id}>
              <Link to={`/meetings/${m.id}`}>
                <Name>{m.leadName}</Name>
              </Link>{" "}
              <When at={m.startUtc} zone={m.timeZone} />
            </li>
          )}
        </ShortList>
      </section>
    </div>
  );
}

/** A page of items as a plain list, or a line saying there are none. */
function ShortList<T>({ page, empty, testId, children }: {
  page: UseQueryResult<{ items: T[] }>;
  empty: string;
  testId: string;
  children: (item: T) => ReactElement;
}) {
  return (
    <Loaded query={page}>
      {(p) =>
        p.items.length === 0 ? (
          <p className="muted">{empty}</p>
        ) : (
          <ul className="plain" data-testid={testId}>
            {p.items.map(children)}
          </ul>
        )
      }
    </Loaded>
  );
}

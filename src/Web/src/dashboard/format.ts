import { differenceInSeconds, format, formatDistanceStrict, intervalToDuration, formatDuration } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { appNow } from "./clock";

/** The viewer's own zone (the browser's). */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A moment in the viewer's zone, e.g. "Tue 2 Dec 2026, 14:05". */
export function inViewerZone(iso: string | null | undefined): string {
  if (!iso) return "—";
  return format(new TZDate(iso, viewerZone), "EEE d MMM yyyy, HH:mm");
}

/** A moment on a lead's wall clock, e.g. "09:05 Europe/Paris" (empty when that is the viewer's zone too). */
export function inLeadZone(iso: string | null | undefined, zone: string | null | undefined): string {
  if (!iso || !zone || zone === viewerZone) return "";
  try {
    return `${format(new TZDate(iso, zone), "EEE HH:mm")} ${zone}`;
  } catch {
    return "";
  }
}

export function ago(iso: string | null | undefined): string {
  return iso ? formatDistanceStrict(new Date(iso), appNow(), { addSuffix: true }) : "—";
}

/** Elapsed time since a moment, e.g. "2 minutes 5 seconds". */
export function elapsedSince(iso: string, now: Date): string {
  const seconds = Math.max(0, differenceInSeconds(now, new Date(iso)));
  return formatDuration(intervalToDuration({ start: 0, end: seconds * 1000 }), { format: ["hours", "minutes", "seconds"] }) || "0 seconds";
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
}

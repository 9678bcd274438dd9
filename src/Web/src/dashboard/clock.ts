/**
 * The app's "now": the server's clock (its TimeProvider, which `Clock:StartAt` / `demo --at` anchors), not the
 * browser's. Every answer of the auth routes carries the server's instant (`now`); the page keeps the difference to its
 * own clock and adds it wherever it means "now" (a period such as "last 30 days", a live call's duration). Until the
 * server has answered, the browser's clock stands in.
 */
let offsetMs = 0;

/** Takes the server's instant, read just now, as the app's time from here on. */
export function syncWithServer(serverNow: string | null | undefined): void {
  if (!serverNow) return;
  const server = Date.parse(serverNow);
  if (!Number.isNaN(server)) offsetMs = server - Date.now();
}

/** The app's current instant. */
export function appNow(): Date {
  return new Date(Date.now() + offsetMs);
}

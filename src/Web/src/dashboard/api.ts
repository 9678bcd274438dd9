/** The API client: JSON over fetch with the sign-in cookie, the antiforgery header on writes, problem details as errors. */

export interface ProblemDetails {
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
  }

  /** Every message of the problem: the detail, then each field's errors as "field: reason". */
  get messages(): string[] {
    const fields = Object.entries(this.problem.errors ?? {}).flatMap(([field, reasons]) => reasons.map((r) => `${field}: ${r}`));
    return [this.message, ...fields];
  }
}

let antiforgery: Promise<string> | null = null;

/** The antiforgery token for this session (GET /api/auth/antiforgery, once), sent as X-XSRF-TOKEN on writes. */
export async function antiforgeryToken(): Promise<string> {
  antiforgery ??= fetch("/api/auth/antiforgery", { credentials: "same-origin" }).then(async (response) => {
    if (!response.ok) {
      antiforgery = null;
      throw await toError(response);
    }
    return ((await response.json()) as { token: string }).token;
  });
  return antiforgery;
}

/** Forgets the antiforgery token (it is bound to the signed-in user: sign-in, sign-out and switching change it). */
export function resetAntiforgery(): void {
  antiforgery = null;
}

async function toError(response: Response): Promise<ApiError> {
  let problem: ProblemDetails = { title: response.statusText };
  try {
    const text = await response.text();
    if (text) problem = JSON.parse(text) as ProblemDetails;
  } catch {
    problem = { title: response.statusText || "Request failed" };
  }
  return new ApiError(response.status, problem);
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** No antiforgery header (sign-in, which has no session yet). */
  anonymous?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && !options.anonymous) headers["X-XSRF-TOKEN"] = await antiforgeryToken();
    const init: RequestInit = { method, headers, credentials: "same-origin" };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    return fetch(path, init);
  };
  let response = await send();
  if (response.status === 400 && method !== "GET" && !options.anonymous) {
    // A token from before a sign-in or workspace switch: fetch a fresh one once.
    const error = await toError(response.clone());
    if (/antiforgery/i.test(`${error.problem.title ?? ""} ${error.problem.detail ?? ""}`)) {
      resetAntiforgery();
      response = await send();
    }
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204 || response.headers.get("content-length") === "0") return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Builds a query string from the set values only. */
export function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Uploads a file as multipart form data with the antiforgery header, reporting bytes sent (fetch cannot report upload
 * progress; XMLHttpRequest can).
 */
export async function upload<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<{ status: number; body: T }> {
  const token = await antiforgeryToken();
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.withCredentials = true;
    request.setRequestHeader("X-XSRF-TOKEN", token);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, { title: "The upload failed", detail: "The server could not be reached." }));
    request.onload = () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = { title: request.statusText };
      }
      if (request.status >= 200 && request.status < 300) resolve({ status: request.status, body: body as T });
      else reject(new ApiError(request.status, (body ?? {}) as ProblemDetails));
    };
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}

// Client-side calls to the review API, with typed errors (409 conflicts carry who/when and,
// for corrections, the other version of each sentence in conflict), the live feed and presence.
import type { PairIndex, PairSort, ReviewRow } from "@/lib/db/review/view";
import type { ChangesAnswer, ConflictInfo, PairOpInput, PresenceBody } from "@/lib/review/schema";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly conflict: ConflictInfo | null,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      cache: "no-store",
      headers: init.body ? { "content-type": "application/json" } : undefined,
    });
  } catch {
    throw new ApiError("The server cannot be reached; check your connection and try again", 0, null, null);
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    throw new ApiError(
      typeof data.error === "string" ? data.error : `Request failed (${res.status})`,
      res.status,
      (data.conflict as ApiError["conflict"]) ?? null,
      typeof data.code === "string" ? data.code : null,
    );
  }
  return data as T;
}

export interface OpResult {
  op: string;
  structural: boolean;
  auditId: number | null;
  rows: ReviewRow[];
  deletedPairIds: number[];
  flagId: number | null;
  /** set when the change was stored but the automatic checks could not be re-run */
  checksError?: string;
  /** the change is saved but its rows could not be read back (a busy server): reload */
  rowsError?: string;
}

/** One automatic check of the catalogue (lib/qa CHECKS), to explain a finding. */
export interface CheckInfo {
  id: string;
  category: string;
  severity: string;
  rule: string;
}

export interface Filters {
  minScore: string;
  maxScore: string;
  /** percent, 0–100 (the index's minConfidence / maxConfidence) */
  minConfidence: string;
  maxConfidence: string;
  status: string;
  category: string;
  severity: string;
  q: string;
  gaps: boolean;
  crossing: boolean;
  /** automatic findings: "" (no filter), "any", a category or a check id */
  check: string;
  sort: PairSort;
  // search options (issue 14 item 4; search-options.tsx): case, whole word, regex, language ("" = both)
  qCase: boolean;
  qWord: boolean;
  qRegex: boolean;
  qLang: string;
}

export const NO_FILTERS: Filters = {
  minScore: "",
  maxScore: "",
  minConfidence: "",
  maxConfidence: "",
  status: "",
  category: "",
  severity: "",
  q: "",
  gaps: false,
  crossing: false,
  check: "",
  sort: "attention",
  qCase: false, // search options
  qWord: false,
  qRegex: false,
  qLang: "",
};

/** Any filter set (the sort aside): the list shows what matches, clutter included. */
export const isFiltered = (f: Filters) => JSON.stringify({ ...f, sort: NO_FILTERS.sort }) !== JSON.stringify(NO_FILTERS);

export function filterQuery(f: Filters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    // the server's default order is reading order; the page's is "needs attention first"
    if (v === "" || v === false || (k === "sort" && v === "position")) continue;
    p.set(k, v === true ? "1" : String(v).trim());
  }
  return p.toString();
}

export function loadIndex(bitextId: number, f: Filters): Promise<PairIndex> {
  const q = filterQuery(f);
  return api<PairIndex>(`/api/bitexts/${bitextId}/pairs${q ? `?${q}` : ""}`);
}

export async function loadRows(bitextId: number, ids: number[]): Promise<ReviewRow[]> {
  const out: ReviewRow[] = [];
  for (let i = 0; i < ids.length; i += 150) {
    const chunk = ids.slice(i, i + 150);
    const r = await api<{ rows: ReviewRow[] }>(`/api/bitexts/${bitextId}/pairs/rows?ids=${chunk.join(",")}`);
    out.push(...r.rows);
  }
  return out;
}

/** One review operation on a pair (POST /api/pairs/:pairId). */
export function postOp(pairId: number, body: PairOpInput): Promise<OpResult> {
  return api<OpResult>(`/api/pairs/${pairId}`, { method: "POST", body: JSON.stringify(body) });
}

/** Changes of the document pair after audit row `after` (none: only the position), and who is where. */
export function loadChanges(bitextId: number, clientId: string, after: number | null): Promise<ChangesAnswer> {
  const q = new URLSearchParams({ clientId });
  if (after !== null) q.set("after", String(after));
  return api<ChangesAnswer>(`/api/bitexts/${bitextId}/changes?${q}`);
}

export function postPresence(bitextId: number, body: PresenceBody): Promise<unknown> {
  return api(`/api/bitexts/${bitextId}/presence`, { method: "POST", body: JSON.stringify(body) });
}

/** The tab is closing: a beacon, which the browser sends even while the page goes away. */
export function leavePresence(bitextId: number, clientId: string) {
  const body: PresenceBody = { clientId, pairId: null, editing: false, leaving: true };
  const blob = new Blob([JSON.stringify(body)], { type: "application/json" });
  try {
    if (navigator.sendBeacon?.(`/api/bitexts/${bitextId}/presence`, blob)) return;
  } catch {
    /* fall through */
  }
  void fetch(`/api/bitexts/${bitextId}/presence`, { method: "POST", body: blob, keepalive: true, headers: { "content-type": "application/json" } }).catch(() => {});
}

/** A random id for this tab (kept in sessionStorage, so a reload keeps it). */
export function tabClientId(): string {
  const KEY = "parallax.clientId";
  try {
    const have = sessionStorage.getItem(KEY);
    if (have && /^[A-Za-z0-9_-]{8,64}$/.test(have)) return have;
  } catch {
    /* no storage: a fresh id per page */
  }
  let id: string;
  if (typeof crypto.randomUUID === "function") id = crypto.randomUUID().replace(/-/g, "");
  else id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  try {
    sessionStorage.setItem(KEY, id);
  } catch {
    /* ignore */
  }
  return id;
}

export { FLAG_CATEGORIES, FLAG_SEVERITIES, PAIR_STATUSES as STATUSES } from "@/lib/db/vocabulary";

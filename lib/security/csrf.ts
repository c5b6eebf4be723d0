/**
 * Cross-site request forgery check for state-changing requests, from the headers browsers
 * set and pages cannot forge: Sec-Fetch-Site, Origin and (without Origin) Referer.
 *
 * A browser always sends Origin on a cross-origin POST/PUT/PATCH/DELETE (and modern ones
 * send Sec-Fetch-Site), so a request with neither Origin nor Referer comes from a non-browser
 * client (curl, the benchmark scripts); those pass here and still need a session. Session
 * cookies are SameSite=Lax as a second line of defence.
 */

export const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface CsrfRequest {
  method: string;
  /** The Host header: the address the browser used to reach this app. */
  host: string | null;
  /** X-Forwarded-Host from a reverse proxy, when present (first value is used). */
  forwardedHost?: string | null;
  origin: string | null;
  referer: string | null;
  secFetchSite: string | null;
  /** Extra origins that are this app (e.g. its public URL behind a proxy), "https://host[:port]". */
  trustedOrigins?: readonly string[];
}

export type CsrfDecision = { ok: true } | { ok: false; reason: string };

/** host[:port], lower-case, without the default port of either scheme. */
function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:(80|443)$/, "");
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return normalizeHost(u.host);
  } catch {
    return null;
  }
}

/** The hosts this request may legitimately come from. */
export function ownHosts(req: Pick<CsrfRequest, "host" | "forwardedHost" | "trustedOrigins">): Set<string> {
  const hosts = new Set<string>();
  if (req.host) hosts.add(normalizeHost(req.host));
  // A page cannot set X-Forwarded-Host on a cross-origin request without a CORS preflight,
  // which this app never grants, so trusting it here does not open a hole.
  const fwd = req.forwardedHost?.split(",")[0]?.trim();
  if (fwd) hosts.add(normalizeHost(fwd));
  for (const o of req.trustedOrigins ?? []) {
    const h = hostOf(o);
    if (h) hosts.add(h);
  }
  return hosts;
}

const REFUSED = "Refused a cross-site request";

export function checkCsrf(req: CsrfRequest): CsrfDecision {
  if (!STATE_CHANGING_METHODS.has(req.method.toUpperCase())) return { ok: true };
  const own = ownHosts(req);
  const shown = req.host ? normalizeHost(req.host) : "this site";
  if (req.secFetchSite?.trim().toLowerCase() === "cross-site") {
    return { ok: false, reason: `${REFUSED}: the browser reports it was sent by another site, not by Parallax at ${shown}` };
  }
  if (req.origin !== null && req.origin.trim() !== "") {
    const origin = req.origin.trim();
    // "null": sandboxed frames, file:// pages, some redirects; never our own pages.
    if (origin === "null") return { ok: false, reason: `${REFUSED}: it came from an opaque origin ("null"), not from Parallax at ${shown}` };
    const h = hostOf(origin);
    if (!h || !own.has(h)) return { ok: false, reason: `${REFUSED}: it came from ${origin}, not from Parallax at ${shown}` };
    return { ok: true };
  }
  if (req.referer !== null && req.referer.trim() !== "") {
    const h = hostOf(req.referer.trim());
    if (!h || !own.has(h)) {
      return { ok: false, reason: `${REFUSED}: it came from a page on ${h ?? "an unknown address"}, not from Parallax at ${shown}` };
    }
    return { ok: true };
  }
  return { ok: true };
}

/** Origins named by the deployment as this app (comma-separated env values). */
export function trustedOriginsFromEnv(env: Record<string, string | undefined>): string[] {
  return [env.PARALLAX_PUBLIC_URL, env.BETTER_AUTH_URL, ...(env.PARALLAX_TRUSTED_ORIGINS ?? "").split(",")]
    .map((s) => s?.trim() ?? "")
    .filter((s) => s !== "");
}

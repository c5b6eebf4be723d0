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
  /** The scheme the request reached this app with (the request URL's). */
  scheme?: "http" | "https";
  /** The Host header: the address the browser used to reach this app. */
  host: string | null;
  /**
   * X-Forwarded-Host / X-Forwarded-Proto from a reverse proxy (first values are used). They count
   * only with `forwardedTrusted`: anyone can send them, so only a deployment that names its
   * proxies (PARALLAX_TRUSTED_PROXIES, whose server strips them from other peers) believes them.
   */
  forwardedHost?: string | null;
  forwardedProto?: string | null;
  forwardedTrusted?: boolean;
  origin: string | null;
  referer: string | null;
  secFetchSite: string | null;
  /** Extra origins that are this app (e.g. its public URL behind a proxy), "https://host[:port]". */
  trustedOrigins?: readonly string[];
}

export type CsrfDecision = { ok: true } | { ok: false; reason: string };

/** scheme://host[:port], lower-case, without the scheme's default port; null if not http(s). */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin.toLowerCase();
  } catch {
    return null;
  }
}

const first = (v: string | null | undefined) => v?.split(",")[0]?.trim() || null;

/** The origins (scheme, host and port) this request may legitimately come from. */
export function ownOrigins(
  req: Pick<CsrfRequest, "scheme" | "host" | "forwardedHost" | "forwardedProto" | "forwardedTrusted" | "trustedOrigins">,
): Set<string> {
  const origins = new Set<string>();
  const scheme = (req.forwardedTrusted && first(req.forwardedProto)?.toLowerCase()) || req.scheme || "http";
  const host = (req.forwardedTrusted && first(req.forwardedHost)) || req.host;
  const own = host && (scheme === "http" || scheme === "https") ? originOf(`${scheme}://${host.trim()}`) : null;
  if (own) origins.add(own);
  for (const o of req.trustedOrigins ?? []) {
    const t = originOf(o);
    if (t) origins.add(t);
  }
  return origins;
}

const REFUSED = "Refused a cross-site request";

export function checkCsrf(req: CsrfRequest): CsrfDecision {
  if (!STATE_CHANGING_METHODS.has(req.method.toUpperCase())) return { ok: true };
  const own = ownOrigins(req);
  const shown = [...own][0] ?? "this site";
  if (req.secFetchSite?.trim().toLowerCase() === "cross-site") {
    return { ok: false, reason: `${REFUSED}: the browser reports it was sent by another site, not by Parallax at ${shown}` };
  }
  if (req.origin !== null && req.origin.trim() !== "") {
    const origin = req.origin.trim();
    // "null": sandboxed frames, file:// pages, some redirects; never our own pages.
    if (origin === "null") return { ok: false, reason: `${REFUSED}: it came from an opaque origin ("null"), not from Parallax at ${shown}` };
    const o = originOf(origin);
    if (!o || !own.has(o)) return { ok: false, reason: `${REFUSED}: it came from ${origin}, not from Parallax at ${shown}` };
    return { ok: true };
  }
  if (req.referer !== null && req.referer.trim() !== "") {
    const o = originOf(req.referer.trim());
    if (!o || !own.has(o)) {
      return { ok: false, reason: `${REFUSED}: it came from a page on ${o ?? "an unknown address"}, not from Parallax at ${shown}` };
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

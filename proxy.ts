// Runs before every page and route handler: refuses cross-site state-changing requests
// and oversize uploads, and sets the per-request CSP nonce and the security headers.
// The decisions live in lib/security and lib/import/limits (unit-tested); this file wires them.
import { NextResponse, type NextRequest } from "next/server";
import { MAX_REQUEST_BYTES, formatBytes } from "@/lib/import/limits";
import { buildCsp, generateNonce, isHttpsRequest, securityHeaders } from "@/lib/security/csp";
import { checkCsrf, trustedOriginsFromEnv } from "@/lib/security/csrf";
import { trustedProxies } from "@/lib/auth/config";

/** Next.js's default serverActions.bodySizeLimit (1 MB). */
const SERVER_ACTION_MAX_BYTES = 1024 * 1024;

function withHeaders(res: NextResponse, https: boolean, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(securityHeaders({ https }))) res.headers.set(k, v);
  return res;
}

export function proxy(request: NextRequest) {
  const h = request.headers;
  // X-Forwarded-* count only when the deployment names its proxies (lib/server/serve.ts strips
  // them from every other peer); otherwise anyone could claim to be this site.
  const forwardedTrusted = trustedProxies(process.env).length > 0;
  const forwardedProto = forwardedTrusted ? h.get("x-forwarded-proto") : null;
  const https = isHttpsRequest(request.url, forwardedProto);
  const nonce = generateNonce();
  const csp = buildCsp({ nonce, https, dev: process.env.NODE_ENV === "development" });

  const csrf = checkCsrf({
    method: request.method,
    scheme: new URL(request.url).protocol === "https:" ? "https" : "http",
    host: h.get("host"),
    forwardedHost: h.get("x-forwarded-host"),
    forwardedProto,
    forwardedTrusted,
    origin: h.get("origin"),
    referer: h.get("referer"),
    secFetchSite: h.get("sec-fetch-site"),
    trustedOrigins: trustedOriginsFromEnv(process.env),
  });
  if (!csrf.ok) {
    return withHeaders(NextResponse.json({ error: csrf.reason, code: "cross-site" }, { status: 403 }), https, csp);
  }

  // Next.js buffers a body for the proxy up to experimental.proxyClientMaxBodySize and silently
  // truncates the rest, so anything declared larger is refused here with a clear message.
  const declared = Number(h.get("content-length") ?? "0");
  // Server actions (our forms) take at most Next.js's 1 MB; a larger body was a 500 from inside Next.js.
  if (h.has("next-action") && declared > SERVER_ACTION_MAX_BYTES) {
    return withHeaders(
      NextResponse.json({ error: `A form may send at most ${formatBytes(SERVER_ACTION_MAX_BYTES)}`, code: "too-large" }, { status: 413 }),
      https,
      csp,
    );
  }
  if (declared > MAX_REQUEST_BYTES) {
    return withHeaders(
      NextResponse.json(
        { error: `The request is ${formatBytes(declared)}; the limit is ${formatBytes(MAX_REQUEST_BYTES)} per request`, code: "too-large" },
        { status: 413 },
      ),
      https,
      csp,
    );
  }

  // Next.js takes the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(h);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), https, csp);
}

export const config = {
  // Everything but hashed static files and image optimisation: pages, route handlers,
  // Server Actions (POSTs to page paths) and prefetches alike, so no state-changing
  // request skips the CSRF check.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

/**
 * Content Security Policy and the other security response headers, as pure functions so
 * proxy.ts stays thin and the policy is unit-tested.
 *
 * The policy is nonce-based ("strict CSP"): only scripts carrying this request's nonce run,
 * and scripts they load ('strict-dynamic': Next.js chunks loaded by its runtime). Next.js
 * reads the nonce from the Content-Security-Policy request header the proxy sets and puts it
 * on every script it renders, which only works for pages rendered per request: a page
 * prerendered at build time has no nonce and would not hydrate (the root layout is dynamic).
 */

export interface CspOptions {
  /** Fresh per request (see generateNonce). */
  nonce: string;
  /** `next dev`: React needs eval for its error overlays and dev styles have no nonce. */
  dev?: boolean;
  /** Served over https: ask the browser to upgrade any http sub-resource. */
  https?: boolean;
}

const NONCE_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** 128 random bits, base64: unguessable, and safe inside a CSP source expression. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function buildCsp({ nonce, dev = false, https = false }: CspOptions): string {
  // A nonce with a quote, semicolon or space would let a caller inject directives.
  if (!NONCE_RE.test(nonce)) throw new Error("CSP nonce must be base64");
  const n = `'nonce-${nonce}'`;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", n, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // <style> elements need the nonce (Next.js adds it to the ones it renders). In dev,
    // styles are injected by the HMR client without one.
    ["style-src", "'self'", ...(dev ? ["'unsafe-inline'"] : [n])],
    // React renders style={{…}} props as style attributes (row positions in the virtual
    // list, bar widths). Attributes cannot carry a nonce and cannot run script; allowing
    // them does not allow <style> elements, which stay nonce-only.
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
  ];
  const parts = directives.map((d) => d.join(" "));
  // On plain http (localhost, a LAN address) upgrading would break every sub-resource.
  if (https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/**
 * The other security headers for every response. Permissions-Policy names only features
 * Chromium recognises: an unknown one is logged as a console error on every page.
 */
export function securityHeaders({ https = false }: { https?: boolean } = {}): Record<string, string> {
  const h: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    // Full URLs (project and document ids) stay on this site; same-origin requests keep
    // their Referer, which the CSRF check falls back on when Origin is absent.
    "Referrer-Policy": "same-origin",
    // For browsers that ignore CSP frame-ancestors.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
  // HSTS over plain http is ignored by browsers and would be wrong for a LAN install;
  // over https it pins the browser to https for a year.
  if (https) h["Strict-Transport-Security"] = "max-age=31536000";
  return h;
}

/**
 * Whether the request reached the app over https: directly, or through a reverse proxy
 * that says so in X-Forwarded-Proto (first hop).
 */
export function isHttpsRequest(url: string, forwardedProto: string | null): boolean {
  if (forwardedProto) return forwardedProto.split(",")[0].trim().toLowerCase() === "https";
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

// Where the app is reached and which origins may post to it. `npm start` (lib/cli/start.ts)
// knows HOST and PORT and fills these in for the server; PARALLAX_PUBLIC_URL overrides the
// address people use (behind a proxy, or https), PARALLAX_TRUSTED_ORIGINS adds origins.

/** Our cookies are `parallax.*` (the session: `parallax.session_token`). */
export const AUTH_COOKIE_PREFIX = "parallax";

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

type Env = Record<string, string | undefined>;

function originOf(raw: string, what: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AuthConfigError(`${what} must be a URL such as https://parallax.example.org, got "${raw}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new AuthConfigError(`${what} must start with http:// or https://, got "${raw}"`);
  return u.origin;
}

/** The public origin of the app (no trailing slash). */
export function publicUrl(env: Env = process.env): string {
  const raw = env.PARALLAX_PUBLIC_URL?.trim() || env.BETTER_AUTH_URL?.trim();
  if (raw) return originOf(raw, raw === env.PARALLAX_PUBLIC_URL?.trim() ? "PARALLAX_PUBLIC_URL" : "BETTER_AUTH_URL");
  return `http://localhost:${env.PORT?.trim() || "3000"}`;
}

/** Origins whose pages may sign in and post changes: the public URL and the listed ones. */
export function trustedOrigins(env: Env = process.env): string[] {
  const extra = (env.PARALLAX_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => originOf(s, "PARALLAX_TRUSTED_ORIGINS"));
  return [...new Set([publicUrl(env), ...extra])];
}

/**
 * The origins a server started by `npm start` answers on: localhost in its usual spellings,
 * the listen address when it is a specific one, and the public URL.
 */
export function localOrigins(host: string, port: number): string[] {
  const out = [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
  if (host && host !== "0.0.0.0" && host !== "::" && host !== "localhost" && host !== "127.0.0.1") {
    out.push(`http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  }
  return out;
}

/** Cookies carry `Secure` whenever people reach the app over https. */
export function secureCookies(env: Env = process.env): boolean {
  return publicUrl(env).startsWith("https://");
}

/** Reverse proxies whose X-Forwarded-For entries are trusted when finding the client address. */
export function trustedProxies(env: Env = process.env): string[] {
  return (env.PARALLAX_TRUSTED_PROXIES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

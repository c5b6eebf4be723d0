// Where to go after signing in: a path on this site, never another one. The value comes from
// the query string (?next=), so it is parsed the way a browser would resolve it (the WHATWG URL
// parser drops tabs and line breaks, turns "\" into "/"), and accepted only when it resolves to
// this origin; what is returned is the parsed path, so no raw control character reaches a
// Location header.
const BASE = "http://parallax.invalid";

/** A same-site path to come back to after signing in (never another site). */
export function safeNext(raw: string | null | undefined, fallback = "/"): string {
  if (!raw || !raw.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // "/\t/evil.example" or "/\\evil.example" can resolve here yet mean another host elsewhere
  if (/[\u0000-\u001f\u007f\\]/.test(raw) || raw.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}

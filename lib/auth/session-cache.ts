// A per-process memory of session cookies whose signature Better Auth has verified. Better
// Auth's full session check (signature, session and user rows) costs about a third of a small
// review request's server time; this remembers only which session token a signed cookie
// carries. Everything that can change is read afresh on every request, by one query
// (lib/db/users.ts activeSessionUser): whether the session still exists and has not expired
// (so a sign-out or a password change in any process or app instance ends it at once), and
// the user's name and administrator role (a demoted administrator loses admin rights at once).
// Project roles are read per request by the guards too.
import { LRUCache } from "lru-cache";

/** How long a verified cookie is remembered; its session's validity is still read per request. */
export const SESSION_CACHE_MS = 10 * 60_000;

class VerifiedCookies {
  private readonly entries = new LRUCache<string, string>({ max: 10_000, ttl: SESSION_CACHE_MS });

  /** The session token of a cookie verified before, or undefined. */
  token(cookie: string): string | undefined {
    return this.entries.get(cookie);
  }

  remember(cookie: string, token: string) {
    this.entries.set(cookie, token);
  }

  forget(cookie: string | null) {
    if (cookie) this.entries.delete(cookie);
  }

  clear() {
    this.entries.clear();
  }
}

export const sessionCache = new VerifiedCookies();

// A short-lived, per-process memory of checked sessions. Better Auth's session check reads the
// session and its user from the database and verifies the cookie's signature, about a third
// of a small review request's server time; an editor's requests come seconds apart, so each
// process remembers a session it has checked for SESSION_CACHE_MS.
//
// The cost: a session ended elsewhere (sign-out in another process or app instance, a deleted
// account) is still accepted by this process for at most that long. Sign-out in this process
// forgets the session at once, and roles are never cached: every request reads the
// membership afresh.
import type { SessionUser } from "./guard";

export const SESSION_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;

class SessionCache {
  private readonly entries = new Map<string, { user: SessionUser; until: number }>();

  get(token: string): SessionUser | null {
    const e = this.entries.get(token);
    if (!e) return null;
    if (Date.now() >= e.until) {
      this.entries.delete(token);
      return null;
    }
    return e.user;
  }

  /** Remembers a checked session, never past its own expiry. */
  set(token: string, user: SessionUser, sessionExpiresAt: number) {
    const until = Math.min(Date.now() + SESSION_CACHE_MS, sessionExpiresAt);
    if (!(until > Date.now())) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { user, until });
  }

  forget(token: string | null) {
    if (token) this.entries.delete(token);
  }

  clear() {
    this.entries.clear();
  }
}

export const sessionCache = new SessionCache();

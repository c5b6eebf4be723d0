// The checks every page, route handler and server action makes: who is signed in, and what
// their role allows in the project a request touches. Framework-free (the session comes from
// request headers) so it is tested on a temporary database; lib/auth/session.ts binds it to
// Next's request. Errors are typed: route handlers answer 401 / 403 / 404, pages redirect.
import type { Db } from "../db/client";
import { bitextOfPair, jobOwnership, projectOfBitext, projectRole, roleAtLeast, type ProjectRole } from "../db/members";
import { NotFoundError } from "../db/review";
import type { Auth } from "./auth";
import { getSessionCookie } from "better-auth/cookies";
import { AUTH_COOKIE_PREFIX } from "./config";
import { sessionCache } from "./session-cache";
import { activeSessionUser } from "../db/users";

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  isAdmin: boolean;
}

export interface ProjectAccess {
  user: SessionUser;
  projectId: number;
  role: ProjectRole;
  /** review and edit (editor or owner) */
  canEdit: boolean;
  /** manage members (owner, or an administrator) */
  canManage: boolean;
}

/** No session (signed out, expired, revoked): 401, or the sign-in page. */
export class AuthRequiredError extends Error {
  override name = "AuthRequiredError";
  constructor(message = "Sign in first: your session has ended or you are signed out") {
    super(message);
  }
}

/** Signed in but the role does not allow it: 403. */
export class ForbiddenError extends Error {
  override name = "ForbiddenError";
  constructor(
    message: string,
    readonly role: ProjectRole | null = null,
  ) {
    super(message);
  }
}

const NEED: Record<ProjectRole, string> = {
  viewer: "",
  editor: "Viewers can read and export but not change this project: an owner can make you an editor",
  owner: "Only the project's owners can do this",
};

/** The session cookie's value (plain, or with the __Secure- prefix under https), or null. */
export function sessionCookie(headers: Headers): string | null {
  return getSessionCookie(headers, { cookiePrefix: AUTH_COOKIE_PREFIX });
}

export interface GuardDeps {
  auth: () => Promise<Auth>;
  db: () => Db;
  /** the incoming request's headers (cookies) */
  headers: () => Promise<Headers>;
}

export function createGuards(deps: GuardDeps) {
  /** The session's token once Better Auth has verified the cookie's signature (remembered). */
  async function verifiedToken(headers: Headers, cookie: string): Promise<string | null> {
    const known = sessionCache.token(cookie);
    if (known) return known;
    const auth = await deps.auth();
    const session = await auth.api.getSession({ headers });
    if (!session) return null;
    sessionCache.remember(cookie, session.session.token);
    return session.session.token;
  }

  async function getSessionUser(): Promise<SessionUser | null> {
    const headers = await deps.headers();
    const cookie = sessionCookie(headers);
    if (!cookie) return null;
    const token = await verifiedToken(headers, cookie);
    if (!token) return null;
    // read afresh on every request: a session ended or a role changed in another process counts at once
    const user = await activeSessionUser(deps.db(), token);
    if (!user) sessionCache.forget(cookie);
    return user;
  }

  async function requireUser(): Promise<SessionUser> {
    const user = await getSessionUser();
    if (!user) throw new AuthRequiredError();
    return user;
  }

  async function requireAdmin(): Promise<SessionUser> {
    const user = await requireUser();
    if (!user.isAdmin) throw new ForbiddenError("Only administrators can do this");
    return user;
  }

  /**
   * The user's access to the project when it is at least `min`. Non-members get the same
   * 404 as for a project that does not exist: the project's existence is not revealed.
   */
  async function requireProjectRole(projectId: number, min: ProjectRole, user?: SessionUser): Promise<ProjectAccess> {
    const u = user ?? (await requireUser());
    const role = await projectRole(deps.db(), u, projectId);
    if (!role) throw new NotFoundError(`Project ${projectId} does not exist`);
    if (!roleAtLeast(role, min)) throw new ForbiddenError(NEED[min], role);
    return { user: u, projectId, role, canEdit: roleAtLeast(role, "editor"), canManage: role === "owner" };
  }

  async function requireBitextRole(bitextId: number, min: ProjectRole): Promise<ProjectAccess & { bitextId: number }> {
    const user = await requireUser();
    const projectId = await projectOfBitext(deps.db(), bitextId);
    if (projectId === null) throw new NotFoundError(`Document pair ${bitextId} does not exist`);
    try {
      return { ...(await requireProjectRole(projectId, min, user)), bitextId };
    } catch (err) {
      // said as "this document pair", never "project N": a non-member learns nothing
      if (err instanceof NotFoundError) throw new NotFoundError(`Document pair ${bitextId} does not exist`);
      throw err;
    }
  }

  async function requirePairRole(pairId: number, min: ProjectRole): Promise<ProjectAccess & { bitextId: number; pairId: number }> {
    const user = await requireUser();
    const where = await bitextOfPair(deps.db(), pairId);
    const gone = `Pair ${pairId} no longer exists (it may have been merged or re-aligned); reload`;
    if (!where) throw new NotFoundError(gone);
    try {
      return { ...(await requireProjectRole(where.projectId, min, user)), bitextId: where.bitextId, pairId };
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError(gone);
      throw err;
    }
  }

  /**
   * A job is visible to the members of its document pair's project; a job without one (a
   * batch of its own) to whoever queued it and to administrators.
   */
  async function requireJobRole(jobId: number, min: ProjectRole): Promise<{ user: SessionUser; projectId: number | null }> {
    const user = await requireUser();
    const job = await jobOwnership(deps.db(), jobId);
    const missing = new NotFoundError("No such job");
    if (!job) throw missing;
    if (job.projectId === null) {
      if (user.isAdmin || job.createdById === user.id) return { user, projectId: null };
      throw missing;
    }
    try {
      await requireProjectRole(job.projectId, min, user);
    } catch (err) {
      if (err instanceof NotFoundError) throw missing;
      throw err;
    }
    return { user, projectId: job.projectId };
  }

  return { getSessionUser, requireUser, requireAdmin, requireProjectRole, requireBitextRole, requirePairRole, requireJobRole };
}

export type Guards = ReturnType<typeof createGuards>;

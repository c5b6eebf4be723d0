// The guards bound to the current Next.js request (lib/auth/guard.ts holds the rules).
// Route handlers and server actions call require*(), whose errors errorResponse() in
// app/api/route-kit.ts turns into 401 / 403 / 404; pages call page*(), which redirect to
// the sign-in page (or to the first-account sign-up) and answer 404 to non-members.
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db/client";
import { projectRole, type ProjectRole } from "../db/members";
import { NotFoundError } from "../db/review";
import { needsFirstAccount } from "../db/users";
import { getAuth } from "./auth";
import { safeNext } from "./safe-next";
import { AuthRequiredError, createGuards, ForbiddenError, type ProjectAccess, type SessionUser } from "./guard";

export { AuthRequiredError, ForbiddenError, type ProjectAccess, type SessionUser };
export { safeNext };

const guards = createGuards({
  auth: getAuth,
  db: getDb,
  headers: async () => new Headers(await headers()),
});

/** The signed-in user or null; one lookup per request however often it is asked. */
export const getSessionUser = cache(guards.getSessionUser);
export const requireUser = guards.requireUser;
export const requireAdmin = guards.requireAdmin;
export const requireProjectRole = guards.requireProjectRole;
export const requireBitextRole = guards.requireBitextRole;
export const requirePairRole = guards.requirePairRole;
export const requireJobRole = guards.requireJobRole;

/** Where a signed-out visitor goes: the first-account sign-up on a fresh installation. */
async function signInRedirect(next: string): Promise<never> {
  if (await needsFirstAccount(getDb())) redirect("/sign-up");
  redirect(`/sign-in?next=${encodeURIComponent(safeNext(next))}`);
}

/** For pages: the signed-in user, else a redirect to sign in (then back to `next`). */
export async function pageUser(next: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) return signInRedirect(next);
  return user;
}

/** For pages: an administrator, else sign in or 404 (the page is not advertised). */
export async function pageAdmin(next: string): Promise<SessionUser> {
  const user = await pageUser(next);
  if (!user.isAdmin) notFound();
  return user;
}

/**
 * For project pages: the access of a member (any role), else sign in, or 404 for a project
 * that does not exist or that the user is no member of. Pages check `canEdit` / `canManage`
 * for what they show.
 */
export async function pageProject(projectId: number, next: string): Promise<ProjectAccess> {
  const user = await pageUser(next);
  try {
    return await guards.requireProjectRole(projectId, "viewer", user);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

/**
 * The signed-in user's role in a project, or null (signed out, no member, no project); for
 * page titles and other places that must not say more to someone without access.
 */
export async function sessionProjectRole(projectId: number): Promise<ProjectRole | null> {
  const user = await getSessionUser();
  return user ? projectRole(getDb(), user, projectId) : null;
}

/** For server actions: the error as a message for the form (signed out, refused, gone). */
export function actionError(err: unknown): string | null {
  if (err instanceof AuthRequiredError || err instanceof ForbiddenError || err instanceof NotFoundError) return err.message;
  return null;
}

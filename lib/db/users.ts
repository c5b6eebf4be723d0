// Accounts as the rest of the app sees them. Better Auth creates users, credentials and
// sessions (lib/auth/auth.ts); this module answers who exists, who is an administrator, and
// makes the first account the administrator and the owner of the demo project.
import { z } from "zod";
import type { Db } from "./client";
import { FIRST_ADMIN_KEY, claimSetting } from "./settings";

/** Better Auth's provider id for email-and-password accounts. */
export const CREDENTIAL_PROVIDER = "credential";

export const userNameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(60, "Names are at most 60 characters")
  .regex(/^[^\p{Cc}<>]+$/u, "Names cannot hold control characters or < >");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "Email addresses are at most 254 characters"));

export interface UserSummary {
  id: number;
  name: string;
  email: string;
  isAdmin: boolean;
  /** false for users from before accounts (no password): they cannot sign in */
  canSignIn: boolean;
  createdAt: Date;
  projects: number;
}

/**
 * True while no one can sign in: the next sign-up creates the administrator. Users left by
 * databases from before accounts have no credentials, so they do not count.
 */
export async function needsFirstAccount(db: Db): Promise<boolean> {
  return (await db.account.findFirst({ where: { providerId: CREDENTIAL_PROVIDER }, select: { id: true } })) === null;
}

export async function getUser(db: Db, id: number) {
  return db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, isAdmin: true } });
}

/**
 * The user of a live session (it exists and has not expired), read afresh: the guards call
 * this on every request, so sign-outs and role changes anywhere take effect at once.
 */
export async function activeSessionUser(db: Db, token: string) {
  const session = await db.session.findUnique({
    where: { token },
    select: { expiresAt: true, user: { select: { id: true, name: true, email: true, isAdmin: true } } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return session.user;
}

export async function findUserByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, name: true, email: true, isAdmin: true } });
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const users = await db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      isAdmin: true,
      createdAt: true,
      accounts: { where: { providerId: CREDENTIAL_PROVIDER }, select: { id: true } },
      _count: { select: { memberships: true } },
    },
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    isAdmin: u.isAdmin,
    canSignIn: u.accounts.length > 0,
    createdAt: u.createdAt,
    projects: u._count.memberships,
  }));
}

/**
 * A user without credentials (tests and fixtures; people get accounts by signing up). The
 * email is normalised like Better Auth does.
 */
export async function createUser(db: Db, input: { name: string; email: string; isAdmin?: boolean }) {
  return db.user.create({
    data: { name: userNameSchema.parse(input.name), email: emailSchema.parse(input.email), isAdmin: input.isAdmin ?? false },
  });
}

/**
 * Makes `userId` the administrator if no account was made administrator this way before,
 * and gives it the demo project. The claim is a unique row, so of two first sign-ups racing
 * on a fresh installation exactly one wins, on SQLite and PostgreSQL alike.
 */
export async function claimFirstAdmin(db: Db, userId: number): Promise<boolean> {
  if (!(await claimSetting(db, FIRST_ADMIN_KEY, String(userId)))) return false;
  await db.user.update({ where: { id: userId }, data: { isAdmin: true } });
  await grantDemoToFirstAdmin(db);
  return true;
}

/** The first account owns the demo project (when both exist); safe to call again. */
export async function grantDemoToFirstAdmin(db: Db): Promise<void> {
  const first = await db.setting.findUnique({ where: { key: FIRST_ADMIN_KEY } });
  const userId = first ? Number(first.value) : NaN;
  if (!Number.isSafeInteger(userId)) return;
  const [user, demo] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { id: true } }),
    db.project.findFirst({ where: { isDemo: true }, select: { id: true } }),
  ]);
  if (!user || !demo) return;
  await db.projectMember.upsert({
    where: { projectId_userId: { projectId: demo.id, userId } },
    update: {},
    create: { projectId: demo.id, userId, role: "owner" },
  });
}

/** Removes a user (and, by cascade, its sessions, credentials and memberships). */
export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.user.deleteMany({ where: { id } });
}

export class AdminChangeError extends Error {
  override name = "AdminChangeError";
}

/**
 * Makes a user an administrator or takes the role away. There is always at least one
 * administrator left: taking the role from the last one is refused. Changes are serialized on
 * one row (the first-administrator setting, rewritten unchanged), so two administrators
 * removing each other at the same moment cannot leave none.
 */
export async function setAdmin(db: Db, input: { userId: number; isAdmin: boolean; actorId: number }): Promise<void> {
  await db.$transaction(async (tx) => {
    const roster = await tx.setting.findUnique({ where: { key: FIRST_ADMIN_KEY } });
    if (roster) await tx.setting.updateMany({ where: { key: FIRST_ADMIN_KEY }, data: { value: roster.value } });
    const actor = await tx.user.findUnique({ where: { id: input.actorId }, select: { isAdmin: true } });
    if (!actor?.isAdmin) throw new AdminChangeError("Only administrators can change who is an administrator");
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { isAdmin: true, name: true } });
    if (!user) throw new AdminChangeError(`No user ${input.userId}`);
    if (user.isAdmin === input.isAdmin) return;
    if (!input.isAdmin && (await tx.user.count({ where: { isAdmin: true } })) <= 1) {
      throw new AdminChangeError(`${user.name} is the only administrator: make someone else an administrator first`);
    }
    await tx.user.update({ where: { id: input.userId }, data: { isAdmin: input.isAdmin } });
  });
}

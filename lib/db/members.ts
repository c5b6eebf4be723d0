// Who may do what in a project. Roles per project: owner > editor > viewer (viewers read and
// export, editors also review and edit, owners also manage members); administrators act as
// owners on every project. Also resolves the project that a document pair, pair, flag,
// sentence or job belongs to, so that guards check the role on the right project.
import { z } from "zod";
import type { Db } from "./client";
import { MEMBER_ROLES } from "./vocabulary";
import { emailSchema } from "./users";
import { LRUCache } from "lru-cache";

export type ProjectRole = (typeof MEMBER_ROLES)[number];
export const projectRoleSchema = z.enum(MEMBER_ROLES, { error: "The role must be owner, editor or viewer" });

const RANK: Record<ProjectRole, number> = { viewer: 1, editor: 2, owner: 3 };

export function roleAtLeast(role: ProjectRole, min: ProjectRole): boolean {
  return RANK[role] >= RANK[min];
}

/** A refused membership change, with a message for the owner who asked. */
export class MemberError extends Error {
  override name = "MemberError";
}

export interface Principal {
  id: number;
  isAdmin: boolean;
}

/** The user's role in the project; null when the project does not exist or the user is no member. */
export async function projectRole(db: Db, user: Principal, projectId: number): Promise<ProjectRole | null> {
  if (user.isAdmin) {
    return (await db.project.findUnique({ where: { id: projectId }, select: { id: true } })) ? "owner" : null;
  }
  const m = await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: user.id } }, select: { role: true } });
  if (!m) return null;
  const parsed = projectRoleSchema.safeParse(m.role);
  return parsed.success ? parsed.data : null;
}

/** The projects the user may see with the role there ("owner" everywhere for administrators). */
export async function accessibleProjects(db: Db, user: Principal): Promise<Map<number, ProjectRole>> {
  if (user.isAdmin) {
    const all = await db.project.findMany({ select: { id: true } });
    return new Map(all.map((p) => [p.id, "owner" as const]));
  }
  const rows = await db.projectMember.findMany({ where: { userId: user.id }, select: { projectId: true, role: true } });
  const out = new Map<number, ProjectRole>();
  for (const r of rows) {
    const parsed = projectRoleSchema.safeParse(r.role);
    if (parsed.success) out.set(r.projectId, parsed.data);
  }
  return out;
}

export interface MemberRow {
  userId: number;
  name: string;
  email: string;
  role: ProjectRole;
  since: Date;
}

export async function listMembers(db: Db, projectId: number): Promise<MemberRow[]> {
  const rows = await db.projectMember.findMany({
    where: { projectId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
  });
  return rows.map((r) => ({
    userId: r.userId,
    name: r.user.name,
    email: r.user.email,
    role: projectRoleSchema.catch("viewer").parse(r.role),
    since: r.createdAt,
  }));
}

async function logMember(db: Db, projectId: number, userId: number, action: string, actorId: number, before: object | null, after: object | null) {
  await db.auditLog.create({
    data: { projectId, entityType: "member", entityId: userId, action, actorId, before: before ?? undefined, after: after ?? undefined },
  });
}

/** Adds an existing user (by email) to the project with a role. */
export async function addMember(db: Db, input: { projectId: number; email: string; role: ProjectRole; actorId: number }): Promise<MemberRow> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new MemberError(email.error.issues[0]?.message ?? "Enter a valid email address");
  const role = projectRoleSchema.parse(input.role);
  const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true, name: true, email: true } });
  if (!user) throw new MemberError(`No account uses ${email.data}: an administrator can invite this person first`);
  const existing = await db.projectMember.findUnique({ where: { projectId_userId: { projectId: input.projectId, userId: user.id } } });
  if (existing) throw new MemberError(`${user.name} is already a member (${existing.role}): change the role instead`);
  const row = await db.projectMember.create({ data: { projectId: input.projectId, userId: user.id, role } });
  await logMember(db, input.projectId, user.id, "member.add", input.actorId, null, { role });
  return { userId: user.id, name: user.name, email: user.email, role, since: row.createdAt };
}

/** The change would leave the project without an owner. Runs inside the caller's transaction. */
async function assertKeepsAnOwner(tx: Pick<Db, "projectMember">, projectId: number, userId: number) {
  const owners = await tx.projectMember.findMany({ where: { projectId, role: "owner" }, select: { userId: true } });
  if (owners.length === 1 && owners[0].userId === userId) {
    throw new MemberError("A project keeps at least one owner: make someone else owner first");
  }
}

export async function changeMemberRole(db: Db, input: { projectId: number; userId: number; role: ProjectRole; actorId: number }): Promise<void> {
  const role = projectRoleSchema.parse(input.role);
  const before = await db.$transaction(async (tx) => {
    const m = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } } });
    if (!m) throw new MemberError("This person is not a member of the project (any more): reload");
    if (m.role === role) return null;
    if (m.role === "owner") await assertKeepsAnOwner(tx, input.projectId, input.userId);
    await tx.projectMember.update({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } }, data: { role } });
    return m.role;
  });
  if (before !== null) await logMember(db, input.projectId, input.userId, "member.role", input.actorId, { role: before }, { role });
}

export async function removeMember(db: Db, input: { projectId: number; userId: number; actorId: number }): Promise<void> {
  const before = await db.$transaction(async (tx) => {
    const m = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } } });
    if (!m) return null;
    if (m.role === "owner") await assertKeepsAnOwner(tx, input.projectId, input.userId);
    await tx.projectMember.delete({ where: { projectId_userId: { projectId: input.projectId, userId: input.userId } } });
    return m.role;
  });
  if (before !== null) await logMember(db, input.projectId, input.userId, "member.remove", input.actorId, { role: before }, null);
}

/** Makes the user an owner of the project (a project's creator). */
export async function addOwner(db: Db, projectId: number, userId: number): Promise<void> {
  await db.projectMember.upsert({
    where: { projectId_userId: { projectId, userId } },
    update: { role: "owner" },
    create: { projectId, userId, role: "owner" },
  });
}

// ---------------------------------------------------------------------------------------
// The project something belongs to (null when it does not exist).

export async function projectOfBitext(db: Db, bitextId: number): Promise<number | null> {
  return (await db.bitext.findUnique({ where: { id: bitextId }, select: { projectId: true } }))?.projectId ?? null;
}

/**
 * Where pairs belong, remembered per process: a pair never moves to another document pair nor
 * a document pair to another project, and ids are never reused, so an entry cannot go wrong
 * (a pair deleted since is found missing by whatever reads it next). Every review request
 * asks this first; remembering it saves two queries each. Membership is never remembered.
 */
const pairPlaces = new LRUCache<number, { bitextId: number; projectId: number }>({ max: 100_000 });

export async function bitextOfPair(db: Db, pairId: number): Promise<{ bitextId: number; projectId: number } | null> {
  const known = pairPlaces.get(pairId);
  if (known) return known;
  const p = await db.alignmentPair.findUnique({ where: { id: pairId }, select: { bitextId: true, bitext: { select: { projectId: true } } } });
  if (!p) return null;
  const place = { bitextId: p.bitextId, projectId: p.bitext.projectId };
  pairPlaces.set(pairId, place);
  return place;
}

export async function bitextOfFlag(db: Db, flagId: number): Promise<number | null> {
  return (await db.flag.findUnique({ where: { id: flagId }, select: { pair: { select: { bitextId: true } } } }))?.pair.bitextId ?? null;
}

export async function bitextOfSentence(db: Db, sentenceId: number): Promise<number | null> {
  return (await db.sentence.findUnique({ where: { id: sentenceId }, select: { document: { select: { bitextId: true } } } }))?.document.bitextId ?? null;
}

/** A job's project (its document pair's, else a projectId in its payload) and who queued it. */
export async function jobOwnership(db: Db, jobId: number): Promise<{ projectId: number | null; createdById: number | null } | null> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { createdById: true, payload: true, bitext: { select: { projectId: true } } } });
  if (!job) return null;
  const fromPayload = (job.payload as { projectId?: unknown } | null)?.projectId;
  const projectId = job.bitext?.projectId ?? (typeof fromPayload === "number" && Number.isSafeInteger(fromPayload) ? fromPayload : null);
  return { projectId, createdById: job.createdById };
}

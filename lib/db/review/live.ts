// Live review: what changed in a document pair since a point of its audit log, and who has
// which pair open. The review page polls for both about every second (see changes route); on
// PostgreSQL a LISTEN connection per process (live-watch.ts) answers "nothing new" without a
// query, on SQLite the audit log is read incrementally (by id, from the client's last one).
import type { Db } from "../client";
import { userNames } from "./core";
import type { ChangeEntry, ChangesAnswer, PresenceEntry } from "../../review/schema";
import { STRUCTURAL_OPS } from "../../review/schema";

/** More changes than this in one answer: the client reloads everything instead. */
const MAX_CHANGES = 200;
/** A tab that has not sent its heartbeat (every 10 s) for this long has left. */
export const PRESENCE_TTL_MS = 25_000;

interface Snap {
  pairs?: { id: number }[];
}
interface ReviewPayload {
  review?: number;
  snapshot?: Snap;
}

const ids = (s: Snap | undefined) => (Array.isArray(s?.pairs) ? s!.pairs!.map((p) => p.id).filter(Number.isInteger) : []);

/** The newest audit row of a document pair (0: none yet). */
export async function latestAuditId(db: Db, bitextId: number): Promise<number> {
  const row = await db.auditLog.findFirst({ where: { bitextId }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0;
}

/** The changes after audit row `after`, oldest first, each with the pairs to read again. */
export async function changesSince(db: Db, bitextId: number, after: number): Promise<Pick<ChangesAnswer, "latest" | "changes" | "truncated">> {
  const rows = await db.auditLog.findMany({
    where: { bitextId, id: { gt: after } },
    orderBy: { id: "asc" },
    take: MAX_CHANGES + 1,
    select: { id: true, action: true, actorId: true, createdAt: true, before: true, after: true },
  });
  const truncated = rows.length > MAX_CHANGES;
  const kept = rows.slice(0, MAX_CHANGES);
  const names = await userNames(db, kept.map((r) => r.actorId));
  const changes = kept.map((r): ChangeEntry => {
    const before = r.before as ReviewPayload | null;
    const afterPayload = r.after as (ReviewPayload & { restored?: { pairs?: number[] } }) | null;
    const review = before?.review === 1;
    const afterIds = review ? ids(afterPayload?.snapshot) : Array.isArray(afterPayload?.restored?.pairs) ? afterPayload!.restored!.pairs! : [];
    const beforeIds = review ? ids(before?.snapshot) : [];
    const kept = new Set(afterIds);
    return {
      auditId: r.id,
      action: r.action,
      actor: r.actorId === null ? null : (names.get(r.actorId)?.name ?? null),
      actorId: r.actorId,
      at: r.createdAt.toISOString(),
      pairIds: [...kept],
      deletedPairIds: beforeIds.filter((id) => !kept.has(id)),
      // undo, re-alignment and imports may add or remove pairs anywhere
      structural: !review || STRUCTURAL_OPS.has(r.action as never),
    };
  });
  const latest = truncated ? rows[rows.length - 1].id : (kept.at(-1)?.id ?? after);
  return { latest, changes, truncated };
}

/** Records where a browser tab is (its pair, and whether it is editing it); `leaving` forgets it. */
export async function touchPresence(
  db: Db,
  userId: number,
  bitextId: number,
  p: { clientId: string; pairId: number | null; editing: boolean; leaving?: boolean },
): Promise<void> {
  if (p.leaving) {
    await db.presence.deleteMany({ where: { clientId: p.clientId, userId } });
    return;
  }
  const data = { userId, bitextId, pairId: p.pairId, editing: p.editing, seenAt: new Date() };
  // A tab id belongs to the user who first sent it: nobody can move someone else's tab.
  const mine = await db.presence.updateMany({ where: { clientId: p.clientId, userId }, data });
  if (!mine.count) {
    await db.presence.deleteMany({ where: { seenAt: { lt: new Date(Date.now() - 10 * PRESENCE_TTL_MS) } } });
    await db.presence.upsert({ where: { clientId: p.clientId }, create: { clientId: p.clientId, ...data }, update: {} });
  }
}

/** Who else has this document pair open (tabs seen within PRESENCE_TTL_MS), with names. */
export async function listPresence(db: Db, bitextId: number, exceptClientId?: string): Promise<PresenceEntry[]> {
  const rows = await db.presence.findMany({
    where: { bitextId, seenAt: { gte: new Date(Date.now() - PRESENCE_TTL_MS) }, ...(exceptClientId ? { clientId: { not: exceptClientId } } : {}) },
    orderBy: { seenAt: "desc" },
    take: 100,
  });
  const names = await userNames(db, rows.map((r) => r.userId));
  return rows.map((r) => ({ clientId: r.clientId, userId: r.userId, name: names.get(r.userId)?.name ?? "someone", pairId: r.pairId, editing: r.editing }));
}

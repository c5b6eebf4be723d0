// Undo: restores the audit row's `before` snapshot over its `after` snapshot, after checking
// that nothing the change touched has been changed since (else VersionConflictError).
import { Prisma } from "../../../generated/prisma/client";
import type { Db } from "../client";
import {
  NotFoundError,
  VersionConflictError,
  checkActor,
  hhmm,
  idSchema,
  inTx,
  jsonOrNull,
  loadCtx,
  parse,
  PAIR_GAP,
  positionBetween,
  renumber,
  throwPairConflict,
  type Actor,
  type Ctx,
  type ReviewAuditPayload,
  type Snapshot,
} from "./core";
import { defaultScore } from "./ops";
import { z } from "zod";

export interface UndoResult {
  auditId: number;
  undoneAuditId: number;
  action: string;
  entityType: string;
  entityId: number | null;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

function diff<T extends { id: number }>(before: T[], after: T[]) {
  const bm = new Map(before.map((x) => [x.id, x]));
  const am = new Map(after.map((x) => [x.id, x]));
  return {
    /** exist only after the change: delete */
    created: after.filter((x) => !bm.has(x.id)),
    /** existed only before: recreate */
    deleted: before.filter((x) => !am.has(x.id)),
    /** in both but different: set back (before value), with the after value for the check */
    changed: before.filter((x) => am.has(x.id) && !same(x, am.get(x.id))).map((b) => ({ b, a: am.get(b.id)! })),
  };
}

/** What a pair row says (not where it is or which version): what an undo compares and puts back. */
type PairContent = { score: number | null; scoreDetails?: unknown; confidence?: number | null; origin: string; status: string; crossing: boolean };
/** The score parts count only when the snapshot compared against (`ref`) recorded them (see PairSnap.scoreDetails). */
const pairContent = (p: PairContent, ref: PairContent = p) =>
  JSON.stringify([p.score, "scoreDetails" in ref ? (p.scoreDetails ?? null) : 0, p.confidence ?? null, p.origin, p.status, p.crossing]);

function conflict(what: string): never {
  throw new VersionConflictError(`Cannot undo: ${what} has been changed since; reload to see the change`, {
    type: "bitext",
    id: 0,
  });
}

/** The actor's latest change in the bitext that has not been undone yet (undo rows excluded). */
async function findUndoable(ctx: Ctx) {
  const undone = new Set<number>();
  const undoRows = await ctx.tx.auditLog.findMany({
    where: { bitextId: ctx.bitextId, action: "undo" },
    select: { before: true },
  });
  for (const r of undoRows) {
    const b = r.before as { undoneAuditId?: number; undoneAuditIds?: number[] } | null;
    if (typeof b?.undoneAuditId === "number") undone.add(b.undoneAuditId);
    for (const id of b?.undoneAuditIds ?? []) if (typeof id === "number") undone.add(id);
  }
  let cursor: number | undefined;
  for (;;) {
    const rows = await ctx.tx.auditLog.findMany({
      where: { bitextId: ctx.bitextId, actorId: ctx.actor.id, action: { not: "undo" }, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: 50,
    });
    if (!rows.length) return null;
    for (const row of rows) {
      const before = row.before as unknown as ReviewAuditPayload | null;
      if (!undone.has(row.id) && before?.review === 1) return { row, group: await groupOf(ctx, row, undone) };
    }
    cursor = rows[rows.length - 1].id;
  }
}

type AuditRow = NonNullable<Awaited<ReturnType<Ctx["tx"]["auditLog"]["findFirst"]>>>;
const groupMeta = (row: AuditRow) => (row.after as { meta?: { group?: string; parts?: number } } | null)?.meta;

/**
 * The rows of one action written in chunks (a bulk action: meta.group, meta.parts), newest
 * first, starting with `row`: undone together as one change.
 */
async function groupOf(ctx: Ctx, row: AuditRow, undone: Set<number>): Promise<AuditRow[]> {
  const meta = groupMeta(row);
  if (!meta?.group || !meta.parts || meta.parts < 2) return [row];
  const earlier = await ctx.tx.auditLog.findMany({
    where: { bitextId: ctx.bitextId, actorId: ctx.actor.id, action: row.action, id: { lt: row.id } },
    orderBy: { id: "desc" },
    take: meta.parts * 3,
  });
  return [row, ...earlier.filter((r) => !undone.has(r.id) && groupMeta(r)?.group === meta.group)];
}

const undoInput = z.object({ bitextId: idSchema });

/**
 * Undoes the actor's latest not-yet-undone review change in the bitext; null when there is
 * none. Restored pairs get a new version (clients holding the old one must reload). A bulk
 * action written in chunks is undone chunk by chunk, newest first, each in its own short
 * transaction (see undoGroup).
 */
export async function undoLast(db: Db, actor: Actor, input: { bitextId: number }): Promise<UndoResult | null> {
  checkActor(actor);
  const { bitextId } = parse(undoInput, input, "undo");
  const single = await inTx(
    db,
    async (tx) => {
      const ctx = await loadCtx(tx, actor, bitextId, defaultScore);
      const found = await findUndoable(ctx);
      if (!found) return null;
      if (found.group.length > 1) return { kind: "group" as const, group: found.group };
      return { kind: "one" as const, undone: await undoRow(ctx, found.row) };
    },
    120_000,
  );
  if (!single) return null;
  if (single.kind === "one") return single.undone;
  return undoGroup(db, actor, bitextId, single.group);
}

/** Restores one audit row's change and writes its undo row. */
async function undoRow(ctx: Ctx, row: AuditRow, group?: { of: number; part: number; parts: number }): Promise<UndoResult> {
  const payload = row.after as unknown as ReviewAuditPayload;
  const before = (row.before as unknown as ReviewAuditPayload).snapshot;
  const meta = payload.meta as { prevOf?: Record<string, number | null>; nextOf?: Record<string, number | null> } | undefined;
  await restore(ctx, before, payload.snapshot, meta?.prevOf, meta?.nextOf);
  const undo = await ctx.tx.auditLog.create({
    data: {
      projectId: ctx.projectId,
      bitextId: ctx.bitextId,
      entityType: row.entityType,
      entityId: row.entityId,
      action: "undo",
      actorId: ctx.actor.id,
      before: { undoneAuditId: row.id, action: row.action, ...(group ? { group } : {}) },
      after: { restored: { pairs: before.pairs.map((p) => p.id) } },
    },
  });
  return { auditId: undo.id, undoneAuditId: row.id, action: row.action, entityType: row.entityType, entityId: row.entityId };
}

/**
 * Undoes the chunks of one bulk action (newest first), one transaction each, so that undoing
 * 10,000 pairs never holds the write lock for more than one chunk's time. Everything is checked
 * first, outside any transaction, so that a pair changed since refuses the whole undo as before;
 * each chunk is checked again in its transaction. Should a change slip in between (or the
 * process stop), the chunks not undone stay the actor's latest change: the next undo takes them.
 */
async function undoGroup(db: Db, actor: Actor, bitextId: number, group: AuditRow[]): Promise<UndoResult> {
  for (const row of group) {
    const { before, after } = { before: (row.before as unknown as ReviewAuditPayload).snapshot, after: (row.after as unknown as ReviewAuditPayload).snapshot };
    const changes = changesOf(before, after);
    const cur = await currentPairs(db, bitextId, changes.pairs.deleted.length > 0, [...before.pairs, ...after.pairs]);
    await checkStillAsLeft(db, changes, after, new Map(cur.map((p) => [p.id, p])));
  }
  let last: UndoResult | null = null;
  for (const [k, row] of group.entries()) {
    const done = await inTx(
      db,
      async (tx) => {
        const ctx = await loadCtx(tx, actor, bitextId, defaultScore);
        // still the actor's latest change not undone (else a newer one came first: stop here)
        if ((await findUndoable(ctx))?.row.id !== row.id) return null;
        return undoRow(ctx, row, { of: group[0].id, part: k + 1, parts: group.length });
      },
      60_000,
    ).catch((err: unknown) => {
      if (k === 0 || !(err instanceof VersionConflictError)) throw err;
      throw new VersionConflictError(`Undid ${k} of the ${group.length} parts of this bulk action; ${err.message}`, err.entity, err.changedBy, err.changedAt, err.sentences);
    });
    if (!done) break;
    last = { ...done, undoneAuditId: group[0].id };
  }
  if (!last) throw new VersionConflictError("Cannot undo: a newer change came first; reload to see it", { type: "bitext", id: bitextId });
  return last;
}

/**
 * Positions of the rows the change did not touch keep their relative order; the restored
 * rows take their `before` positions (shifted by how far the touched region has moved since),
 * and the untouched rows fill the other slots in order.
 */
function plan(
  current: { id: number; position: number }[],
  touched: Set<number>,
  slots: Map<number, number>,
  label: string,
) {
  const untouched = current.filter((r) => !touched.has(r.id));
  const total = untouched.length + slots.size;
  const taken = new Set(slots.values());
  if (taken.size !== slots.size || [...taken].some((p) => p < 0 || p >= total)) conflict(label);
  const moves: { from: number; to: number }[] = [];
  let k = 0;
  for (const r of untouched) {
    while (taken.has(k)) k++;
    moves.push({ from: r.position, to: k });
    k++;
  }
  return moves;
}

function shiftOf(rows: { id: number; position: number }[], cur: Map<number, { position: number }>, label: string): number {
  let d: number | null = null;
  for (const r of rows) {
    const c = cur.get(r.id);
    if (!c) continue;
    const x = c.position - r.position;
    if (d === null) d = x;
    else if (d !== x) conflict(label);
  }
  return d ?? 0;
}

/** The first position per document of these sentences. */
function firstPositions(rows: { documentId: number; position: number }[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) m.set(r.documentId, Math.min(m.get(r.documentId) ?? Infinity, r.position));
  return m;
}

/**
 * A removed pair goes back after the pair that preceded it (index `at` in `placed`) and before
 * the one that followed it (`next`). When other pairs stand between the two now (an older change
 * undone out of order put them back there since), it goes past those whose sentences come before
 * its own (`sentenceIds`) in a document they share, so the pairs keep their sentences' order.
 */
async function pastPairsPutBetween(
  ctx: Ctx,
  placed: { id: number; position: number }[],
  at: number,
  next: number | null | undefined,
  sentenceIds: number[],
): Promise<number> {
  if (next === undefined || !sentenceIds.length) return at;
  const end = next === null ? placed.length : placed.findIndex((p, k) => k > at && p.id === next);
  if (end < 0 || end === at + 1) return at;
  const select = { documentId: true, position: true } as const;
  const own = firstPositions(await ctx.tx.sentence.findMany({ where: { id: { in: sentenceIds } }, select }));
  while (at + 1 < end) {
    const other = firstPositions(await ctx.tx.sentence.findMany({ where: { pairId: placed[at + 1].id }, select }));
    const shared = [...own].filter(([d]) => other.has(d));
    if (!shared.length || shared.some(([d, p]) => other.get(d)! > p)) break;
    at++;
  }
  return at;
}

/**
 * Restores pairs whose row differs between before and after in its status only, grouped by
 * (status, current version): each group is one updateMany. Returns the ids it restored.
 */
async function restoreStatusOnly(
  ctx: Ctx,
  changed: { b: Snapshot["pairs"][number]; a: Snapshot["pairs"][number] }[],
  cur: Map<number, { version: number }>,
): Promise<Set<number>> {
  const groups = new Map<string, { status: string; version: number; ids: number[] }>();
  for (const { b, a } of changed) {
    if (b.status === a.status || pairContent({ ...b, status: a.status }) !== pairContent(a)) continue;
    const version = cur.get(b.id)!.version;
    const key = `${b.status}\u0000${version}`;
    const g = groups.get(key) ?? { status: b.status, version, ids: [] };
    g.ids.push(b.id);
    groups.set(key, g);
  }
  const done = new Set<number>();
  if ([...groups.values()].reduce((n, g) => n + g.ids.length, 0) < 50) return done;
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += 500) {
      const ids = g.ids.slice(i, i + 500);
      const next = g.version + 1;
      const r = await ctx.tx.alignmentPair.updateMany({
        where: { id: { in: ids }, version: g.version },
        data: { status: g.status, version: next, statusAt: next, structureAt: next, updatedById: ctx.actor.id },
      });
      if (r.count !== ids.length) conflict("the pairs of this change");
      for (const id of ids) done.add(id);
    }
  }
  return done;
}

/**
 * The pairs restore() compares and places. Putting back a removed pair needs its neighbours, so
 * every pair of the document pair; otherwise the change's own pairs are all it looks at (a bulk
 * status change of 1,000 pairs in a document of 10,000 then reads 1,000 rows, not 10,000).
 */
async function currentPairs(tx: Ctx["tx"], bitextId: number, needsNeighbours: boolean, own: { id: number }[]) {
  if (needsNeighbours) return tx.alignmentPair.findMany({ where: { bitextId } });
  const ids = [...new Set(own.map((p) => p.id))];
  const rows = [];
  // Prisma binds each id as a parameter; SQLite takes at most 999 in one statement.
  for (let i = 0; i < ids.length; i += 900) {
    rows.push(...(await tx.alignmentPair.findMany({ where: { bitextId, id: { in: ids.slice(i, i + 900) } } })));
  }
  return rows;
}

type Changes = { [K in "pairs" | "sentences" | "flags" | "corrections"]: ReturnType<typeof diff<Snapshot[K][number]>> };

/** What a change did, row by row (created, deleted, changed), per kind of row. */
function changesOf(before: Snapshot, after: Snapshot): Changes {
  return {
    pairs: diff(before.pairs, after.pairs),
    sentences: diff(before.sentences, after.sentences),
    flags: diff(before.flags, after.flags),
    corrections: diff(before.corrections, after.corrections),
  };
}

/**
 * Step 1 of an undo, reads only: everything the change produced must still be as it left it,
 * else VersionConflictError naming what changed. `curPairMap` holds at least the change's pairs.
 * Returns the flags the change rewrote and their current rows, which the restore puts back.
 */
async function checkStillAsLeft(tx: Ctx["tx"], changes: Changes, after: Snapshot, curPairMap: Map<number, PairContent & { id: number }>) {
  const { pairs, sentences, flags, corrections } = changes;
  // Compared by content:
  //    versions move on with every undo, so an older change can be undone after a newer one).
  // A pair row whose content the change left as it was (only its version moved: its sentences
  // changed, or it was merely listed) is neither checked nor put back: its content may be a later
  // change's as much as this one's (two corrections of one pair: undoing the first out of order
  // must not undo the status the second also set, nor may the second's undo then find it changed).
  const rewritten = pairs.changed.filter((c) => pairContent(c.b) !== pairContent(c.a));
  const compared = new Set([...pairs.created, ...rewritten.map((c) => c.a)].map((p) => p.id));
  for (const a of [...pairs.created, ...pairs.changed.map((c) => c.a)]) {
    const cur = curPairMap.get(a.id);
    if (!cur) conflict(`pair ${a.id}`);
    if (compared.has(a.id) && pairContent(cur, a) !== pairContent(a)) await throwPairConflict(tx, a.id);
  }
  const flagContent = (f: Omit<Snapshot["flags"][number], "resolvedAt" | "createdAt"> & { resolvedAt: Date | string | null }) =>
    JSON.stringify([
      f.pairId,
      f.category,
      f.severity,
      f.note,
      f.resolved,
      f.resolvedAt ? new Date(f.resolvedAt).toISOString() : null,
      f.resolvedById,
      // a span a correction moved or detached is put back with the correction's undo
      ...(f.spanSentenceId != null ? [f.spanStart, f.spanEnd, f.spanDetached ?? false] : []),
    ]);
  // as with pairs: a flag whose content the change left as it was (a reopen of an open flag) is
  // neither compared nor put back, so its undo does not depend on what happened to the flag since
  const flagsRewritten = flags.changed.filter((c) => flagContent(c.b) !== flagContent(c.a));
  const flagAfter = [...flags.created, ...flagsRewritten.map((c) => c.a)];
  const curFlags = await tx.flag.findMany({ where: { id: { in: flagAfter.map((f) => f.id) } } });
  const curFlagMap = new Map(curFlags.map((f) => [f.id, f]));
  for (const a of flagAfter) {
    // Automatic findings (source "check") are derived data that the checks re-sync after every
    // change (and after the undo): they never block an undo.
    if (a.source === "check") continue;
    const cur = curFlagMap.get(a.id);
    if (!cur || flagContent(cur) !== flagContent(a)) {
      const last = cur
        ? await tx.auditLog.findFirst({
            where: { entityType: "flag", entityId: a.id },
            orderBy: { id: "desc" },
            include: { actor: { select: { name: true } } },
          })
        : null;
      throw new VersionConflictError(
        cur
          ? `Flag ${a.id} was changed by ${last?.actor?.name ?? "someone else"} at ${hhmm(last?.createdAt ?? cur.updatedAt)}; reload to see the change`
          : `Cannot undo: flag ${a.id} has been deleted since`,
        { type: "flag", id: a.id },
      );
    }
  }
  const sentAfter = [...sentences.created, ...sentences.changed.map((c) => c.a)];
  const curSents = await tx.sentence.findMany({ where: { id: { in: sentAfter.map((s) => s.id) } } });
  const curSentMap = new Map(curSents.map((s) => [s.id, s]));
  for (const a of sentAfter) {
    const cur = curSentMap.get(a.id);
    // excluded too: else undoing an exclusion that someone has restored since passes, and undoing
    // their restore then excludes the sentence again
    if (!cur || cur.pairId !== a.pairId || cur.text !== a.text || cur.excluded !== a.excluded) conflict(`sentence ${a.id}`);
  }
  // Which sentences each pair holds must still be as the change left it: a pair's row can look
  // unchanged after another change moved sentences into it (a one-sided pair has no score), and
  // putting the change's sentences back around them would break the pair's run of sentences.
  // Snapshots without sentences (status, flags) come from changes that move none.
  const members = (xs: { id: number; pairId: number | null }[], pairId: number) =>
    xs.filter((s) => s.pairId === pairId).map((s) => s.id).sort((x, y) => x - y).join();
  // A change that moved, made or removed no sentence and no pair (a correction) puts none back,
  // so a later move of its sentences (undone out of order or not) is no conflict for it.
  const structural =
    sentences.created.length > 0 ||
    sentences.deleted.length > 0 ||
    sentences.changed.some((c) => c.b.pairId !== c.a.pairId) ||
    pairs.created.length > 0 ||
    pairs.deleted.length > 0;
  const listed = structural
    ? [...pairs.created, ...pairs.changed.map((c) => c.a)].map((p) => p.id).filter((id) => after.sentences.some((s) => s.pairId === id))
    : [];
  if (listed.length) {
    const now = await tx.sentence.findMany({ where: { pairId: { in: listed } }, select: { id: true, pairId: true } });
    for (const id of listed) if (members(now, id) !== members(after.sentences, id)) conflict(`the set of sentences of pair ${id}`);
  }
  const corrAfter = [...corrections.created, ...corrections.changed.map((c) => c.a)];
  const curCorrs = await tx.correction.findMany({ where: { id: { in: corrAfter.map((c) => c.id) } } });
  for (const a of corrAfter) {
    const cur = curCorrs.find((c) => c.id === a.id);
    if (!cur || (cur.revertedAt?.toISOString() ?? null) !== a.revertedAt || cur.correctedText !== a.correctedText) {
      conflict(`correction ${a.id}`);
    }
  }
  return { flagsRewritten, curFlagMap };
}

/**
 * Puts `before` back over `after`. `prevOf` (the audit meta) names, for each pair the change
 * removed, the pair that came right before it.
 */
export async function restore(
  ctx: Ctx,
  before: Snapshot,
  after: Snapshot,
  prevOf?: Record<string, number | null>,
  nextOf?: Record<string, number | null>,
) {
  const { tx, actor } = ctx;
  const changes = changesOf(before, after);
  const { pairs, sentences, flags, corrections } = changes;
  const curPairs = await currentPairs(tx, ctx.bitextId, pairs.deleted.length > 0, [...before.pairs, ...after.pairs]);
  const curPairMap = new Map(curPairs.map((p) => [p.id, p]));
  // 1. Nothing the change produced has changed since.
  const { flagsRewritten, curFlagMap } = await checkStillAsLeft(tx, changes, after, curPairMap);
  const rewritten = pairs.changed.filter((c) => pairContent(c.b) !== pairContent(c.a));
  // 2. Pair positions. Pairs the change kept stay where they are; each pair it removed goes
  //    back right after the pair that preceded it then (Ctx.dropped, in the audit meta), so the
  //    order comes back even when positions were spread out meanwhile (positionAfter).
  const createdIds = new Set(pairs.created.map((p) => p.id));
  const placed = curPairs.filter((p) => !createdIds.has(p.id)).map((p) => ({ id: p.id, position: p.position }));
  placed.sort((x, y) => x.position - y.position);
  const pairSlots = new Map<number, number>();
  for (const b of [...pairs.deleted].sort((x, y) => x.position - y.position)) {
    // audit rows written before the prevOf meta existed: the pair now before its old position
    const anchor = prevOf && b.id in prevOf ? prevOf[b.id] : ([...placed].reverse().find((p) => p.position < b.position)?.id ?? null);
    let at = anchor === null ? -1 : placed.findIndex((p) => p.id === anchor);
    if (anchor !== null && at < 0) conflict("the order of pairs");
    at = await pastPairsPutBetween(ctx, placed, at, nextOf?.[b.id], before.sentences.filter((s) => s.pairId === b.id).map((s) => s.id));
    const lo = at < 0 ? -1 : placed[at].position;
    let hi = placed[at + 1]?.position;
    if (hi !== undefined && hi - lo < 2) {
      await tx.alignmentPair.updateMany({ where: { bitextId: ctx.bitextId, position: { gt: lo } }, data: { position: { increment: PAIR_GAP } } });
      for (const p of placed) if (p.position > lo) p.position += PAIR_GAP;
      hi += PAIR_GAP;
    }
    const position = positionBetween(lo, hi);
    placed.splice(at + 1, 0, { id: b.id, position });
    pairSlots.set(b.id, position);
  }
  // A change may also have reordered pairs it kept (a re-alignment puts its beads in document
  // order, keeping the pairs whose sentences stay together): the change's pairs get their old
  // order back, on the positions they hold now, so no other pair moves.
  const beforePosition = new Map(before.pairs.map((p) => [p.id, p.position]));
  const own = placed.filter((p) => beforePosition.has(p.id));
  const reordered = new Map<number, number>();
  [...own]
    .sort((x, y) => beforePosition.get(x.id)! - beforePosition.get(y.id)!)
    .forEach((p, i) => {
      if (p.position !== own[i].position) reordered.set(p.id, own[i].position);
    });
  for (const [id, position] of reordered) if (pairSlots.has(id)) pairSlots.set(id, position);
  const newVersion = (id: number) => (curPairMap.get(id)?.version ?? 0) + 1;
  for (const b of pairs.deleted) {
    await tx.alignmentPair.create({
      data: {
        id: b.id,
        bitextId: b.bitextId,
        position: pairSlots.get(b.id)!,
        score: b.score,
        scoreDetails: jsonOrNull(b.scoreDetails),
        confidence: b.confidence ?? null,
        origin: b.origin,
        status: b.status,
        crossing: b.crossing,
        version: b.version + 1,
        // an undo changes status and structure: older status or structural changes collide with it
        statusAt: b.version + 1,
        structureAt: b.version + 1,
        updatedById: actor.id,
        createdAt: new Date(b.createdAt),
      },
    });
  }
  const contentOf = new Set(rewritten.map((c) => c.b.id));
  // Pairs whose change was their status alone (a bulk status change: thousands of them) are put
  // back with one statement per (status, version) instead of one each.
  const statusOnly = await restoreStatusOnly(ctx, pairs.changed, curPairMap);
  for (const { b } of pairs.changed) {
    if (statusOnly.has(b.id)) continue;
    const r = await tx.alignmentPair.updateMany({
      where: { id: b.id, version: curPairMap.get(b.id)!.version },
      data: {
        ...(contentOf.has(b.id)
          ? {
              score: b.score,
              ...("scoreDetails" in b ? { scoreDetails: jsonOrNull(b.scoreDetails) } : {}),
              confidence: b.confidence ?? null,
              origin: b.origin,
              status: b.status,
              crossing: b.crossing,
            }
          : {}),
        version: newVersion(b.id),
        statusAt: newVersion(b.id),
        structureAt: newVersion(b.id),
        updatedById: actor.id,
      },
    });
    if (r.count !== 1) await throwPairConflict(tx, b.id);
  }
  for (const [id, position] of reordered) if (!pairSlots.has(id)) await tx.alignmentPair.update({ where: { id }, data: { position } });

  // 3. Sentences, per document.
  const docIds = new Set([...before.sentences, ...after.sentences].map((s) => s.documentId));
  for (const documentId of docIds) {
    const inDoc = <T extends { documentId: number }>(xs: T[]) => xs.filter((x) => x.documentId === documentId);
    const createdS = inDoc(sentences.created);
    const deletedS = inDoc(sentences.deleted);
    const changedS = sentences.changed.filter((c) => c.b.documentId === documentId);
    const touchedAfter = [...createdS, ...changedS.map((c) => c.a)];
    if (!touchedAfter.length && !deletedS.length) continue;
    const cur = await tx.sentence.findMany({ where: { documentId }, select: { id: true, position: true }, orderBy: { position: "asc" } });
    const curMap = new Map(cur.map((s) => [s.id, s]));
    const d = shiftOf(touchedAfter, curMap, "the document's sentences");
    const slots = new Map([...deletedS, ...changedS.map((c) => c.b)].map((s) => [s.id, s.position + d]));
    const touched = new Set(touchedAfter.map((s) => s.id));
    const moves = plan(cur, touched, slots, "the document's sentences");
    // park touched sentences at distinct small negative positions, drop created ones
    let park = -1;
    for (const s of touchedAfter) await tx.sentence.update({ where: { id: s.id }, data: { position: park-- } });
    if (createdS.length) await tx.sentence.deleteMany({ where: { id: { in: createdS.map((s) => s.id) } } });
    await renumber(
      (range, increment) => tx.sentence.updateMany({ where: { documentId, position: range }, data: { position: { increment } } }),
      moves,
    );
    for (const b of deletedS) {
      await tx.sentence.create({ data: { ...b, position: slots.get(b.id)! } });
    }
    for (const { b } of changedS) {
      const { id, ...data } = b;
      await tx.sentence.update({ where: { id }, data: { ...data, position: slots.get(id)! } });
    }
  }

  // 4. Corrections and flags.
  if (corrections.created.length) {
    await tx.correction.deleteMany({ where: { id: { in: corrections.created.map((c) => c.id) } } });
  }
  for (const b of corrections.deleted) {
    await tx.correction.create({
      data: { ...b, createdAt: new Date(b.createdAt), revertedAt: b.revertedAt ? new Date(b.revertedAt) : null },
    });
  }
  for (const { b } of corrections.changed) {
    const { id, ...data } = b;
    await tx.correction.update({
      where: { id },
      data: { ...data, createdAt: new Date(b.createdAt), revertedAt: b.revertedAt ? new Date(b.revertedAt) : null },
    });
  }
  if (flags.created.length) await tx.flag.deleteMany({ where: { id: { in: flags.created.map((f) => f.id) } } });
  const flagData = (b: Snapshot["flags"][number]): Prisma.FlagUncheckedCreateInput => ({
    ...b,
    resolvedAt: b.resolvedAt ? new Date(b.resolvedAt) : null,
    createdAt: new Date(b.createdAt),
    version: b.version + 1,
  });
  for (const b of flags.deleted) await tx.flag.create({ data: flagData(b) });
  for (const { b, a } of flagsRewritten) {
    const { id, ...data } = flagData(b);
    const cur = curFlagMap.get(a.id);
    // only an automatic finding can be gone here (re-synced away): put it back, the checks re-sync it
    if (!cur) await tx.flag.create({ data: flagData(b) });
    else await tx.flag.update({ where: { id: id! }, data: { ...data, version: cur.version + 1 } });
  }

  // 5. Pairs the change created are empty now.
  const gone = pairs.created.map((p) => p.id);
  if (gone.length) {
    const left = await tx.sentence.count({ where: { pairId: { in: gone } } });
    if (left) conflict("the pairs the change created");
    await tx.alignmentPair.deleteMany({ where: { id: { in: gone } } });
  }
  if (!(await tx.alignmentPair.findFirst({ where: { bitextId: ctx.bitextId } }))) {
    throw new NotFoundError("Undo would leave the document pair without pairs");
  }
}

// Bulk actions over the pairs matching the review page's filter: set a status (confirm), exclude
// every sentence, or add the same flag. First a preview (how many, which, and the version of each
// pair as read); then the change, in one transaction with one audit row, so one undo restores
// every pair exactly.
//
// Versions: the change applies only to the previewed pairs that still match the filter and whose
// version is still the one the preview read. A pair changed by anyone in between (a status, a
// flag, a correction, a split…) is skipped and reported, never overwritten: the editor approved
// what the preview showed, not what the pair became. Pairs that match now but were not previewed
// are left alone too.
//
// Cost: the filter is resolved before any transaction (a read); then chunks of BULK_CHUNK pairs,
// each one transaction: one read of the pairs (versions), statements grouped by version
// (updateMany … where version = v), one read for each snapshot (score parts left out: they are
// 1 kB a pair and no bulk action changes them) and one audit row. The chunks share a group id and
// undo as one. Measured in bulk.test.ts (1,000 and 10,000 pairs).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Prisma } from "../../../generated/prisma/client";
import type { Db } from "../client";
import { flagFieldsSchema } from "../../review/schema";
import { PAIR_STATUSES } from "../vocabulary";
import {
  NotFoundError,
  ValidationError,
  checkActor,
  currentText,
  inTx,
  loadCtx,
  takeSnapshot,
  writeAudit,
  type Actor,
  type Ctx,
  type SnapshotPart,
} from "./core";
import { defaultScore } from "./ops";
import { getPairIndex, pairFilterSchema, type PairFilter } from "./view";

export const bulkActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("status"), status: z.enum(PAIR_STATUSES) }),
  z.object({ type: z.literal("exclude") }),
  z.object({ type: z.literal("flag"), category: flagFieldsSchema.category, severity: flagFieldsSchema.severity, note: flagFieldsSchema.note.default("") }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export const bulkPreviewSchema = z.object({ filter: pairFilterSchema, action: bulkActionSchema });
export const bulkApplySchema = bulkPreviewSchema.extend({
  /** pairId -> version, as the preview answered them: only these pairs change */
  expectedVersions: z.record(z.string().regex(/^\d+$/, "keys must be pair ids"), z.number().int().positive()),
});
/** What the page sends: its filter as it sends it for the index (every field optional), and the action. */
export type BulkPreviewInput = { filter: Partial<z.input<typeof pairFilterSchema>>; action: z.input<typeof bulkActionSchema> };
export type BulkApplyInput = BulkPreviewInput & { expectedVersions: Record<string, number> };

export interface BulkSample {
  pairId: number;
  /** 1-based number in reading order, as the review page shows it */
  number: number;
  status: string;
  en: string;
  zh: string;
}

export interface BulkPreview {
  /** pairs matching the filter */
  matching: number;
  /** of those, the pairs the action would change */
  count: number;
  /** matching pairs it would leave alone (already in that state, or excluded clutter) */
  unchanged: number;
  /** the first SAMPLE_SIZE pairs it would change, in the filter's order */
  sample: BulkSample[];
  /** pairId -> version for every pair it would change: send them back with the change */
  expectedVersions: Record<string, number>;
}

export interface BulkResult {
  /** the last audit row written (null: nothing changed) */
  auditId: number | null;
  /** every audit row of the action (one per chunk of BULK_CHUNK pairs; one undo takes back all) */
  auditIds: number[];
  /** set when a chunk failed after earlier ones were stored */
  error?: string;
  /** pairs changed */
  changed: number[];
  /** previewed pairs left alone, with why */
  skipped: { pairId: number; reason: "changed-since-preview" | "no-longer-matches" | "gone" }[];
}

export const SAMPLE_SIZE = 20;
const snippet = (t: string, n = 80) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

type Candidate = { id: number; version: number; status: string; live: number; flagged: boolean };

/** Whether the action would change this pair (a pair of excluded clutter only is never touched). */
function wouldChange(action: BulkAction, p: Candidate): boolean {
  if (p.live === 0) return false;
  if (action.type === "status") return p.status !== action.status;
  return true;
}

async function candidates(db: Db | Ctx["tx"], ids: number[]): Promise<Map<number, Candidate>> {
  const rows = await db.alignmentPair.findMany({
    where: { id: { in: ids } },
    select: { id: true, version: true, status: true, sentences: { select: { excluded: true } } },
  });
  return new Map(
    rows.map((r) => [r.id, { id: r.id, version: r.version, status: r.status, live: r.sentences.filter((s) => !s.excluded).length, flagged: r.status === "flagged" }]),
  );
}

/** What a bulk action would do to the pairs matching the filter. */
export async function previewBulk(db: Db, bitextId: number, input: BulkPreviewInput): Promise<BulkPreview> {
  const { filter, action } = parseOr400(bulkPreviewSchema, input);
  const index = await getPairIndex(db, bitextId, filter);
  const byId = await candidates(db, index.ids);
  const eligible = index.ids.map((id) => byId.get(id)).filter((p): p is Candidate => !!p && wouldChange(action, p));
  const number = new Map(index.order.map((id, i) => [id, i + 1]));
  const first = eligible.slice(0, SAMPLE_SIZE).map((p) => p.id);
  const texts = await db.sentence.findMany({
    where: { pairId: { in: first }, excluded: false },
    orderBy: { position: "asc" },
    select: { pairId: true, text: true, document: { select: { lang: true } }, corrections: true },
  });
  const side = (pairId: number, lang: string) =>
    snippet(texts.filter((s) => s.pairId === pairId && s.document.lang === lang).map((s) => currentText(s)).join(lang === "en" ? " " : ""));
  return {
    matching: index.ids.length,
    count: eligible.length,
    unchanged: index.ids.length - eligible.length,
    sample: first.map((id) => ({ pairId: id, number: number.get(id)!, status: byId.get(id)!.status, en: side(id, "en"), zh: side(id, "zh") })),
    expectedVersions: Object.fromEntries(eligible.map((p) => [String(p.id), p.version])),
  };
}

function parseOr400<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(`Invalid bulk action: ${r.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
  return r.data;
}

/** Pairs per transaction: SQLite's write lock is held for one chunk at a time (measured in bulk.test.ts). */
export const BULK_CHUNK = 1000;

/**
 * Applies a previewed bulk action in chunks of BULK_CHUNK pairs, one transaction and one audit
 * row each, all rows of one action sharing a group id: one undo restores the whole group
 * (undo.ts), so the editor sees one action and one undo while other editors' changes get the
 * write lock between chunks. A chunk that fails stops the action; the chunks before it stay
 * (answered with `error`) and undo as one.
 */
export async function applyBulk(db: Db, actor: Actor, bitextId: number, input: BulkApplyInput): Promise<BulkResult> {
  checkActor(actor);
  const { filter, action, expectedVersions } = parseOr400(bulkApplySchema, input);
  const wanted = Object.entries(expectedVersions).map(([id, v]) => ({ id: Number(id), version: v }));
  if (!wanted.length) throw new ValidationError("Nothing to change: the preview listed no pairs");
  // an exclusion's audit row holds every sentence of its pairs (and their corrections)
  const max = action.type === "exclude" ? 5_000 : 20_000;
  if (wanted.length > max) throw new ValidationError(`At most ${max.toLocaleString("en")} pairs in one bulk ${action.type === "exclude" ? "exclusion" : "action"}: narrow the filter`);
  // resolved outside the transactions (a read of the whole document pair); the version check
  // inside catches every change made after it
  const matching = new Set((await getPairIndex(db, bitextId, filter)).ids);
  const group = randomUUID();
  const parts = Math.ceil(wanted.length / BULK_CHUNK);
  const result: BulkResult = { auditId: null, auditIds: [], changed: [], skipped: [] };
  for (let k = 0; k < parts; k++) {
    const meta = { action, filter: compactFilter(filter), group, part: k + 1, parts };
    try {
      const r = await inTx(db, (tx) => applyChunk(tx, actor, bitextId, action, wanted.slice(k * BULK_CHUNK, (k + 1) * BULK_CHUNK), matching, meta), 60_000);
      result.changed.push(...r.changed);
      result.skipped.push(...r.skipped);
      if (r.auditId !== null) result.auditIds.push((result.auditId = r.auditId));
    } catch (err) {
      if (k === 0) throw err;
      result.error = `Stopped after ${result.changed.length.toLocaleString("en")} pairs: ${(err as Error).message}. Undo takes back what was done.`;
      break;
    }
  }
  return result;
}

async function applyChunk(
  tx: Ctx["tx"],
  actor: Actor,
  bitextId: number,
  action: BulkAction,
  wanted: { id: number; version: number }[],
  matching: Set<number>,
  meta: Record<string, unknown>,
): Promise<{ auditId: number | null; changed: number[]; skipped: BulkResult["skipped"] }> {
  const ctx = await loadCtx(tx, actor, bitextId, defaultScore, "exclusive");
  const now = await candidates(tx, wanted.map((w) => w.id));
  const skipped: BulkResult["skipped"] = [];
  const targets: Candidate[] = [];
  for (const w of wanted) {
    const cur = now.get(w.id);
    if (!cur) skipped.push({ pairId: w.id, reason: "gone" });
    else if (cur.version !== w.version) skipped.push({ pairId: w.id, reason: "changed-since-preview" });
    else if (!matching.has(w.id) || !wouldChange(action, cur)) skipped.push({ pairId: w.id, reason: "no-longer-matches" });
    else targets.push(cur);
  }
  if (!targets.length) return { auditId: null, changed: [], skipped };
  const ids = targets.map((t) => t.id);
  const skip: SnapshotPart[] = action.type === "exclude" ? ["flags"] : action.type === "flag" ? ["sentences"] : ["sentences", "flags"];
  // no action here changes a pair's score: its score parts stay out of the audit row
  const before = await takeSnapshot(tx, ids, [], undefined, skip, true);
  await applyAction(ctx, action, targets);
  const after = await takeSnapshot(tx, ids, [], { from: before, parts: skip }, [], true);
  const auditId = await writeAudit(ctx, "bitext", bitextId, `bulk.${action.type}`, before, after, { ...meta, count: ids.length });
  return { auditId, changed: ids, skipped };
}

const compactFilter = (f: PairFilter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== false && v !== ""));

/**
 * Claims every target pair (version + 1, the actor; statusAt for a status change, as a one-pair
 * status change records it) with one statement per distinct version, then makes the change.
 */
async function applyAction(ctx: Ctx, action: BulkAction, targets: Candidate[]) {
  const byVersion = new Map<number, number[]>();
  for (const t of targets) {
    const list = byVersion.get(t.version);
    if (list) list.push(t.id);
    else byVersion.set(t.version, [t.id]);
  }
  const extra: Prisma.AlignmentPairUpdateManyMutationInput =
    action.type === "status" ? { status: action.status } : action.type === "flag" ? { status: "flagged" } : {};
  for (const [version, ids] of byVersion) {
    for (const chunk of chunks(ids, 500)) {
      const r = await ctx.tx.alignmentPair.updateMany({
        where: { id: { in: chunk }, version },
        data: { ...extra, version: version + 1, updatedById: ctx.actor.id, ...(action.type === "status" ? { statusAt: version + 1 } : {}) },
      });
      if (r.count !== chunk.length) throw new NotFoundError("Some pairs changed while the bulk action ran; nothing was changed: preview again");
    }
  }
  const ids = targets.map((t) => t.id);
  if (action.type === "flag") {
    for (const chunk of chunks(ids, 500)) {
      await ctx.tx.flag.createMany({
        data: chunk.map((pairId) => ({ pairId, category: action.category, severity: action.severity, note: action.note, source: "editor", authorId: ctx.actor.id })),
      });
    }
  } else if (action.type === "exclude") {
    for (const chunk of chunks(ids, 500)) {
      await ctx.tx.sentence.updateMany({ where: { pairId: { in: chunk }, excluded: false }, data: { excluded: true, excludedReason: "marked by an editor (bulk)" } });
    }
  }
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

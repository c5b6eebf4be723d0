// Automatic QA checks on a document pair, stored as flags with source "check". They are
// kept apart from editors' flags and never touch them; a dismissed finding (resolved)
// stays dismissed when the checks run again, because findings are matched by checkKey.
import type { Db } from "./client";
import { bitextShape, currentText } from "./review/core";
import { buildDocContext, runChecks, type DocContext, type GlossaryEntry, type QaIssue, type QaLang, type QaOptions, type QaPairInput } from "../qa";
import { LRUCache } from "lru-cache";

/**
 * Where the CPU work of the checks runs. In-process by default; the job worker runs it in a
 * thread (lib/jobs/align-thread.ts), because on a long document it takes minutes and would
 * otherwise stop the worker's heartbeat, so its job would be taken for orphaned.
 */
export interface CheckRunner {
  buildDocContext: (pairs: QaPairInput[], opts: { sourceLang?: QaLang }) => DocContext | Promise<DocContext>;
  runChecks: (pairs: QaPairInput[], opts: QaOptions) => QaIssue[][] | Promise<QaIssue[][]>;
}

/**
 * Document contexts are distributions over the whole document; a slightly stale one is fine for
 * re-checking edits (edits change a pair or two of thousands; a re-alignment in this process
 * forgets it at once, one in the job worker re-runs every check with a fresh one there).
 * Rebuilding one is synchronous work of seconds on a long document (3–6 s for 10,000 pairs)
 * that stalls this process's other requests, so it is done at most once an hour.
 */
const contextCache = new LRUCache<number, { at: number; context: DocContext }>({ max: 16 });
const CONTEXT_TTL_MS = 60 * 60_000;
/**
 * Builds for re-checks in progress, one per bitext: building reads every pair of the document
 * (seconds on a long one), so the edits that arrive meanwhile wait for that one build instead
 * of each starting its own. The generation makes a build that a re-alignment made obsolete
 * leave the cache alone.
 */
const contextBuilds = new Map<number, { generation: number; context: Promise<DocContext> }>();
const contextGenerations = new Map<number, number>();

interface CheckedPair {
  id: number;
  input: { en: string[]; zh: string[] };
}

async function loadPairs(db: Db, bitextId: number, pairIds?: number[]): Promise<CheckedPair[]> {
  if (!pairIds) {
    // The whole document pair, a slice at a time: one read with its relations binds every pair
    // id as a parameter, past SQLite's limit on a long document (111,111 pairs).
    const ids = await db.alignmentPair.findMany({ where: { bitextId }, orderBy: { position: "asc" }, select: { id: true } });
    return loadPairs(db, bitextId, ids.map((p) => p.id));
  }
  if (pairIds.length > CHUNK) {
    const parts: CheckedPair[] = [];
    for (let i = 0; i < pairIds.length; i += CHUNK) parts.push(...(await loadPairs(db, bitextId, pairIds.slice(i, i + CHUNK))));
    return parts;
  }
  const rows = await db.alignmentPair.findMany({
    where: { bitextId, id: { in: pairIds } },
    orderBy: { position: "asc" },
    include: {
      sentences: { orderBy: { position: "asc" }, include: { corrections: true, document: { select: { lang: true } } } },
    },
  });
  return rows.map((p) => {
    const side = (lang: string) => p.sentences.filter((s) => s.document.lang === lang && !s.excluded).map((s) => currentText(s));
    return { id: p.id, input: { en: side("en"), zh: side("zh") } };
  });
}

async function glossaryOf(db: Db, bitextId: number): Promise<GlossaryEntry[]> {
  const { projectId } = await bitextShape(db, bitextId);
  const terms = await db.glossaryTerm.findMany({ where: { projectId } });
  const alternatives = (s: string) => s.split("|").map((x) => x.trim()).filter(Boolean);
  return terms.map((t) => ({ en: alternatives(t.en), zh: alternatives(t.zh), note: t.note, line: 0 }));
}

/**
 * The whole-document checks hold every pair's analysis at once: about 15 kB a pair at their
 * peak (the Bible's 30,000 pairs: 1 GB; a 111,111-pair import: 2.1 GB). Above this many pairs
 * they are refused before any work, and an edit's re-check goes without the document's
 * statistics (it compares the pair with the pairs re-checked only).
 */
export const MAX_CHECKED_PAIRS = 50_000;

export class ChecksTooLongError extends Error {
  override name = "ChecksTooLongError";
}

/** Whether the document pair is small enough for the whole-document checks; for a full run, a clear error if not. */
async function withinCheckBudget(db: Db, bitextId: number, fullRun: boolean, max = MAX_CHECKED_PAIRS): Promise<boolean> {
  const pairs = await db.alignmentPair.count({ where: { bitextId } });
  if (pairs <= max) return true;
  if (!fullRun) return false;
  const n = (x: number) => x.toLocaleString("en-US");
  throw new ChecksTooLongError(
    `The automatic checks take at most ${n(max)} pairs at once and this document pair has ${n(pairs)}: review it without them, or import it as several smaller document pairs`,
  );
}

/**
 * Runs the checks over the whole document pair (after alignment) or re-checks some
 * pairs (after an edit), and brings the automatic flags of those pairs up to date.
 */
export async function runBitextChecks(db: Db, bitextId: number, opts: { pairIds?: number[]; runner?: CheckRunner; maxPairs?: number } = {}) {
  const glossary = await glossaryOf(db, bitextId);
  const withContext = await withinCheckBudget(db, bitextId, !opts.pairIds, opts.maxPairs);
  let context: DocContext | undefined;
  const cached = contextCache.get(bitextId);
  if (opts.pairIds && cached && Date.now() - cached.at < CONTEXT_TTL_MS) context = cached.context;
  if (!context && opts.pairIds && withContext) {
    // An edit's re-check: an expired context serves while its successor is built (once).
    const build = sharedContextBuild(db, bitextId, opts.runner);
    if (cached) build.catch((err) => console.error(`refreshing the check context of bitext ${bitextId} failed:`, err));
    context = cached ? cached.context : await build;
  }
  if (!context && !opts.pairIds) {
    const all = await loadPairs(db, bitextId);
    context = await (opts.runner?.buildDocContext ?? buildDocContext)(
      all.map((p) => p.input),
      { sourceLang: "zh" },
    );
    contextCache.set(bitextId, { at: Date.now(), context });
  }
  const pairs = (await loadPairs(db, bitextId, opts.pairIds)).filter((p) => p.input.en.length + p.input.zh.length > 0);
  const issues = await (opts.runner?.runChecks ?? runChecks)(
    pairs.map((p) => p.input),
    { glossary, context, sourceLang: "zh" },
  );
  return syncCheckFlags(
    db,
    pairs.map((p, i) => ({ pairId: p.id, issues: issues[i] })),
  );
}

/** Pairs per query: keeps "IN (…)" lists far below the databases' parameter limits. */
const CHUNK = 400;

async function syncCheckFlags(db: Db, results: { pairId: number; issues: QaIssue[] }[]) {
  let created = 0;
  let removed = 0;
  for (let i = 0; i < results.length; i += CHUNK) {
    const chunk = results.slice(i, i + CHUNK);
    const existingOf = (tx: Pick<Db, "flag">) => tx.flag.findMany({ where: { pairId: { in: chunk.map((r) => r.pairId) }, source: "check" } });
    // Most edits leave the findings as they were: then no write transaction (on SQLite, no
    // second turn at the database's one write lock after the edit's own).
    const unchanged = planCheckFlags(chunk, await existingOf(db));
    if (!unchanged.stale.length && !unchanged.fresh.length) continue;
    await db.$transaction(
      async (tx) => {
        const { stale, fresh } = planCheckFlags(chunk, await existingOf(tx));
        if (stale.length) removed += (await tx.flag.deleteMany({ where: { id: { in: stale } } })).count;
        if (fresh.length) created += (await tx.flag.createMany({ data: fresh as never })).count;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  return { created, removed };
}

/** Which stored findings no longer hold (stale) and which new ones to store (fresh). */
function planCheckFlags(
  chunk: { pairId: number; issues: QaIssue[] }[],
  existing: { id: number; pairId: number; resolved: boolean; checkKey: string | null }[],
) {
  const byPair = new Map<number, typeof existing>();
  for (const f of existing) byPair.set(f.pairId, [...(byPair.get(f.pairId) ?? []), f]);
  const stale: number[] = [];
  const fresh: object[] = [];
  for (const { pairId, issues } of chunk) {
    const have = byPair.get(pairId) ?? [];
    const keys = new Set(issues.map((x) => x.key));
    // Open findings that no longer hold go away; dismissed ones are kept as the record of the dismissal.
    for (const f of have) if (!f.resolved && !keys.has(f.checkKey ?? "")) stale.push(f.id);
    const known = new Set(have.map((f) => f.checkKey));
    for (const x of issues) {
      if (known.has(x.key)) continue;
      known.add(x.key);
      fresh.push({
        pairId,
        category: x.category,
        severity: x.severity,
        note: x.message,
        source: "check",
        checkId: x.checkId,
        checkKey: x.key,
        evidence: x.evidence as object,
      });
    }
  }
  return { stale, fresh };
}

export async function dismissCheckFlag(db: Db, flagId: number, actorId: number | null) {
  const flag = await db.flag.findUnique({ where: { id: flagId } });
  if (!flag || flag.source !== "check") return null;
  return db.flag.update({
    where: { id: flagId },
    data: { resolved: true, resolvedAt: new Date(), resolvedById: actorId, version: { increment: 1 } },
  });
}

function sharedContextBuild(db: Db, bitextId: number, runner?: CheckRunner): Promise<DocContext> {
  const running = contextBuilds.get(bitextId);
  const generation = contextGenerations.get(bitextId) ?? 0;
  if (running && running.generation === generation) return running.context;
  const context = (async () => {
    const all = await loadPairs(db, bitextId);
    return (runner?.buildDocContext ?? buildDocContext)(
      all.map((p) => p.input),
      { sourceLang: "zh" },
    );
  })();
  const entry = { generation, context };
  contextBuilds.set(bitextId, entry);
  context
    .then((built) => {
      if (generation === (contextGenerations.get(bitextId) ?? 0)) contextCache.set(bitextId, { at: Date.now(), context: built });
    })
    .catch(() => undefined)
    .finally(() => {
      if (contextBuilds.get(bitextId) === entry) contextBuilds.delete(bitextId);
    });
  return context;
}

/** Forgets cached document statistics (after re-alignment). */
export function invalidateCheckContext(bitextId: number) {
  contextCache.delete(bitextId);
  contextBuilds.delete(bitextId);
  contextGenerations.set(bitextId, (contextGenerations.get(bitextId) ?? 0) + 1);
}

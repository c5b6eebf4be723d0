// Read model for the review page: the bitext header, a filtered/sorted index of pair ids
// with a summary and a score histogram, and full rows for a window of pairs. No writes.
import { z } from "zod";
import type { Db } from "../client";
import { activeCorrection, bitextShape, currentText, userNames } from "./core";
import { FLAG_CATEGORIES, FLAG_SEVERITIES, PAIR_STATUSES } from "../vocabulary";
import { byAttention, type TriageFacts } from "../../review/triage";
import { SEARCH_LANGS } from "../../review/schema";
import { searchSentences } from "./search";

/** Automatic QA findings are flags with this source; editors' flags have source "editor". */
export const CHECK_SOURCE = "check";
const isCheck = (f: { source: string }) => f.source === CHECK_SOURCE;

// ---------------------------------------------------------------------------
// Header

export async function getReviewHeader(db: Db, bitextId: number) {
  const b = await db.bitext.findUnique({
    where: { id: bitextId },
    include: {
      project: { select: { id: true, name: true } },
      documents: { select: { id: true, lang: true, title: true, _count: { select: { sentences: true } } } },
    },
  });
  if (!b) return null;
  const doc = (lang: string) => b.documents.find((d) => d.lang === lang);
  return {
    id: b.id,
    title: b.title,
    status: b.status,
    statusMessage: b.statusMessage,
    alignedMode: b.alignedMode,
    requestedMode: b.requestedMode,
    project: b.project,
    enTitle: doc("en")?.title ?? null,
    zhTitle: doc("zh")?.title ?? null,
    sentences: (doc("en")?._count.sentences ?? 0) + (doc("zh")?._count.sentences ?? 0),
  };
}
export type ReviewHeader = NonNullable<Awaited<ReturnType<typeof getReviewHeader>>>;

/** Sentences of both documents of a bitext (to decide whether re-aligning fits in a request). */
export async function countBitextSentences(db: Db, bitextId: number): Promise<number> {
  return db.sentence.count({ where: { document: { bitextId } } });
}

// ---------------------------------------------------------------------------
// Index: filter, sort, summary, histogram

const flagOrAll = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" || v === "all" ? undefined : v), z.enum(values).optional());
const optNumber = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().min(0).max(100).optional());
const optBool = z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean());

/**
 * Sort orders of the review list; the confidence ones put pairs without a confidence last.
 * "attention" (needs attention first, lib/review/triage.ts) is the review page's default.
 */
export const PAIR_SORTS = ["attention", "position", "score-asc", "score-desc", "confidence-asc", "confidence-desc"] as const;
export type PairSort = (typeof PAIR_SORTS)[number];

export const pairFilterSchema = z.object({
  minScore: optNumber,
  maxScore: optNumber,
  /**
   * Confidence bounds in percent (0–100, like the score bounds and the "conf 34%" badges);
   * stored confidences are probabilities (0–1). Pairs without a confidence never match a bound.
   */
  minConfidence: optNumber,
  maxConfidence: optNumber,
  status: flagOrAll(PAIR_STATUSES),
  category: flagOrAll(FLAG_CATEGORIES),
  severity: flagOrAll(FLAG_SEVERITIES),
  q: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().max(200).optional()),
  /** search options (lib/text/search.ts): case-sensitive, whole word, regular expression, which language */
  qCase: optBool,
  qWord: optBool,
  qRegex: optBool,
  qLang: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(SEARCH_LANGS).default("both")),
  gaps: optBool,
  crossing: optBool,
  /** automatic findings: "any" open finding, "none" (no open finding), a flag category ("number") or a check id ("number.counted") */
  check: z.preprocess(
    (v) => (v === "" || v === "all" ? undefined : v),
    z
      .string()
      .regex(/^(any|none|[a-z]+(\.[a-z]+)?)$/, "check must be any, none, a category or a check id")
      .optional(),
  ),
  sort: z.preprocess((v) => (v === "" ? undefined : v), z.enum(PAIR_SORTS).default("position")),
});
export type PairFilter = z.infer<typeof pairFilterSchema>;

export interface ReviewSummary {
  pairs: number;
  scored: number;
  enOnly: number;
  zhOnly: number;
  clutter: number;
  crossing: number;
  byStatus: Record<string, number>;
  reviewed: number;
  /** reviewed share of the pairs that are not clutter, 0–100 */
  reviewedPct: number;
  /** editors' open flags by severity (automatic findings are counted apart, in checkFindings) */
  openFlags: { minor: number; major: number; critical: number };
  /** editors' resolved flags */
  resolvedFlags: number;
  /** automatic findings (source "check"): open ones by severity and by check id, and how many were dismissed */
  checkFindings: { minor: number; major: number; critical: number; dismissed: number; pairs: number; byCheck: Record<string, number> };
  meanScore: number | null;
  /** pairs with an aligner's confidence (not clutter, not edited by hand, not imported without one) */
  withConfidence: number;
  /** their mean confidence, 0–1 (null: none has one) */
  meanConfidence: number | null;
  bands: { high: number; mid: number; low: number; gap: number };
  /** 20 bins of 5 points: [0,5), [5,10) … [95,100] */
  histogram: number[];
}

export interface PairIndex {
  /** every pair id in reading order (position = index) */
  order: number[];
  /** the pairs matching the filter, in the requested order */
  ids: number[];
  /** the pairs that are excluded web clutter only (every sentence excluded), in reading order */
  clutter: number[];
  /** the pairs still to review (status "automatic", not clutter), in reading order: "next unreviewed" */
  unreviewed: number[];
  /** the pairs with an open automatic finding, in reading order: "next finding" */
  findings: number[];
  summary: ReviewSummary;
}

export function band(score: number | null): "high" | "mid" | "low" | "gap" {
  if (score === null) return "gap";
  if (score >= 70) return "high";
  if (score >= 40) return "mid";
  return "low";
}

export async function getPairIndex(db: Db, bitextId: number, filter: PairFilter): Promise<PairIndex> {
  const [pairs, docs] = await Promise.all([
    db.alignmentPair.findMany({
      where: { bitextId },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: {
        id: true,
        score: true,
        confidence: true,
        status: true,
        crossing: true,
        flags: { select: { category: true, severity: true, resolved: true, source: true, checkId: true } },
      },
    }),
    db.document.findMany({ where: { bitextId }, select: { id: true, lang: true } }),
  ]);
  const enDoc = docs.find((d) => d.lang === "en")?.id ?? -1;
  const sentences = await db.sentence.findMany({
    where: { documentId: { in: docs.map((d) => d.id) } },
    select: { pairId: true, documentId: true, excluded: true },
  });
  const shape = new Map<number, { en: number; zh: number; live: number }>();
  for (const s of sentences) {
    if (s.pairId === null) continue;
    const c = shape.get(s.pairId) ?? { en: 0, zh: 0, live: 0 };
    if (s.documentId === enDoc) c.en++;
    else c.zh++;
    if (!s.excluded) c.live++;
    shape.set(s.pairId, c);
  }

  // the search runs over the current texts in process (lib/text/search.ts), the same on SQLite
  // and PostgreSQL: case-insensitive substring by default, with the editor's options
  const textHits = filter.q
    ? new Set(
        (await searchSentences(db, bitextId, { q: filter.q, caseSensitive: filter.qCase, wholeWord: filter.qWord, regex: filter.qRegex, lang: filter.qLang })).map(
          (h) => h.pairId,
        ),
      )
    : null;

  const summary: ReviewSummary = {
    pairs: pairs.length,
    scored: 0,
    enOnly: 0,
    zhOnly: 0,
    clutter: 0,
    crossing: 0,
    byStatus: Object.fromEntries(PAIR_STATUSES.map((s) => [s, 0])),
    reviewed: 0,
    reviewedPct: 0,
    openFlags: { minor: 0, major: 0, critical: 0 },
    resolvedFlags: 0,
    checkFindings: { minor: 0, major: 0, critical: 0, dismissed: 0, pairs: 0, byCheck: {} },
    meanScore: null,
    withConfidence: 0,
    meanConfidence: null,
    bands: { high: 0, mid: 0, low: 0, gap: 0 },
    histogram: Array.from({ length: 20 }, () => 0),
  };
  let scoreSum = 0;
  let confidenceSum = 0;
  const matches: (TriageFacts & { id: number })[] = [];
  const clutterIds: number[] = [];
  const unreviewed: number[] = [];
  const withFindings: number[] = [];
  const minConfidence = filter.minConfidence === undefined ? undefined : filter.minConfidence / 100;
  const maxConfidence = filter.maxConfidence === undefined ? undefined : filter.maxConfidence / 100;
  pairs.forEach((p, position) => {
    const sh = shape.get(p.id) ?? { en: 0, zh: 0, live: 0 };
    const clutter = sh.live === 0;
    const gap = !clutter && (sh.en === 0 || sh.zh === 0);
    // summary (whole document pair)
    if (clutter) {
      summary.clutter++;
      clutterIds.push(p.id);
    }
    else {
      if (sh.zh === 0) summary.enOnly++;
      if (sh.en === 0) summary.zhOnly++;
      if (p.status !== "automatic") summary.reviewed++;
      else unreviewed.push(p.id);
    }
    if (p.crossing) summary.crossing++;
    summary.byStatus[p.status] = (summary.byStatus[p.status] ?? 0) + 1;
    let openFindings = 0;
    let openFlags = 0;
    for (const f of p.flags) {
      if (isCheck(f)) {
        const c = summary.checkFindings;
        if (f.resolved) c.dismissed++;
        else {
          openFindings++;
          if (f.severity === "minor" || f.severity === "major" || f.severity === "critical") c[f.severity]++;
          const id = f.checkId ?? "other";
          c.byCheck[id] = (c.byCheck[id] ?? 0) + 1;
        }
      } else if (f.resolved) summary.resolvedFlags++;
      else {
        openFlags++;
        if (f.severity in summary.openFlags) summary.openFlags[f.severity as keyof ReviewSummary["openFlags"]]++;
      }
    }
    if (openFindings) {
      summary.checkFindings.pairs++;
      withFindings.push(p.id);
    }
    summary.bands[band(p.score)]++;
    if (p.score !== null) {
      summary.scored++;
      scoreSum += p.score;
      summary.histogram[Math.min(19, Math.max(0, Math.floor(p.score / 5)))]++;
    }
    if (p.confidence !== null) {
      summary.withConfidence++;
      confidenceSum += p.confidence;
    }
    // filter
    if (filter.minScore !== undefined && (p.score === null || p.score < filter.minScore)) return;
    if (filter.maxScore !== undefined && (p.score === null || p.score > filter.maxScore)) return;
    if (minConfidence !== undefined && (p.confidence === null || p.confidence < minConfidence)) return;
    if (maxConfidence !== undefined && (p.confidence === null || p.confidence > maxConfidence)) return;
    if (filter.status && p.status !== filter.status) return;
    if (filter.category || filter.severity) {
      const hit = p.flags.some(
        (f) => !f.resolved && !isCheck(f) && (!filter.category || f.category === filter.category) && (!filter.severity || f.severity === filter.severity),
      );
      if (!hit) return;
    }
    if (filter.check) {
      const want = filter.check;
      const hit = p.flags.some(
        (f) => isCheck(f) && !f.resolved && (want === "any" || want === "none" || f.category === want || f.checkId === want),
      );
      if (hit === (want === "none")) return;
    }
    if (filter.gaps && !gap) return;
    if (filter.crossing && !p.crossing) return;
    if (textHits && !textHits.has(p.id)) return;
    matches.push({ id: p.id, score: p.score, confidence: p.confidence, position, status: p.status, gap, clutter, openFlags, openFindings });
  });
  const nonClutter = summary.pairs - summary.clutter;
  summary.reviewedPct = nonClutter ? Math.round((summary.reviewed / nonClutter) * 1000) / 10 : 0;
  summary.meanScore = summary.scored ? Math.round((scoreSum / summary.scored) * 10) / 10 : null;
  summary.meanConfidence = summary.withConfidence ? Math.round((confidenceSum / summary.withConfidence) * 1000) / 1000 : null;

  if (filter.sort === "attention") matches.sort(byAttention);
  else if (filter.sort !== "position") {
    const key = filter.sort.startsWith("confidence") ? "confidence" : "score";
    const dir = filter.sort.endsWith("-asc") ? 1 : -1;
    // pairs without the value come last, each group in reading order
    matches.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (x === null && y === null) return a.position - b.position;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x - y) * dir || a.position - b.position;
    });
  }
  return { order: pairs.map((p) => p.id), ids: matches.map((m) => m.id), clutter: clutterIds, unreviewed, findings: withFindings, summary };
}

// ---------------------------------------------------------------------------
// Rows

export interface ReviewSentence {
  id: number;
  position: number;
  /** the text as reviewed (latest correction, else the original) */
  text: string;
  original: string;
  corrected: boolean;
  excluded: boolean;
  excludedReason: string | null;
}

export interface ReviewFlag {
  id: number;
  category: string;
  severity: string;
  /** editors' note; for an automatic finding, its explanation */
  note: string;
  /** "editor" or "check" (an automatic finding) */
  source: string;
  /** automatic findings: the check that raised it (see CHECKS in lib/qa) */
  checkId: string | null;
  /** automatic findings: the spans that explain it (offsets into the pair's non-excluded sentences of that side) */
  evidence: CheckEvidence[] | null;
  /** a span-level flag: the text it is about (offsets into the sentence's current text); null: the whole pair */
  span: FlagSpanView | null;
  resolved: boolean;
  version: number;
  author: string | null;
  resolvedBy: string | null;
  createdAt: string;
}

export interface FlagSpanView {
  side: "en" | "zh";
  sentenceId: number;
  /** UTF-16 code units into the sentence's current text, end exclusive */
  start: number;
  end: number;
  /** the quoted text */
  text: string;
  /** a correction changed the spanned text: the offsets no longer apply (shown apart, not highlighted) */
  detached: boolean;
}

/** The span of a stored flag (null: a whole-pair flag). */
export function spanOf(f: { spanSide: string | null; spanSentenceId: number | null; spanStart: number | null; spanEnd: number | null; spanText: string | null; spanDetached: boolean }): FlagSpanView | null {
  if (f.spanSentenceId === null || f.spanStart === null || f.spanEnd === null || (f.spanSide !== "en" && f.spanSide !== "zh")) return null;
  return { side: f.spanSide, sentenceId: f.spanSentenceId, start: f.spanStart, end: f.spanEnd, text: f.spanText ?? "", detached: f.spanDetached };
}

export interface CheckEvidence {
  side: "en" | "zh";
  /** index among the pair's non-excluded sentences of that side */
  sentence: number;
  start: number;
  end: number;
  text: string;
}

function evidenceOf(raw: unknown): CheckEvidence[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.filter(
    (e): e is CheckEvidence =>
      !!e && typeof e === "object" && (e.side === "en" || e.side === "zh") && Number.isInteger(e.sentence) && Number.isInteger(e.start) && Number.isInteger(e.end),
  );
}

export interface ReviewRow {
  id: number;
  position: number;
  score: number | null;
  scoreDetails: unknown;
  /**
   * The aligner's probability (0–1) that this bead is right, apart from the match score. Null
   * for excluded clutter, for pairs whose sentences were changed by hand (origin "manual") and
   * for imports that did not carry one.
   */
  confidence: number | null;
  /** the pair's sentences were changed by hand (merge, split, move, …) since it was aligned or imported */
  editedByHand: boolean;
  status: string;
  origin: string;
  crossing: boolean;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
  en: ReviewSentence[];
  zh: ReviewSentence[];
  flags: ReviewFlag[];
}

/** Full rows for the given pair ids of one bitext (ids of other bitexts or deleted pairs are left out). */
export async function getPairRows(db: Db, bitextId: number, ids: number[]): Promise<ReviewRow[]> {
  if (!ids.length) return [];
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId, id: { in: [...new Set(ids)] } },
    orderBy: { position: "asc" },
    include: {
      flags: { orderBy: { id: "asc" } },
      sentences: { orderBy: { position: "asc" }, include: { corrections: true } },
    },
  });
  if (!pairs.length) return [];
  const docs = await bitextShape(db, bitextId);
  const names = await userNames(db, pairs.flatMap((p) => [p.updatedById, ...p.flags.flatMap((f) => [f.authorId, f.resolvedById])]));
  const name = (id: number | null) => (id === null ? null : (names.get(id)?.name ?? null));
  return pairs.map((p) => {
    const side = (lang: "en" | "zh"): ReviewSentence[] =>
      p.sentences
        .filter((s) => s.documentId === docs[lang])
        .map((s) => ({
          id: s.id,
          position: s.position,
          text: currentText(s),
          original: s.text,
          corrected: activeCorrection(s.corrections) !== null,
          excluded: s.excluded,
          excludedReason: s.excludedReason,
        }));
    return {
      id: p.id,
      position: p.position,
      score: p.score,
      scoreDetails: p.scoreDetails ?? null,
      confidence: p.confidence,
      editedByHand: p.origin === "manual" && p.structureAt > 0,
      status: p.status,
      origin: p.origin,
      crossing: p.crossing,
      version: p.version,
      updatedBy: name(p.updatedById),
      updatedAt: p.updatedAt.toISOString(),
      en: side("en"),
      zh: side("zh"),
      flags: p.flags.map((f) => ({
        id: f.id,
        category: f.category,
        severity: f.severity,
        note: f.note,
        source: f.source,
        checkId: f.checkId,
        evidence: isCheck(f) ? evidenceOf(f.evidence) : null,
        span: spanOf(f),
        resolved: f.resolved,
        version: f.version,
        author: name(f.authorId),
        resolvedBy: name(f.resolvedById),
        createdAt: f.createdAt.toISOString(),
      })),
    };
  });
}

/** The pair an automatic finding belongs to (null when there is no such finding). */
export async function checkFlagPairId(db: Db, flagId: number): Promise<number | null> {
  const f = await db.flag.findUnique({ where: { id: flagId }, select: { pairId: true, source: true } });
  return f && isCheck(f) ? f.pairId : null;
}

/** The pairs an undo restored (from its audit row), to re-check them. */
export async function undoRestoredPairIds(db: Db, auditId: number): Promise<number[]> {
  const row = await db.auditLog.findUnique({ where: { id: auditId }, select: { after: true } });
  const ids = (row?.after as { restored?: { pairs?: unknown } } | null)?.restored?.pairs;
  return Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x)) : [];
}

/** The bitext a pair belongs to (null when the pair does not exist). */
export async function pairBitextId(db: Db, pairId: number): Promise<number | null> {
  const p = await db.alignmentPair.findUnique({ where: { id: pairId }, select: { bitextId: true } });
  return p?.bitextId ?? null;
}

// ---------------------------------------------------------------------------
// Activity

export interface ActivityEntry {
  id: number;
  action: string;
  entityType: string;
  entityId: number | null;
  actor: string | null;
  createdAt: string;
  meta: Record<string, unknown> | null;
}

/** The latest audit rows of a bitext, newest first. */
export async function getBitextActivity(db: Db, bitextId: number, take = 100): Promise<ActivityEntry[]> {
  const rows = await db.auditLog.findMany({
    where: { bitextId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: { actor: { select: { name: true } } },
  });
  return rows.map((r) => {
    const after = r.after as { meta?: Record<string, unknown> } | null;
    const before = r.before as Record<string, unknown> | null;
    return {
      id: r.id,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      actor: r.actor?.name ?? null,
      createdAt: r.createdAt.toISOString(),
      meta: after?.meta ?? (r.action === "undo" ? before : null),
    };
  });
}

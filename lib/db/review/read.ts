// Review workspace, read side: one pair in detail, and the bitext invariants.
import type { Db } from "../client";
import { NotFoundError, activeCorrection, bitextShape, currentText, idSchema, parse, userNames, type ReviewAuditPayload } from "./core";
import { z } from "zod";

export interface SentenceDetail {
  id: number;
  position: number;
  paragraph: number;
  originalText: string;
  currentText: string;
  corrected: boolean;
  excluded: boolean;
  excludedReason: string | null;
  corrections: {
    id: number;
    originalText: string;
    correctedText: string;
    author: { id: number; name: string } | null;
    createdAt: Date;
    revertedAt: Date | null;
  }[];
}

export interface HistoryEntry {
  id: number;
  action: string;
  entityType: string;
  entityId: number | null;
  actor: { id: number; name: string } | null;
  createdAt: Date;
  meta: Record<string, unknown> | null;
}

export async function getPairDetail(db: Db, input: { pairId: number }) {
  const { pairId } = parse(z.object({ pairId: idSchema }), input, "pair");
  const pair = await db.alignmentPair.findUnique({
    where: { id: pairId },
    include: {
      flags: { orderBy: { id: "asc" } },
      sentences: { orderBy: { position: "asc" }, include: { corrections: { orderBy: { id: "asc" } } } },
    },
  });
  if (!pair) throw new NotFoundError(`Pair ${pairId} does not exist`);
  const docs = await bitextShape(db, pair.bitextId);
  const rows = await db.auditLog.findMany({
    where: {
      bitextId: pair.bitextId,
      OR: [
        { entityType: "pair", entityId: pairId },
        { entityType: "flag", entityId: { in: pair.flags.map((f) => f.id) } },
        { entityType: "sentence", entityId: { in: pair.sentences.map((s) => s.id) } },
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    // `before` holds a whole snapshot, read only for undo rows (where it names what was undone)
    select: { id: true, action: true, entityType: true, entityId: true, actorId: true, createdAt: true, after: true },
  });
  const undoIds = rows.filter((r) => r.action === "undo").map((r) => r.id);
  const undone = undoIds.length
    ? new Map((await db.auditLog.findMany({ where: { id: { in: undoIds } }, select: { id: true, before: true } })).map((r) => [r.id, r.before]))
    : new Map<number, unknown>();
  const names = await userNames(db, [
    pair.updatedById,
    ...pair.flags.flatMap((f) => [f.authorId, f.resolvedById]),
    ...pair.sentences.flatMap((s) => s.corrections.map((c) => c.authorId)),
    ...rows.map((r) => r.actorId),
  ]);
  const user = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  const detail = (lang: "en" | "zh"): SentenceDetail[] =>
    pair.sentences
      .filter((s) => s.documentId === docs[lang])
      .map((s) => ({
        id: s.id,
        position: s.position,
        paragraph: s.paragraph,
        originalText: s.text,
        currentText: currentText(s),
        corrected: activeCorrection(s.corrections) !== null,
        excluded: s.excluded,
        excludedReason: s.excludedReason,
        corrections: s.corrections.map((c) => ({
          id: c.id,
          originalText: c.originalText,
          correctedText: c.correctedText,
          author: user(c.authorId),
          createdAt: c.createdAt,
          revertedAt: c.revertedAt,
        })),
      }));
  const history: HistoryEntry[] = rows.map((r) => ({
    id: r.id,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    actor: user(r.actorId),
    createdAt: r.createdAt,
    meta: ((r.after as unknown as ReviewAuditPayload | null)?.meta as Record<string, unknown> | undefined) ??
      (r.action === "undo" ? ((undone.get(r.id) as Record<string, unknown> | undefined) ?? null) : null),
  }));
  return {
    id: pair.id,
    bitextId: pair.bitextId,
    position: pair.position,
    score: pair.score,
    scoreDetails: pair.scoreDetails,
    origin: pair.origin,
    status: pair.status,
    crossing: pair.crossing,
    version: pair.version,
    updatedBy: user(pair.updatedById),
    updatedAt: pair.updatedAt,
    en: detail("en"),
    zh: detail("zh"),
    flags: pair.flags.map((f) => ({
      id: f.id,
      category: f.category,
      severity: f.severity,
      note: f.note,
      source: f.source,
      checkId: f.checkId,
      resolved: f.resolved,
      resolvedAt: f.resolvedAt,
      resolvedBy: user(f.resolvedById),
      author: user(f.authorId),
      version: f.version,
      createdAt: f.createdAt,
    })),
    history,
  };
}

export type PairDetail = Awaited<ReturnType<typeof getPairDetail>>;

/**
 * The rules every review operation keeps (returns human-readable violations, [] when fine):
 * 1. the bitext has one English and one Chinese document;
 * 2. every sentence of those documents belongs to exactly one pair, and that pair is of this bitext
 *    (no sentence of another document sits in a pair of this bitext);
 * 3. no pair is empty;
 * 4. pair positions are distinct and never negative (gaps allowed: they only order the pairs);
 *    sentence positions are exactly 0..m-1 per document;
 * 5. within a pair that is not marked crossing, the sentences of each language are one
 *    contiguous run of document positions (crossing pairs may hold any sentences).
 */
export async function checkBitextInvariants(db: Db, bitextId: number): Promise<string[]> {
  const out: string[] = [];
  const docs = await db.document.findMany({ where: { bitextId }, select: { id: true, lang: true } });
  const langs = docs.map((d) => d.lang).sort();
  if (langs.join(",") !== "en,zh") out.push(`bitext ${bitextId} has documents [${langs.join(",")}], expected en and zh`);
  const docIds = new Set(docs.map((d) => d.id));
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId },
    select: { id: true, position: true, crossing: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  const pairIds = new Set(pairs.map((p) => p.id));
  const sentences = await db.sentence.findMany({
    // a relation filter, not a list of pair ids: large bitexts exceed the databases' parameter limits
    where: { OR: [{ documentId: { in: [...docIds] } }, { pair: { bitextId } }] },
    select: { id: true, documentId: true, position: true, pairId: true },
    orderBy: [{ documentId: "asc" }, { position: "asc" }],
  });
  pairs.forEach((p, i) => {
    if (p.position < 0) out.push(`pair ${p.id} has position ${p.position}, below 0`);
    if (i > 0 && p.position === pairs[i - 1].position) out.push(`pair ${p.id} has position ${p.position}, like pair ${pairs[i - 1].id}`);
  });
  const byPair = new Map<number, typeof sentences>();
  const byDoc = new Map<number, typeof sentences>();
  for (const s of sentences) {
    if (!docIds.has(s.documentId)) {
      out.push(`sentence ${s.id} of document ${s.documentId} sits in pair ${s.pairId} of bitext ${bitextId}`);
      continue;
    }
    if (s.pairId === null) out.push(`sentence ${s.id} belongs to no pair`);
    else if (!pairIds.has(s.pairId)) out.push(`sentence ${s.id} belongs to pair ${s.pairId} of another bitext`);
    else byPair.set(s.pairId, [...(byPair.get(s.pairId) ?? []), s]);
    byDoc.set(s.documentId, [...(byDoc.get(s.documentId) ?? []), s]);
  }
  for (const [docId, list] of byDoc) {
    list.forEach((s, i) => {
      if (s.position !== i) out.push(`sentence ${s.id} of document ${docId} has position ${s.position}, expected ${i}`);
    });
  }
  for (const p of pairs) {
    const list = byPair.get(p.id) ?? [];
    if (!list.length) out.push(`pair ${p.id} is empty`);
    if (p.crossing) continue;
    for (const docId of docIds) {
      const pos = list.filter((s) => s.documentId === docId).map((s) => s.position).sort((a, b) => a - b);
      if (pos.some((x, i) => i > 0 && x !== pos[i - 1] + 1)) {
        out.push(`pair ${p.id} is not crossing but its sentences [${pos.join(",")}] of document ${docId} are not contiguous`);
      }
    }
  }
  return out;
}

// Test support for the review service: temp databases with the demo seeds, users, a fake
// scorer and aligner, and a state snapshot for "undo restores exactly" comparisons.
import type { Db } from "../../lib/db/client";
import { cloneDatabase, tempDatabase } from "../db/test-db";
import { loadDemoProject } from "../../seeds/load-demo";
import type { ScoreFn } from "../../lib/db/review/core";
import type { RealignFn } from "../../lib/db/review/realign";

export interface TestEnv {
  db: Db;
  url: string;
  bitextId: number;
  alice: { id: number; name: string };
  bob: { id: number; name: string };
  close: () => Promise<void>;
}

let template: Promise<string> | null = null;

/** Builds fixture pairs directly (fallback when the aligner cannot load the demo). */
async function fixtureBitext(db: Db): Promise<void> {
  const project = await db.project.create({ data: { name: "fixture", isDemo: true } });
  const bitext = await db.bitext.create({ data: { projectId: project.id, title: "fixture", status: "ready" } });
  const en = await db.document.create({ data: { bitextId: bitext.id, lang: "en", title: "en", originalText: "" } });
  const zh = await db.document.create({ data: { bitextId: bitext.id, lang: "zh", title: "zh", originalText: "" } });
  // beads: 1-1 ×6, en gap, zh gap, 2-1, 1-2, 1-1 ×4
  const shape: [number, number][] = [[1, 1], [1, 1], [1, 1], [1, 1], [1, 1], [1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [1, 1], [1, 1], [1, 1], [1, 1]];
  let e = 0;
  let z = 0;
  for (let i = 0; i < shape.length; i++) {
    const pair = await db.alignmentPair.create({ data: { bitextId: bitext.id, position: i, score: shape[i][0] && shape[i][1] ? 60 : null } });
    for (let k = 0; k < shape[i][0]; k++, e++) {
      await db.sentence.create({ data: { documentId: en.id, position: e, paragraph: 0, text: `English sentence ${e}.`, pairId: pair.id } });
    }
    for (let k = 0; k < shape[i][1]; k++, z++) {
      await db.sentence.create({ data: { documentId: zh.id, position: z, paragraph: 0, text: `中文句子${z}。`, pairId: pair.id } });
    }
  }
}

async function buildTemplate(): Promise<string> {
  const temp = tempDatabase("review-template");
  const db = temp.db;
  try {
    await loadDemoProject(db);
  } catch (err) {
    console.warn(`demo seeds could not be aligned (${(err as Error).message}); using fixture pairs`);
    await db.project.deleteMany({});
    await fixtureBitext(db);
  }
  await db.user.create({ data: { email: "alice@example.org", name: "Alice" } });
  await db.user.create({ data: { email: "bob@example.org", name: "Bob" } });
  // Kept for the whole test file (copies are made from it); only the connection closes.
  await db.$disconnect();
  return temp.url;
}

/** A fresh copy of a migrated database with the demo project and users Alice and Bob. */
export async function freshEnv(): Promise<TestEnv> {
  template ??= buildTemplate();
  const copy = cloneDatabase(await template);
  const db = copy.db;
  const bitext = await db.bitext.findFirstOrThrow({ orderBy: { id: "asc" } });
  const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.org" } });
  const bob = await db.user.findUniqueOrThrow({ where: { email: "bob@example.org" } });
  return {
    db,
    url: copy.url,
    bitextId: bitext.id,
    alice: { id: alice.id, name: alice.name },
    bob: { id: bob.id, name: bob.name },
    close: copy.close,
  };
}

/** Deterministic stand-in for the aligner's scorePair. */
export const fakeScore: ScoreFn = (zh, en) => ({
  score: (zh.join("").length * 7 + en.join(" ").length * 3) % 101,
  parts: { zhSentences: zh.length, enSentences: en.length },
});

/** Stand-in aligner: zh[i] with en[i], then the rest as gaps. */
export const diagonalAligner: RealignFn = (zh, en) => {
  const n = Math.min(zh.length, en.length);
  const beads = [];
  for (let i = 0; i < n; i++) beads.push({ zh: [i], en: [i], score: 50, parts: { diag: i } });
  for (let i = n; i < zh.length; i++) beads.push({ zh: [i], en: [], score: null, parts: null });
  for (let i = n; i < en.length; i++) beads.push({ zh: [], en: [i], score: null, parts: null });
  return beads;
};

/** Everything a review operation may change, without versions/timestamps of the change itself. */
export async function stateOf(db: Db, bitextId: number) {
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId },
    orderBy: { position: "asc" },
    select: { id: true, position: true, score: true, scoreDetails: true, confidence: true, origin: true, status: true, crossing: true },
  });
  const docs = await db.document.findMany({ where: { bitextId }, select: { id: true } });
  const sentences = await db.sentence.findMany({
    where: { documentId: { in: docs.map((d) => d.id) } },
    orderBy: [{ documentId: "asc" }, { position: "asc" }],
  });
  const flags = await db.flag.findMany({
    where: { pair: { bitextId } },
    orderBy: { id: "asc" },
    select: { id: true, pairId: true, category: true, severity: true, note: true, resolved: true, resolvedAt: true, resolvedById: true, authorId: true },
  });
  const corrections = await db.correction.findMany({
    where: { sentenceId: { in: sentences.map((s) => s.id) } },
    orderBy: { id: "asc" },
  });
  // pair positions only order the pairs (they may be spread out): compare the order, not the numbers
  return { pairs: pairs.map(({ position: _, ...p }, rank) => ({ ...p, rank })), sentences, flags, corrections };
}

/** mulberry32: small seeded PRNG */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function pairsWithSides(db: Db, bitextId: number) {
  const docs = await db.document.findMany({ where: { bitextId }, select: { id: true, lang: true } });
  const en = docs.find((d) => d.lang === "en")!.id;
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId },
    orderBy: { position: "asc" },
    include: { sentences: { orderBy: { position: "asc" } }, flags: true },
  });
  return pairs.map((p, rank) => ({
    ...p,
    /** index in reading order (positions may have gaps) */
    rank,
    en: p.sentences.filter((s) => s.documentId === en),
    zh: p.sentences.filter((s) => s.documentId !== en),
  }));
}

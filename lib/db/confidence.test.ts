// A pair's confidence (the aligner's probability that the bead is right, 0–1) kept apart from
// its match score: stored where beads become pairs (alignment, re-alignment, imports), cleared
// by structural edits by hand and restored by undo, read by the review page (rows, filter and
// sort in percent, the summary's mean) and carried by the exports.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { storedConfidence } from "./confidence";
import { alignBitext, createBitext } from "./bitexts";
import { importAlignedCorpus } from "./import-aligned";
import { corpusPairs, exportMeta } from "./export";
import { align } from "../alignment";
import { exportCorpus, readJsonl, readTmx, readTsv, type CorpusPair } from "../formats";
import { readDemoTexts } from "../../seeds/load-demo";
import {
  addFlag,
  confirmPair,
  correctSentences,
  linkPairs,
  mergeWithNext,
  moveSentence,
  realignUnconfirmed,
  splitPair,
  undoLast,
  unlinkPair,
  type RealignBead,
} from "./review";
import { getPairIndex, getPairRows, pairFilterSchema } from "./review/view";
import { diagonalAligner, fakeScore, freshEnv, pairsWithSides, stateOf, type TestEnv } from "../../tests/review/helpers";

async function text(chunks: AsyncGenerator<string | Uint8Array>) {
  let s = "";
  for await (const c of chunks) s += typeof c === "string" ? c : Buffer.from(c).toString("utf8");
  return s;
}

describe("storing the confidence", () => {
  let temp: TempDatabase;
  let db: Db;
  let projectId: number;
  beforeAll(async () => {
    temp = tempDatabase("confidence");
    db = temp.db;
    projectId = (await db.project.create({ data: { name: "confidence" } })).id;
  });
  afterAll(() => temp?.close());

  async function newBitext(title: string) {
    const { en, zh } = readDemoTexts();
    return createBitext(db, { projectId, title, en: { text: en }, zh: { text: zh }, mode: "parallel" });
  }

  it("stores each bead's confidence with its pair (null where the aligner gave none)", async () => {
    const b = await newBitext("stub confidences");
    const result = await alignBitext(db, b.id, {
      runAligner: (zh, en, o) => {
        const r = align(zh, en, o);
        // a stand-in until the engine fills it: every other bead gets one, clutter none
        r.beads.forEach((bead, i) => (bead.confidence = bead.excluded ? null : i % 2 ? (i % 10) / 10 : undefined));
        return r;
      },
    });
    const pairs = await db.alignmentPair.findMany({ where: { bitextId: b.id }, orderBy: { position: "asc" } });
    expect(pairs.map((p) => p.confidence)).toEqual(result.beads.map((bead) => bead.confidence ?? null));
    expect(pairs.some((p) => p.confidence !== null)).toBe(true);
    expect(pairs.some((p) => p.confidence === null)).toBe(true);
    expect(pairs.map((p) => p.score)).toEqual(result.beads.map((bead) => bead.score));
  });

  it("the real aligner's confidences are stored as it gives them (a number for every matched bead once it fills them)", async () => {
    const b = await newBitext("engine confidences");
    const result = await alignBitext(db, b.id);
    const pairs = await db.alignmentPair.findMany({ where: { bitextId: b.id }, orderBy: { position: "asc" } });
    // stored to four decimals
    expect(pairs.map((p) => p.confidence)).toEqual(result.beads.map((bead) => storedConfidence(bead.confidence)));
    if (result.beads.some((bead) => bead.confidence !== undefined)) {
      const matched = pairs.filter((_, i) => result.beads[i].zh.length && result.beads[i].en.length && !result.beads[i].excluded);
      expect(matched.length).toBeGreaterThan(0);
      for (const p of matched) {
        expect(p.confidence).not.toBeNull();
        expect(p.confidence!).toBeGreaterThanOrEqual(0);
        expect(p.confidence!).toBeLessThanOrEqual(1);
      }
    } else {
      console.log("the aligner gives no confidence yet: only null confidences checked");
    }
  });

  it("imports take the file's confidence when it has one, else null; exports write it back in TSV, JSONL and TMX", async () => {
    const file: CorpusPair[] = [
      { position: 0, en: [{ text: "Hongqi Town was launched today." }], zh: [{ text: "红旗小镇今天启动。" }], score: 80, confidence: 0.92 },
      { position: 1, en: [{ text: "Xu Liuping spoke." }], zh: [{ text: "徐留平致辞。" }], confidence: 0.34 },
      { position: 2, en: [{ text: "Nobody knows." }], zh: [{ text: "没有人知道。" }] },
      { position: 3, en: [{ text: "Out of range." }], zh: [{ text: "超出范围。" }], confidence: 7 },
      { position: 4, en: [{ text: "A gap." }], zh: [], confidence: 0.6 },
    ];
    const r = await importAlignedCorpus(db, { projectId, title: "imported", mode: "parallel" }, file, "pairs.jsonl");
    const stored = await db.alignmentPair.findMany({ where: { bitextId: r.bitextId }, orderBy: { position: "asc" } });
    expect(stored.map((p) => p.confidence)).toEqual([0.92, 0.34, null, null, 0.6]);
    // imported pairs are "manual" but not edited by hand: no badge for the ones without a confidence
    const rows = await getPairRows(db, r.bitextId, stored.map((p) => p.id));
    expect(rows.map((x) => x.editedByHand)).toEqual([false, false, false, false, false]);

    const exported: CorpusPair[] = [];
    for await (const p of corpusPairs(db, { projectId, bitextId: r.bitextId })) exported.push(p);
    expect(exported.map((p) => p.confidence)).toEqual([0.92, 0.34, null, null, 0.6]);

    const meta = await exportMeta(db, projectId, r.bitextId);
    for (const [format, read] of [["tsv", readTsv], ["jsonl", readJsonl], ["tmx", readTmx]] as const) {
      const out = await text(exportCorpus(format, corpusPairs(db, { projectId, bitextId: r.bitextId }), meta, { includeGaps: true }).chunks);
      const back = read(out);
      expect(back.pairs.map((p) => p.confidence ?? null), format).toEqual([0.92, 0.34, null, null, 0.6]);
      const again = await importAlignedCorpus(db, { projectId, title: `again ${format}`, mode: "parallel" }, back.pairs, `pairs.${format}`);
      const pairs = await db.alignmentPair.findMany({ where: { bitextId: again.bitextId }, orderBy: { position: "asc" } });
      expect(pairs.map((p) => p.confidence), format).toEqual([0.92, 0.34, null, null, 0.6]);
    }
  });
});

describe("confidence in review", () => {
  const opts = { score: fakeScore };
  let env: TestEnv;
  const pairs = () => pairsWithSides(env.db, env.bitextId);
  type P = Awaited<ReturnType<typeof pairs>>[number];
  const versions = (...ps: { id: number; version: number }[]) => Object.fromEntries(ps.map((p) => [p.id, p.version]));
  const confidenceOf = async (id: number) => (await env.db.alignmentPair.findUniqueOrThrow({ where: { id } })).confidence;
  /** a made-up confidence for the pair at this rank: some pairs have none */
  const made = (rank: number) => (rank % 5 === 4 ? null : ((rank * 37) % 100) / 100);

  beforeEach(async () => {
    env = await freshEnv();
    for (const p of await pairs()) {
      const clutter = p.sentences.every((s) => s.excluded);
      await env.db.alignmentPair.update({ where: { id: p.id }, data: { confidence: clutter ? null : made(p.rank) } });
    }
  });
  afterEach(async () => {
    await env.close();
  });

  function adjacent(ps: P[], pred: (a: P, b: P) => boolean): [P, P] {
    for (let i = 0; i + 1 < ps.length; i++) if (pred(ps[i], ps[i + 1])) return [ps[i], ps[i + 1]];
    throw new Error("the seeded bitext has no pairs of the needed shape");
  }
  const withConfidence = (p: P) => p.confidence !== null;

  it("status, flags and corrections keep the confidence", async () => {
    const ps = (await pairs()).filter((p) => p.en.length && p.zh.length && withConfidence(p));
    const [a, b, c] = ps;
    await confirmPair(env.db, env.alice, { pairId: a.id, expectedVersion: a.version }, opts);
    await addFlag(env.db, env.alice, { pairId: b.id, category: "style", severity: "minor", expectedVersion: b.version }, opts);
    await correctSentences(env.db, env.alice, { edits: [{ sentenceId: c.en[0].id, text: "Corrected.", base: c.en[0].text }] }, opts);
    for (const p of [a, b, c]) expect(await confidenceOf(p.id)).toBe(p.confidence);
  });

  it("merge, split, move, unlink and link clear it (edited by hand); undo brings it back exactly", async () => {
    type Step = (ps: P[]) => Promise<{ pairs: { id: number }[] }>;
    const steps: Record<string, Step> = {
      merge: (ps) => {
        const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.zh.length > 0 && withConfidence(x) && withConfidence(y));
        return mergeWithNext(env.db, env.alice, { pairId: a.id, expectedVersions: versions(a, b) }, opts);
      },
      split: (ps) => {
        const m = ps.find((p) => p.en.length + p.zh.length > 2 && withConfidence(p)) ?? ps.find((p) => p.en.length && p.zh.length && withConfidence(p))!;
        return splitPair(env.db, env.alice, { pairId: m.id, en: m.en.length, zh: 0, expectedVersion: m.version }, opts);
      },
      move: (ps) => {
        const [a, b] = adjacent(ps, (x, y) => x.en.length > 0 && y.en.length > 0 && x.en.every((s) => s.position < y.en[0].position) && withConfidence(x) && withConfidence(y));
        return moveSentence(env.db, env.alice, { sentenceId: b.en[0].id, direction: "previous", expectedVersions: versions(a, b) }, opts);
      },
      unlink: (ps) => {
        const m = ps.find((p) => p.en.length && p.zh.length && withConfidence(p))!;
        return unlinkPair(env.db, env.alice, { pairId: m.id, expectedVersion: m.version }, opts);
      },
    };
    for (const [name, step] of Object.entries(steps)) {
      const before = await stateOf(env.db, env.bitextId);
      const r = await step(await pairs());
      // every pair the change left (a split's or an unlink's new half too) shows "edited by hand"
      const rows = await getPairRows(env.db, env.bitextId, r.pairs.map((p) => p.id));
      expect(rows.length, name).toBe(r.pairs.length);
      for (const row of rows) {
        expect(row.confidence, name).toBeNull();
        expect(row.origin, name).toBe("manual");
        expect(row.editedByHand, name).toBe(true);
      }
      const u = await undoLast(env.db, env.alice, { bitextId: env.bitextId });
      expect(u?.action).toBe(name);
      expect(await stateOf(env.db, env.bitextId), name).toEqual(before);
      const back = await getPairRows(env.db, env.bitextId, before.pairs.map((p) => p.id));
      expect(back.filter((x) => x.editedByHand), name).toEqual([]);
    }
    // link: two one-sided pairs become one
    const ps = await pairs();
    const a = ps.find((p) => p.en.length && !p.zh.length)!;
    const b = ps.find((p) => p.zh.length && !p.en.length)!;
    await env.db.alignmentPair.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { confidence: 0.5 } });
    const before = await stateOf(env.db, env.bitextId);
    const r = await linkPairs(env.db, env.alice, { pairIdA: a.id, pairIdB: b.id, expectedVersions: versions(a, b) }, opts);
    expect(await confidenceOf(r.pairs[0].id)).toBeNull();
    await undoLast(env.db, env.alice, { bitextId: env.bitextId });
    expect(await stateOf(env.db, env.bitextId)).toEqual(before);
    expect(await confidenceOf(a.id)).toBe(0.5);
  });

  it("re-alignment stores the aligner's confidences, on kept pairs too", async () => {
    const withConf = (zh: string[], en: string[], c?: number) =>
      (diagonalAligner(zh, en) as RealignBead[]).map((b, i) => ({ ...b, confidence: b.zh.length && b.en.length ? (c ?? 0.25 + (i % 3) / 4) : null }));
    await realignUnconfirmed(env.db, env.bob, { bitextId: env.bitextId }, (zh, en) => withConf(zh, en), opts);
    const after = await pairs();
    const matched = after.filter((p) => p.en.length && p.zh.length && p.sentences.some((s) => !s.excluded));
    expect(matched.length).toBeGreaterThan(0);
    for (const p of matched) expect([0.25, 0.5, 0.75]).toContain(p.confidence);
    // kept pairs (the same beads again) take the new confidences
    await realignUnconfirmed(env.db, env.bob, { bitextId: env.bitextId }, (zh, en) => withConf(zh, en, 0.9), opts);
    for (const p of (await pairs()).filter((x) => x.en.length && x.zh.length && x.sentences.some((s) => !s.excluded))) expect(p.confidence).toBe(0.9);
    // undo puts the first re-alignment's confidences back
    await undoLast(env.db, env.bob, { bitextId: env.bitextId });
    for (const p of (await pairs()).filter((x) => x.en.length && x.zh.length && x.sentences.some((s) => !s.excluded))) expect([0.25, 0.5, 0.75]).toContain(p.confidence);
  });

  it("the read model: rows carry the confidence, filters in percent, sorts with pairs without one last, the summary's mean", async () => {
    const ps = await pairs();
    const conf = new Map(ps.map((p) => [p.id, p.confidence]));
    const known = ps.filter((p) => p.confidence !== null);
    expect(known.length).toBeGreaterThan(3);
    expect(known.length).toBeLessThan(ps.length);

    const rows = await getPairRows(env.db, env.bitextId, ps.map((p) => p.id));
    expect(rows.map((r) => r.confidence)).toEqual(ps.map((p) => p.confidence));

    const index = (f: Record<string, unknown>) => getPairIndex(env.db, env.bitextId, pairFilterSchema.parse(f));
    const all = await index({});
    expect(all.summary.withConfidence).toBe(known.length);
    const mean = known.reduce((s, p) => s + p.confidence!, 0) / known.length;
    expect(all.summary.meanConfidence).toBeCloseTo(mean, 3);

    // bounds are percentages (as typed in the filter bar), inclusive; pairs without a confidence never match
    const mid = await index({ minConfidence: "30", maxConfidence: 60 });
    expect(mid.ids).toEqual(ps.filter((p) => p.confidence !== null && p.confidence >= 0.3 && p.confidence <= 0.6).map((p) => p.id));
    expect(mid.ids.length).toBeGreaterThan(0);
    const low = await index({ maxConfidence: "20" });
    expect(low.ids.every((id) => conf.get(id)! <= 0.2 && conf.get(id) !== null)).toBe(true);
    expect(() => pairFilterSchema.parse({ minConfidence: 101 })).toThrow();
    expect(() => pairFilterSchema.parse({ maxConfidence: -1 })).toThrow();

    const asc = await index({ sort: "confidence-asc" });
    const desc = await index({ sort: "confidence-desc" });
    expect(asc.ids).toHaveLength(ps.length);
    const values = (ids: number[]) => ids.map((id) => conf.get(id) ?? null);
    const ascV = values(asc.ids);
    const descV = values(desc.ids);
    const firstNull = (v: (number | null)[]) => v.findIndex((x) => x === null);
    // pairs with a confidence first (ordered), then the ones without, in reading order
    expect(firstNull(ascV)).toBe(known.length);
    expect(ascV.slice(0, known.length)).toEqual([...ascV.slice(0, known.length)].sort((x, y) => x! - y!));
    expect(descV.slice(0, known.length)).toEqual([...descV.slice(0, known.length)].sort((x, y) => y! - x!));
    expect(asc.ids.slice(known.length)).toEqual(ps.filter((p) => p.confidence === null).map((p) => p.id));
    expect(desc.ids.slice(known.length)).toEqual(asc.ids.slice(known.length));
    // ties keep reading order
    const order = new Map(ps.map((p, i) => [p.id, i]));
    for (let i = 1; i < known.length; i++) {
      if (ascV[i] === ascV[i - 1]) expect(order.get(asc.ids[i])!).toBeGreaterThan(order.get(asc.ids[i - 1])!);
    }
    // combined with another filter and sort still by confidence
    const lowFirst = await index({ sort: "confidence-asc", minConfidence: 10 });
    expect(values(lowFirst.ids)).toEqual([...values(lowFirst.ids)].sort((x, y) => x! - y!));
    expect(values(lowFirst.ids).every((x) => x !== null && x >= 0.1)).toBe(true);

    // needs attention first: every pair once; the unreviewed ones, weakest first, before the reviewed
    const triage = await index({ sort: "attention" });
    expect([...triage.ids].sort((a, b) => a - b)).toEqual(ps.map((p) => p.id).sort((a, b) => a - b));
    expect(triage.unreviewed.length).toBeGreaterThan(0);
    const firstLow = triage.ids.findIndex((id) => conf.get(id) !== null && conf.get(id)! < 0.5);
    const firstHigh = triage.ids.findIndex((id) => conf.get(id) !== null && conf.get(id)! > 0.9);
    if (firstLow >= 0 && firstHigh >= 0) expect(firstLow).toBeLessThan(firstHigh);
  });
});

// Existing alignments in, corrected corpus out: the real MAC-Dev InterText files import
// with every link intact, and an export re-imports with texts, pairs, statuses and flags.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { importAlignedCorpus } from "./import-aligned";
import { corpusPairs, exportMeta } from "./export";
import { getBitextPairs } from "./projects";
import { readInterText, readTmx, readJsonl, exportCorpus, type CorpusPair } from "../formats";
import { corpusPath } from "../../tests/corpora";
import { describeWithCorpora } from "../../tests/vitest-corpora";

const corpora = corpusPath("mac-dev");
let temp: TempDatabase;
let db: Db;

beforeAll(() => {
  temp = tempDatabase("import-export");
  db = temp.db;
});
afterAll(() => temp?.close());

async function collect(projectId: number, bitextId?: number) {
  const out: CorpusPair[] = [];
  for await (const p of corpusPairs(db, { projectId, bitextId })) out.push(p);
  return out;
}

async function text(chunks: AsyncGenerator<string | Uint8Array>) {
  let s = "";
  for await (const c of chunks) s += typeof c === "string" ? c : Buffer.from(c).toString("utf8");
  return s;
}

describeWithCorpora("aca", "automatic checks on a large imported alignment", () => {
  it("checks every pair of aca (over a thousand pairs) and is idempotent", async () => {
    const { runBitextChecks } = await import("./checks");
    const dir = corpusPath("aca");
    const zh = fs.readFileSync(path.join(dir, "001.zh"), "utf8").split("\n");
    const en = fs.readFileSync(path.join(dir, "001.en"), "utf8").split("\n");
    const pairs: CorpusPair[] = fs
      .readFileSync(path.join(dir, "001.align"), "utf8")
      .trim()
      .split("\n")
      .map((line, position) => {
        const [z, e] = line.split(":").map((x) => JSON.parse(x) as number[]);
        return { position, zh: z.map((i) => ({ text: zh[i] })), en: e.map((i) => ({ text: en[i] })) };
      });
    expect(pairs.length).toBeGreaterThan(1000);
    const { bitextId } = await importAlignedCorpus(db, { projectName: "aca", title: "aca 001", mode: "parallel" }, pairs, "001.align");
    const first = await runBitextChecks(db, bitextId);
    expect(first.created).toBeGreaterThan(0);
    const pairsWithFindings = await db.alignmentPair.count({ where: { bitextId, flags: { some: { source: "check" } } } });
    expect(pairsWithFindings).toBeGreaterThan(0);
    // Findings on pairs beyond the first few hundred are stored too.
    const last = await db.alignmentPair.findFirstOrThrow({ where: { bitextId, flags: { some: { source: "check" } } }, orderBy: { position: "desc" } });
    expect(last.position).toBeGreaterThan(400);
    expect(await runBitextChecks(db, bitextId)).toEqual({ created: 0, removed: 0 });
  });
});

describeWithCorpora("mac-dev", "import of an existing alignment", () => {
  let projectId: number;
  let bitextId: number;

  it("imports the real InterText files of MAC-Dev 001 with every link intact", async () => {
    const read = (f: string) => fs.readFileSync(path.join(corpora, "intertext", f));
    const corpus = readInterText({ en: read("dev-anno.001_en.xml"), zh: read("dev-anno.001_zh.xml"), links: read("dev-anno.001_zh.001_en.xml") });
    const r = await importAlignedCorpus(db, { projectName: "MAC-Dev 001", title: "001", mode: "parallel" }, corpus.pairs, "dev-anno.001_zh.001_en.xml");
    projectId = r.projectId;
    bitextId = r.bitextId;

    const gold = fs.readFileSync(path.join(corpora, "001.align"), "utf8").trim().split("\n");
    const zhLines = fs.readFileSync(path.join(corpora, "001.zh"), "utf8").split("\n");
    const enLines = fs.readFileSync(path.join(corpora, "001.en"), "utf8").split("\n");
    const pairs = await getBitextPairs(db, bitextId, { limit: 10_000 });
    expect(pairs).toHaveLength(gold.length);
    pairs.forEach((p, i) => {
      const [zhIds, enIds] = gold[i].split(":").map((side) => JSON.parse(side) as number[]);
      expect(p.zh.map((s) => s.position)).toEqual(zhIds);
      expect(p.en.map((s) => s.position)).toEqual(enIds);
      expect(p.zh.map((s) => s.text)).toEqual(zhIds.map((k) => zhLines[k]));
      expect(p.en.map((s) => s.text)).toEqual(enIds.map((k) => enLines[k]));
    });
    // Two-sided beads are scored, gaps are not.
    expect(pairs.filter((p) => p.en.length && p.zh.length).every((p) => p.score !== null)).toBe(true);
    expect(pairs.filter((p) => !p.en.length || !p.zh.length).every((p) => p.score === null)).toBe(true);
  });

  it("exports TMX and JSONL that import again with texts, statuses, flags and corrections", async () => {
    // Review a few pairs: confirm one, flag one, correct one.
    const rows = await db.alignmentPair.findMany({ where: { bitextId }, orderBy: { position: "asc" }, take: 3, include: { sentences: true } });
    await db.alignmentPair.update({ where: { id: rows[0].id }, data: { status: "confirmed" } });
    await db.alignmentPair.update({ where: { id: rows[1].id }, data: { status: "flagged" } });
    await db.flag.create({ data: { pairId: rows[1].id, category: "mistranslation", severity: "major", note: "tone lost" } });
    const enDoc = await db.document.findFirstOrThrow({ where: { bitextId, lang: "en" } });
    const enSentence = rows[2].sentences.find((s) => s.documentId === enDoc.id)!;
    await db.correction.create({ data: { sentenceId: enSentence.id, originalText: enSentence.text, correctedText: "A corrected sentence." } });
    await db.alignmentPair.update({ where: { id: rows[2].id }, data: { status: "corrected" } });

    const before = await collect(projectId, bitextId);
    const meta = await exportMeta(db, projectId, bitextId);
    for (const format of ["tmx", "jsonl"] as const) {
      const out = await text(exportCorpus(format, corpusPairs(db, { projectId, bitextId }), meta, { includeGaps: true }).chunks);
      const back = format === "tmx" ? readTmx(out) : readJsonl(out);
      const r = await importAlignedCorpus(db, { projectName: `round trip ${format}`, title: "001", mode: "parallel" }, back.pairs, `001.${format}`);
      const after = await collect(r.projectId, r.bitextId);
      expect(after.length).toBe(before.length);
      after.forEach((p, i) => {
        expect(p.en.map((s) => s.text)).toEqual(before[i].en.map((s) => s.text));
        expect(p.zh.map((s) => s.text)).toEqual(before[i].zh.map((s) => s.text));
        expect(p.status).toBe(before[i].status);
        expect(p.flags?.map((f) => [f.category, f.severity, f.note])).toEqual(before[i].flags?.map((f) => [f.category, f.severity, f.note]));
      });
      const corrected = after.flatMap((p) => p.en).find((s) => s.text === "A corrected sentence.");
      expect(corrected?.original).toBe(enSentence.text);
    }
  });
});

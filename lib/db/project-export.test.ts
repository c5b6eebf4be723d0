// Project-level export and report cover every document pair of a project (a batch): each
// aligned pair's beads, in project order, with document positions that stay apart so the
// InterText export keeps each document's sentences together; pairs not aligned yet are left
// out of the export and counted, and the report lists every document pair.
import fs from "node:fs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "./test-db";
import { alignBitext, createBitext } from "./bitexts";
import { corpusPairs, exportMeta, exportScope } from "./export";
import { getProjectReport } from "./report";
import { exportCorpus, readInterTextZip, readJsonl, readTmx, readTsv, type CorpusPair } from "../formats";
import { corpusPath } from "../../tests/corpora";
import { describeWithCorpora } from "../../tests/vitest-corpora";

let temp: TempDatabase;
let db: Db;
let projectId: number;
const ids: number[] = [];
let en: string[];
let zh: string[];

beforeAll(async () => {
  en = fs.readFileSync(corpusPath("bible", "006.en"), "utf8").split("\n");
  zh = fs.readFileSync(corpusPath("bible", "006.zh"), "utf8").split("\n");
  temp = tempDatabase("project-export");
  db = temp.db;
  projectId = (await db.project.create({ data: { name: "Genesis" } })).id;
  // Three aligned document pairs of one paragraph each (paragraph 0 in every document) and one not aligned.
  for (const [k, title] of ["one", "two", "three", "pending"].entries()) {
    const b = await createBitext(db, {
      projectId,
      title,
      en: { text: en.slice(k * 12, k * 12 + 12).join(" ") },
      zh: { text: zh.slice(k * 17, k * 17 + 17).join("") },
      mode: "parallel",
    });
    if (title !== "pending") await alignBitext(db, b.id);
    ids.push(b.id);
  }
});
afterAll(() => temp?.close());

async function collect() {
  const out: CorpusPair[] = [];
  for await (const p of corpusPairs(db, { projectId })) out.push(p);
  return out;
}

async function bytes(chunks: AsyncGenerator<string | Uint8Array>) {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
  return new Uint8Array(Buffer.concat(parts));
}

describeWithCorpora("bible", "project-level export", () => {
  it("yields the beads of every aligned document pair, in project order, with distinct document positions", async () => {
    const pairs = await collect();
    const perBitext = await Promise.all(ids.slice(0, 3).map((id) => db.alignmentPair.count({ where: { bitextId: id } })));
    expect(pairs).toHaveLength(perBitext.reduce((a, b) => a + b, 0));
    expect(pairs.map((p) => p.position)).toEqual(pairs.map((_, i) => i));
    // Sentence indices never repeat across document pairs, and each document pair follows the previous one.
    for (const lang of ["en", "zh"] as const) {
      const idx = pairs.flatMap((p) => p[lang].map((s) => s.index!));
      expect(new Set(idx).size).toBe(idx.length);
      const paras = pairs.flatMap((p) => p[lang].map((s) => s.paragraph!));
      expect(new Set(paras).size).toBe(3); // one paragraph per document pair, kept apart
    }
    const firstOfTwo = pairs[perBitext[0]].en[0];
    const lastOfOne = pairs[perBitext[0] - 1].en.at(-1)!;
    expect(firstOfTwo.index!).toBeGreaterThan(lastOfOne.index!);
    expect(firstOfTwo.text).toContain(en[12].slice(0, 20));
  });

  it("InterText keeps every document's sentences together, in order and in its own paragraphs", async () => {
    const meta = await exportMeta(db, projectId);
    const zip = await bytes(exportCorpus("intertext", corpusPairs(db, { projectId }), meta).chunks);
    const back = readInterTextZip(zip);
    // One <p> per document pair: the three documents' paragraph 0 must not merge into one.
    const files = unzipSync(zip);
    const enDoc = new TextDecoder().decode(files[Object.keys(files).find((n) => /\.en\.xml$/.test(n))!]);
    expect(enDoc.match(/<p id=/g)).toHaveLength(3);
    const enText = back.pairs
      .flatMap((p) => p.en)
      .sort((a, b) => a.index! - b.index!)
      .map((s) => s.text)
      .join(" ");
    // The three English documents, one after the other, whole.
    const expected = [0, 1, 2].map((k) => en.slice(k * 12, k * 12 + 12).join(" ")).join(" ");
    expect(enText.replace(/\s+/g, " ")).toBe(expected.replace(/\s+/g, " "));
  });

  it("JSON Lines of the project holds every aligned document pair; the pending one is counted as left out", async () => {
    const meta = await exportMeta(db, projectId);
    const text = new TextDecoder().decode(await bytes(exportCorpus("jsonl", corpusPairs(db, { projectId }), meta, { includeGaps: true }).chunks));
    const back = readJsonl(text);
    expect(back.pairs.length).toBe((await collect()).length);
    const scope = await exportScope(db, projectId);
    expect(scope.documentPairs).toBe(3);
    expect(scope.leftOut).toEqual([{ id: ids[3], title: "pending", status: "pending" }]);
  });
});

describeWithCorpora("bible", "project export: which document pair each pair comes from", () => {
  it("TMX, TSV and JSON Lines name the document pair of every pair, and read it back", async () => {
    const meta = await exportMeta(db, projectId);
    const perBitext = await Promise.all(ids.slice(0, 3).map((id) => db.alignmentPair.count({ where: { bitextId: id } })));
    const expected = ["one", "two", "three"].flatMap((title, k) => Array<string>(perBitext[k]).fill(title));
    for (const format of ["tmx", "tsv", "jsonl"] as const) {
      const text = new TextDecoder().decode(await bytes(exportCorpus(format, corpusPairs(db, { projectId }), meta, { includeGaps: true }).chunks));
      const back = format === "tmx" ? readTmx(text) : format === "tsv" ? readTsv(text) : readJsonl(text);
      // TSV leaves gap pairs out (a row needs both sides), so compare in order, pair by pair.
      const titles = back.pairs.map((p) => p.document);
      expect(titles.every((t) => t === "one" || t === "two" || t === "three"), format).toBe(true);
      if (format !== "tsv") expect(titles, format).toEqual(expected);
      expect(titles.indexOf("two"), format).toBeGreaterThan(titles.lastIndexOf("one"));
      expect(titles.indexOf("three"), format).toBeGreaterThan(titles.lastIndexOf("two"));
    }
  });
});

describeWithCorpora("bible", "project report", () => {
  it("lists every document pair of the project and totals over all of them", async () => {
    const r = (await getProjectReport(db, projectId))!;
    expect(r.bitexts.map((b) => b.title)).toEqual(["one", "two", "three", "pending"]);
    expect(r.totals.bitexts).toBe(4);
    const counts = await Promise.all(ids.map((id) => db.alignmentPair.count({ where: { bitextId: id } })));
    expect(r.bitexts.map((b) => b.pairs)).toEqual(counts);
    expect(r.totals.pairs).toBe(counts.reduce((a, b) => a + b, 0));
    expect(r.bitexts[3]).toMatchObject({ status: "pending", pairs: 0 });
    expect(r.totals.enWords).toBe(r.bitexts.reduce((a, b) => a + b.enWords, 0));
  });
});

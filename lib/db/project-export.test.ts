// Project-level export and report cover every document pair of a project (a batch): each
// aligned pair's beads, in project order; InterText writes one set of three files per document
// pair, named after it, ids restarting, and each set imports again as its document pair; TMX
// names who made and who changed each pair; the export dialog's counts follow the exporters'
// own filter. Pairs not aligned yet are left out of the export and counted, and the report
// lists every document pair.
import fs from "node:fs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { alignBitext, createBitext } from "./bitexts";
import os from "node:os";
import path from "node:path";
import { corpusPairs, exportCounts, exportMeta, exportScope, exportSource, openExportDownload, runExportJob } from "./export";
import { enqueueJob } from "./jobs";
import { getProjectReport } from "./report";
import { importAlignedCorpus } from "./import-aligned";
import { addFlag, confirmPair, correctSentences, type Actor } from "./review";
import { exportCorpus, readAlignmentUpload, readInterTextZipDocuments, readJsonl, readTmx, readTsv, type CorpusPair } from "../formats";
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

  it("InterText writes one set of three files per document pair, named after it, ids restarting; each set imports again", async () => {
    const meta = await exportMeta(db, projectId);
    const zip = await bytes(exportCorpus("intertext", await exportSource(db, "intertext", { projectId }), meta).chunks);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(["one", "two", "three"].flatMap((t) => [`${t}.zh.xml`, `${t}.en.xml`, `${t}.zh.en.xml`]));
    const back = readInterTextZipDocuments(zip);
    expect(back.map((d) => d.name)).toEqual(["one", "two", "three"]);
    for (const [k, title] of ["one", "two", "three"].entries()) {
      // ids restart: every document of every set begins at paragraph 1, sentence 1, in one paragraph
      const enDoc = new TextDecoder().decode(files[`${title}.en.xml`]);
      expect(enDoc).toContain('<p id="1">\n    <s id="1:1">');
      expect(enDoc.match(/<p id=/g)).toHaveLength(1);
      // the set holds that document pair whole, in order
      const enText = back[k].result.pairs.flatMap((p) => p.en).sort((a, b) => a.index! - b.index!).map((s) => s.text).join(" ");
      expect(enText.replace(/\s+/g, " ")).toBe(en.slice(k * 12, k * 12 + 12).join(" ").replace(/\s+/g, " "));
      // and imports again through the upload reader and the importer, pair for pair
      const upload = readAlignmentUpload(["zh.xml", "en.xml", "zh.en.xml"].map((ext) => ({ name: `${title}.${ext}`, bytes: files[`${title}.${ext}`] })));
      const { bitextId } = await importAlignedCorpus(db, { projectName: `Re-import ${title}`, title, mode: "parallel" }, upload.pairs, `${title}.zh.en.xml`);
      const original: CorpusPair[] = [];
      for await (const p of corpusPairs(db, { projectId, bitextId: ids[k] })) original.push(p);
      const again: CorpusPair[] = [];
      const reimported = (await db.bitext.findUniqueOrThrow({ where: { id: bitextId } })).projectId;
      for await (const p of corpusPairs(db, { projectId: reimported, bitextId })) again.push(p);
      const sides = (ps: CorpusPair[]) => ps.map((p) => [p.en.map((s) => s.text), p.zh.map((s) => s.text)]);
      expect(sides(again)).toEqual(sides(original));
    }
  });

  it("an InterText export job writes the same file sets and counts every pair it read", async () => {
    const job = await enqueueJob(db, { type: "export", payload: { projectId, format: "intertext" } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-export-"));
    const r = await runExportJob(db, job.id, { projectId, format: "intertext" }, { dir });
    expect(r.pairs).toBe((await collect()).length);
    await db.job.update({ where: { id: job.id }, data: { status: "done", result: r as object } });
    const out = await openExportDownload(db, job.id, dir);
    const body = Buffer.isBuffer(out.body) ? out.body : fs.readFileSync(path.join(dir, r.file!));
    expect(Object.keys(unzipSync(new Uint8Array(body)))).toEqual(["one", "two", "three"].flatMap((t) => [`${t}.zh.xml`, `${t}.en.xml`, `${t}.zh.en.xml`]));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the single-file formats still number the project's pairs on, across document pairs", async () => {
    const meta = await exportMeta(db, projectId);
    const text = new TextDecoder().decode(await bytes(exportCorpus("jsonl", await exportSource(db, "jsonl", { projectId }), meta, { includeGaps: true }).chunks));
    const back = readJsonl(text);
    expect(back.pairs.map((p) => p.position)).toEqual(back.pairs.map((_, i) => i));
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

describeWithCorpora("bible", "TMX: recorded authors, languages, score parts", () => {
  it("names who aligned each pair and who changed it last, with the dates; languages with a region; parts only when asked", async () => {
    const aligner = await db.user.create({ data: { email: "aligner@example.org", name: "Ada Aligner" } });
    const reviewer = await db.user.create({ data: { email: "li@example.org", name: "Li Reviewer" } });
    const b = await createBitext(db, { projectId, title: "authored", en: { text: en.slice(40, 50).join(" ") }, zh: { text: zh.slice(60, 74).join("") }, mode: "parallel" }, aligner.id);
    await alignBitext(db, b.id, { actorId: aligner.id });
    const pairs = await db.alignmentPair.findMany({ where: { bitextId: b.id }, orderBy: { position: "asc" }, include: { sentences: { include: { document: true } } } });
    const two = pairs.filter((p) => p.sentences.some((s) => s.document.lang === "en") && p.sentences.some((s) => s.document.lang === "zh"));
    const who: Actor = { id: reviewer.id, name: reviewer.name };
    await confirmPair(db, who, { pairId: two[0].id, expectedVersion: two[0].version });
    const enSentence = two[1].sentences.find((s) => s.document.lang === "en")!;
    await correctSentences(db, who, { edits: [{ sentenceId: enSentence.id, text: enSentence.text + " (checked)", base: enSentence.text }] });
    await addFlag(db, who, { pairId: two[2].id, category: "omission", severity: "major", note: "half missing" });

    const meta = await exportMeta(db, projectId, b.id);
    const xml = new TextDecoder().decode(await bytes(exportCorpus("tmx", await exportSource(db, "tmx", { projectId, bitextId: b.id }), meta, {}).chunks));
    expect(xml).toContain('<tuv xml:lang="zh-CN">');
    expect(xml).toContain('<tuv xml:lang="en-US">');
    expect(xml).not.toContain("x-score-parts");
    const back = readTmx(xml);
    expect(back.pairs.length).toBeGreaterThan(3);
    // every pair was made by the one who aligned the document pair, when it was aligned
    for (const p of back.pairs) {
      expect(p.created?.by).toBe("Ada Aligner");
      expect(p.created?.at).toBeInstanceOf(Date);
    }
    const tuOf = (pairId: number) => back.pairs[two.slice(0, 4).findIndex((p) => p.id === pairId)];
    expect(tuOf(two[0].id).changed?.by).toBe("Li Reviewer"); // confirmed
    expect(tuOf(two[1].id).changed?.by).toBe("Li Reviewer"); // a sentence corrected
    expect(tuOf(two[2].id).changed?.by).toBe("Li Reviewer"); // flagged
    expect(tuOf(two[3].id).changed).toBeUndefined(); // never touched
    expect(xml).toMatch(/changeid="Li Reviewer"/);
    const changedAt = tuOf(two[0].id).changed!.at!.getTime();
    expect(Math.abs(changedAt - Date.now())).toBeLessThan(120_000);

    const chosen = new TextDecoder().decode(
      await bytes(exportCorpus("tmx", await exportSource(db, "tmx", { projectId, bitextId: b.id }), meta, { langs: { zh: "zh-TW", en: "en-GB" }, scoreParts: true }).chunks),
    );
    expect(chosen).toContain('<tuv xml:lang="zh-TW">');
    expect(chosen).toContain('<tuv xml:lang="en-GB">');
    expect(chosen).toContain('<prop type="x-score-parts">');
    await db.bitext.delete({ where: { id: b.id } });
  });
});

describeWithCorpora("bible", "export counts", () => {
  it("say how many pairs each filter keeps, as the exporters count them", async () => {
    const pairs = await collect();
    const count = async (format: "tmx" | "intertext", filter: Parameters<typeof exportCounts>[3]) => {
      const meta = await exportMeta(db, projectId);
      const chunks = exportCorpus(format, await exportSource(db, format, { projectId }), meta, filter).chunks;
      const out = await bytes(chunks);
      if (format === "tmx") return readTmx(new TextDecoder().decode(out)).pairs.length;
      return readInterTextZipDocuments(out).reduce((n, d) => n + d.result.pairs.filter((p) => p.en.length + p.zh.length > 0).length, 0);
    };
    const filter = { minScore: 60, minConfidence: 0.5 };
    const c = await exportCounts(db, { projectId }, "tmx", filter);
    expect(c.all).toBe(pairs.filter((p) => p.en.length && p.zh.length).length);
    expect(c.all).toBe(await count("tmx", {}));
    expect(c.each.minScore).toBe(await count("tmx", { minScore: 60 }));
    expect(c.each.minConfidence).toBe(await count("tmx", { minConfidence: 0.5 }));
    expect(c.each.confirmedOnly).toBe(await count("tmx", { confirmedOnly: true }));
    expect(c.each.dropOpenMajorFlags).toBe(c.all);
    expect(c.kept).toBe(await count("tmx", filter));
    expect(c.each.minScore).toBeLessThan(c.all);
    expect(c.kept).toBeLessThanOrEqual(Math.min(c.each.minScore, c.each.minConfidence));
    // InterText keeps gaps by default
    const it = await exportCounts(db, { projectId }, "intertext", {});
    expect(it.all).toBe(pairs.length);
  });
});

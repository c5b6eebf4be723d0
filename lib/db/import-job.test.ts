// Aligned imports stored in chunks (lib/db/import-aligned.ts) and run as jobs
// (lib/db/import-job.ts), on SQLite and, in the PostgreSQL pass, on PostgreSQL: the chunks
// store exactly what one transaction stored; a cancel or a failure half-way leaves nothing;
// other writers are not held up while a large import runs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { importAlignedCorpus, ImportStopped, IMPORT_CHUNK_PAIRS, orderAlignedCorpus } from "./import-aligned";
import { discardUnstartedImport, ORPHAN_UPLOAD_MS, queueAlignedImport, removeOrphanUploads } from "./import-job";
import { cancelJob, getJob } from "./jobs";
import { runWorker } from "../jobs/worker";
import { listProjects } from "./projects";
import { readAlignmentUpload, type CorpusPair } from "../formats";
import { syntheticPairs, syntheticTmx } from "../../tests/synthetic-alignment";
import { corpusPath } from "../../tests/corpora";
import { itWithCorpora } from "../../tests/vitest-corpora";
import { LexicalDocScorer } from "../scoring/lexical";

let temp: TempDatabase;
let db: Db;
let ann: number;
const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-imports-"));

beforeAll(async () => {
  process.env.PARALLAX_IMPORT_DIR = uploads;
  temp = tempDatabase("import-job");
  db = temp.db;
  ann = (await db.user.create({ data: { name: "Ann", email: "ann@example.com" } })).id;
});
afterAll(async () => {
  await temp?.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

/** Every feature the import keeps: corrections, flags, confidence, status, paragraphs, sentence positions out of bead order, one-sided beads. */
function richPairs(n: number): CorpusPair[] {
  const base = syntheticPairs(n);
  return base.map((p, i) => ({
    ...p,
    en: i % 11 === 5 ? [] : p.en.map((s) => ({ ...s, paragraph: Math.floor(i / 4), ...(i % 9 === 2 ? { original: `${s.text} (as split)` } : {}) })),
    zh: i % 13 === 6 ? [] : [...p.zh.map((s) => ({ ...s, paragraph: Math.floor(i / 4) })), ...(i % 17 === 3 ? [{ text: `补充${i}。`, paragraph: Math.floor(i / 4) }] : [])],
    status: i % 5 === 0 ? ("confirmed" as const) : undefined,
    confidence: i % 3 === 0 ? 0.5 + (i % 50) / 100 : undefined,
    flags: i % 7 === 0 ? [{ category: "omission" as const, severity: "major" as const, note: `missing ${i}`, resolved: i % 14 === 0 }] : undefined,
  }));
}

/**
 * Where two JSON-like values differ, numbers compared to 14 significant digits: SQLite keeps a
 * JSON column's numbers as text with 15 digits, its own rounding (28.321492610358895 comes back
 * as 28.3214926103589, 23.10249826535525 as 23.1024982653553).
 */
function differences(a: unknown, b: unknown, at = "$"): string[] {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(a)) ? [] : [`${at}: ${a} ≠ ${b}`];
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return a === b ? [] : [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/** The stored document pair as plain rows, ids replaced by positions. */
async function snapshot(bitextId: number) {
  const bitext = await db.bitext.findUniqueOrThrow({ where: { id: bitextId }, select: { status: true, alignedMode: true, modeReason: true, requestedMode: true } });
  const docs = await db.document.findMany({ where: { bitextId }, orderBy: { lang: "asc" }, select: { lang: true, originalText: true, sourceName: true } });
  const pairs = await db.alignmentPair.findMany({
    where: { bitextId },
    orderBy: { position: "asc" },
    select: { position: true, score: true, scoreDetails: true, confidence: true, status: true, origin: true, crossing: true, flags: { select: { category: true, severity: true, note: true, source: true, resolved: true, authorId: true } } },
  });
  const sentences = await db.sentence.findMany({
    where: { document: { bitextId } },
    orderBy: [{ document: { lang: "asc" } }, { position: "asc" }],
    select: { position: true, paragraph: true, text: true, document: { select: { lang: true } }, pair: { select: { position: true } }, corrections: { select: { originalText: true, correctedText: true, authorId: true } } },
  });
  return { bitext, docs, pairs, sentences };
}

async function rowsOf(bitextId: number, projectId: number) {
  return {
    bitexts: await db.bitext.count({ where: { id: bitextId } }),
    pairs: await db.alignmentPair.count({ where: { bitextId } }),
    sentences: await db.sentence.count({ where: { document: { bitextId } } }),
    documents: await db.document.count({ where: { bitextId } }),
    project: await db.project.count({ where: { id: projectId } }),
  };
}
const NOTHING = { bitexts: 0, pairs: 0, sentences: 0, documents: 0, project: 0 };

describe("chunked storing", () => {
  it("stores exactly what one transaction stored", async () => {
    const pairs = richPairs(1000);
    // InterText-like positions: the document order differs from the bead order
    const positioned = pairs.map((p, i) => ({ ...p, en: p.en.map((s) => ({ ...s, index: i % 2 ? i - 1 : i + 1 })) }));
    for (const corpus of [pairs, positioned.slice(0, 998)]) {
      const one = await importAlignedCorpus(db, { projectName: `one ${Math.random()}`, title: "t", mode: "parallel" }, corpus, "x.tmx", ann, { chunkPairs: 1e9 });
      const chunks: number[] = [];
      const many = await importAlignedCorpus(db, { projectName: `many ${Math.random()}`, title: "t", mode: "parallel" }, corpus, "x.tmx", ann, {
        chunkPairs: 37,
        onChunk: (ms) => chunks.push(ms),
      });
      const a = await snapshot(one.bitextId);
      const b = await snapshot(many.bitextId);
      expect(b.pairs.length).toBe(corpus.filter((p) => p.en.length + p.zh.length).length);
      expect(chunks.length).toBe(Math.ceil(b.pairs.length / 37));
      expect(b.sentences.filter((s) => s.corrections.length).length).toBeGreaterThan(50);
      expect(b.pairs.filter((p) => p.flags.length).length).toBeGreaterThan(100);
      expect(b).toEqual(a);
      expect(b.bitext.status).toBe("ready");
    }
  });

  itWithCorpora("mac-dev", "stores the scores and parts a scorer prepared on the whole document pair gives (a real InterText file, scored a chunk at a time)", async () => {
    const files = ["dev-anno.003_zh.xml", "dev-anno.003_en.xml", "dev-anno.003_zh.003_en.xml"].map((name) => ({
      name,
      bytes: new Uint8Array(fs.readFileSync(corpusPath("mac-dev", "intertext", name))),
    }));
    const pairs = readAlignmentUpload(files).pairs;
    // the reference: what the import stored before it scored in chunks (one scorer on the whole pair)
    const corpus = orderAlignedCorpus(pairs, "mac 003");
    const whole = new LexicalDocScorer(corpus.zh.map((i) => i.s.text), corpus.en.map((i) => i.s.text));
    const at = (side: typeof corpus.zh) => new Map(side.map((i, n) => [`${i.pairIndex}:${i.k}`, n]));
    const [zhAt, enAt] = [at(corpus.zh), at(corpus.en)];
    const expected = corpus.kept.map((p, pi) => {
      const z = p.zh.map((_, k) => zhAt.get(`${pi}:${k}`)!);
      const e = p.en.map((_, k) => enAt.get(`${pi}:${k}`)!);
      const s = z.length && e.length ? whole.score(z, e) : { score: p.score ?? null, parts: null };
      return { score: s.score, scoreDetails: s.parts };
    });
    expect(corpus.kept.some((p) => p.zh.length > 1 || p.en.length > 1)).toBe(true);
    for (const chunkPairs of [13, undefined]) {
      const stored = await importAlignedCorpus(db, { projectName: `mac 003 ${chunkPairs}`, title: "t", mode: "parallel" }, pairs, "mac 003", ann, { chunkPairs });
      const rows = await db.alignmentPair.findMany({ where: { bitextId: stored.bitextId }, orderBy: { position: "asc" }, select: { score: true, scoreDetails: true } });
      expect(rows).toHaveLength(expected.length);
      expect(differences(rows, expected)).toEqual([]);
    }
  });

  it("makes the creator the owner of a new project", async () => {
    const r = await importAlignedCorpus(db, { projectName: "owned", title: "t", mode: "parallel" }, syntheticPairs(3), "x.tsv", ann);
    expect(await db.projectMember.findMany({ where: { projectId: r.projectId }, select: { userId: true, role: true } })).toEqual([{ userId: ann, role: "owner" }]);
  });

  it("leaves nothing of an import cancelled half-way, the project made for it included", async () => {
    const controller = new AbortController();
    let chunks = 0;
    const run = importAlignedCorpus(db, { projectName: "cancelled", title: "t", mode: "parallel" }, richPairs(800), "x.tmx", ann, {
      chunkPairs: 50,
      onChunk: () => {
        if (++chunks === 5) controller.abort("cancelled");
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toBeInstanceOf(ImportStopped);
    expect(chunks).toBe(5);
    const staged = await db.bitext.findMany({ where: { title: "t", project: { name: "cancelled" } } });
    expect(staged).toEqual([]);
    expect(await db.project.count({ where: { name: "cancelled" } })).toBe(0);
  });

  it("leaves nothing of an import that fails half-way, and keeps an existing project and its other document pairs", async () => {
    const existing = await importAlignedCorpus(db, { projectName: "kept", title: "first", mode: "parallel" }, syntheticPairs(20), "a.tsv", ann);
    let chunks = 0;
    let stagedId = 0;
    let listed: ReturnType<typeof listProjects> | undefined;
    const run = importAlignedCorpus(db, { projectId: existing.projectId, title: "second", mode: "parallel" }, richPairs(600), "b.tmx", ann, {
      chunkPairs: 50,
      onChunk: () => {
        if (++chunks === 2) listed = listProjects(db);
        if (chunks === 3) throw new Error("disk full");
      },
    });
    await expect(run).rejects.toThrow("disk full");
    // half-way, the project list counted only the ready document pair's pairs
    expect((await listed)!.find((p) => p.id === existing.projectId)?.pairCount).toBe(20);
    stagedId = (await db.bitext.findFirst({ where: { title: "second" } }))?.id ?? 0;
    expect(stagedId).toBe(0);
    expect(await db.bitext.findMany({ where: { projectId: existing.projectId }, select: { id: true } })).toEqual([{ id: existing.bitextId }]);
    expect(await db.alignmentPair.count({ where: { bitextId: existing.bitextId } })).toBe(20);
  });
});

describe("imports as jobs", () => {
  const upload = (n: number) => [{ name: "big.tmx", bytes: new Uint8Array(Buffer.from(syntheticTmx(n))) }];

  it("queues a staged document pair that is not ready, and the worker stores it and hands on the checks", async () => {
    const files = upload(1200);
    const corpus = readAlignmentUpload(files);
    const queued = await queueAlignedImport(db, { projectName: "queued", title: "big", mode: "parallel" }, files, corpus.pairs, ann);
    expect((await db.bitext.findUniqueOrThrow({ where: { id: queued.bitextId } })).status).toBe("importing");
    expect(await db.alignmentPair.count({ where: { bitextId: queued.bitextId } })).toBe(0);
    expect(fs.readdirSync(uploads)).toHaveLength(1);
    const stages: string[] = [];
    await runWorker(db, { untilIdle: true, workerId: "w", log: (m) => stages.push(m) });
    const job = (await getJob(db, queued.job.id))!;
    expect(job.error).toBeNull();
    expect(job.status).toBe("done");
    expect(job.result).toMatchObject({ pairs: 1200, bitextId: queued.bitextId });
    expect((await db.bitext.findUniqueOrThrow({ where: { id: queued.bitextId } })).status).toBe("ready");
    expect(await db.alignmentPair.count({ where: { bitextId: queued.bitextId } })).toBe(1200);
    expect(await db.job.count({ where: { bitextId: queued.bitextId, type: "checks", status: "done" } })).toBe(1);
    expect(fs.readdirSync(uploads)).toHaveLength(0); // the upload is removed
  });

  it("discards an import cancelled before it started: document pair, project and upload", async () => {
    const files = upload(30);
    const queued = await queueAlignedImport(db, { projectName: "never started", title: "t", mode: "parallel" }, files, readAlignmentUpload(files).pairs, ann);
    expect(await cancelJob(db, queued.job.id)).toBe(true);
    expect(await discardUnstartedImport(db, queued.job.id)).toBe(1);
    expect(await rowsOf(queued.bitextId, queued.projectId)).toEqual(NOTHING);
    expect(fs.readdirSync(uploads)).toHaveLength(0);
    expect((await getJob(db, queued.job.id))?.status).toBe("cancelled"); // the job stays as a record
  });

  it("discards an import cancelled while the worker stores it", async () => {
    const files = upload(12_000);
    const queued = await queueAlignedImport(db, { projectName: "cancelled while running", title: "t", mode: "parallel" }, files, readAlignmentUpload(files).pairs, ann);
    let cancelledAt = -1;
    const poll = setInterval(async () => {
      const n = await db.alignmentPair.count({ where: { bitextId: queued.bitextId } });
      if (n >= IMPORT_CHUNK_PAIRS && cancelledAt < 0) {
        cancelledAt = n;
        await cancelJob(db, queued.job.id);
      }
    }, 20);
    await runWorker(db, { untilIdle: true, workerId: "w", watchMs: 50 });
    clearInterval(poll);
    expect(cancelledAt).toBeGreaterThan(0);
    expect((await getJob(db, queued.job.id))?.status).toBe("cancelled");
    expect(await rowsOf(queued.bitextId, queued.projectId)).toEqual(NOTHING);
    expect(fs.readdirSync(uploads)).toHaveLength(0);
  });

  it("removes day-old upload folders that no queued or running import needs, and keeps the ones that are needed", async () => {
    const files = upload(10);
    const queued = await queueAlignedImport(db, { projectName: "uploads", title: "t", mode: "parallel" }, files, readAlignmentUpload(files).pairs, ann);
    fs.mkdirSync(path.join(uploads, "orphan"));
    const later = Date.now() + ORPHAN_UPLOAD_MS + 1000;
    expect(await removeOrphanUploads(db, Date.now())).toBe(0); // too young
    expect(await removeOrphanUploads(db, later)).toBe(1);
    expect(fs.readdirSync(uploads)).toEqual([(queued.job.payload as { upload: string }).upload]);
    await cancelJob(db, queued.job.id);
    await discardUnstartedImport(db, queued.job.id);
    expect(fs.readdirSync(uploads)).toEqual([]);
  });

  it("refuses a second import under the name of a project that exists, storing nothing", async () => {
    const files = upload(5);
    await expect(queueAlignedImport(db, { projectName: "queued", title: "again", mode: "parallel" }, files, readAlignmentUpload(files).pairs, 7)).rejects.toThrow(/exists already/);
    expect(fs.readdirSync(uploads)).toHaveLength(0);
  });

  it("queues a 19 MB TMX (111,111 units) in a few seconds", async () => {
    const files = upload(111_111);
    expect(files[0].bytes.length).toBeGreaterThan(19e6);
    const t = performance.now();
    const queued = await queueAlignedImport(db, { projectName: "huge", title: "t", mode: "parallel" }, files, readAlignmentUpload(files).pairs, ann);
    const ms = performance.now() - t;
    expect(queued.pairs).toBe(111_111);
    expect(ms).toBeLessThan(10_000);
    await cancelJob(db, queued.job.id);
    await discardUnstartedImport(db, queued.job.id);
  }, 60_000);
});

describe("other writers during a large import", () => {
  it("wait well under a second for the write lock while 20,000 units are stored", async () => {
    const other = createDb(temp.url);
    const project = await other.project.create({ data: { name: "editor's" } });
    const waits: number[] = [];
    let storing = false;
    let done = false;
    const editor = (async () => {
      while (!done) {
        if (storing) {
          const t = performance.now();
          await other.$transaction(async (tx) => {
            await tx.project.update({ where: { id: project.id }, data: { description: `edit ${waits.length}` } });
          });
          waits.push(performance.now() - t);
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    const chunks: number[] = [];
    try {
      await importAlignedCorpus(db, { projectName: "large", title: "t", mode: "parallel" }, syntheticPairs(20_000), "large.tmx", ann, {
        onProgress: (_d, _t, stage) => (storing = stage === "storing pairs"),
        onChunk: (ms) => chunks.push(ms),
      });
    } finally {
      done = true;
      await editor;
      await other.$disconnect();
    }
    const max = Math.max(...waits);
    const sorted = [...chunks].sort((a, b) => a - b);
    console.log(`${chunks.length} chunks: median ${sorted[chunks.length >> 1].toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; editor: ${waits.length} writes, longest ${max.toFixed(0)} ms`);
    expect(waits.length).toBeGreaterThan(10);
    expect(max).toBeLessThan(1000);
  }, 600_000);
});

// The project glossary: required term translations (English ↔ Chinese) the terminology check
// (terminology.glossary in lib/qa) looks for. Terms are added one by one or from a TSV
// ("English<TAB>Chinese[<TAB>note]", alternatives separated by "|"); after a change the
// automatic checks re-run over the project's document pairs (small ones here, see recheckProject).
import type { Db } from "./client";
import { runBitextChecks } from "./checks";
import { GlossaryParseError, parseGlossaryTsv, type GlossaryEntry } from "../qa";
import { spreadsheetCell } from "../formats/spreadsheet";

export class GlossaryError extends Error {
  override name = "GlossaryError";
  constructor(
    message: string,
    /** line-numbered problems of an uploaded TSV (1-based lines) */
    readonly problems: { line: number; message: string }[] = [],
  ) {
    super(message);
  }
}
export class GlossaryNotFoundError extends Error {
  override name = "GlossaryNotFoundError";
}

export interface GlossaryTermView {
  id: number;
  en: string;
  zh: string;
  note: string;
  createdAt: string;
}

/** Sentences (both languages) above which a document pair is re-checked by a job, not in the request. */
export const RECHECK_IN_REQUEST_LIMIT = 4000;

const MAX_TERMS_PER_UPLOAD = 5000;
const MAX_TERM_LENGTH = 200;

async function requireProject(db: Db, projectId: number) {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!p) throw new GlossaryNotFoundError(`Project ${projectId} does not exist`);
}

const view = (t: { id: number; en: string; zh: string; note: string; createdAt: Date }): GlossaryTermView => ({
  id: t.id,
  en: t.en,
  zh: t.zh,
  note: t.note,
  createdAt: t.createdAt.toISOString(),
});

/** Stored form of a parsed entry: alternatives joined by "|" (checks.ts splits them again). */
const stored = (e: GlossaryEntry) => ({ en: e.en.join("|"), zh: e.zh.join("|"), note: e.note ?? "" });

export async function listGlossary(db: Db, projectId: number): Promise<GlossaryTermView[]> {
  await requireProject(db, projectId);
  const terms = await db.glossaryTerm.findMany({ where: { projectId }, orderBy: [{ en: "asc" }, { id: "asc" }] });
  return terms.map(view);
}

export async function countGlossaryTerms(db: Db, projectId: number): Promise<number> {
  return db.glossaryTerm.count({ where: { projectId } });
}

/** One term, validated by the same rules as a TSV line. Throws GlossaryError (bad or duplicate term). */
export async function addGlossaryTerm(
  db: Db,
  projectId: number,
  input: { en: string; zh: string; note?: string },
): Promise<GlossaryTermView> {
  await requireProject(db, projectId);
  const cells = [input.en, input.zh, input.note ?? ""];
  if (cells.some((c) => /[\t\r\n]/.test(c))) throw new GlossaryError("A term cannot contain tabs or line breaks");
  if (cells.some((c) => c.length > MAX_TERM_LENGTH)) throw new GlossaryError(`A term is at most ${MAX_TERM_LENGTH} characters long`);
  let entry: GlossaryEntry;
  try {
    const parsed = parseGlossaryTsv(`${input.en}\t${input.zh}${input.note?.trim() ? `\t${input.note}` : ""}`);
    if (parsed.length !== 1) throw new GlossaryError("Give an English and a Chinese term");
    entry = parsed[0];
  } catch (err) {
    if (err instanceof GlossaryParseError) throw new GlossaryError(err.problems.map((p) => p.message).join("; "));
    throw err;
  }
  const data = stored(entry);
  const dup = await db.glossaryTerm.findFirst({ where: { projectId, en: data.en, zh: data.zh } });
  if (dup) throw new GlossaryError(`The glossary already has ${data.en} = ${data.zh}`);
  return view(await db.glossaryTerm.create({ data: { projectId, ...data } }));
}

export async function deleteGlossaryTerm(db: Db, projectId: number, termId: number): Promise<void> {
  const { count } = await db.glossaryTerm.deleteMany({ where: { id: termId, projectId } });
  if (count === 0) throw new GlossaryNotFoundError(`Project ${projectId} has no glossary term ${termId}`);
}

/**
 * Adds the terms of a TSV. Nothing is stored when any line is bad: the GlossaryError lists
 * every bad line with its number. Terms already in the glossary are skipped (counted).
 * With replace, the glossary becomes exactly the file's terms.
 */
export async function importGlossaryTsv(
  db: Db,
  projectId: number,
  tsv: string,
  opts: { replace?: boolean } = {},
): Promise<{ added: number; skipped: number; removed: number }> {
  await requireProject(db, projectId);
  let entries: GlossaryEntry[];
  try {
    entries = parseGlossaryTsv(tsv);
  } catch (err) {
    if (err instanceof GlossaryParseError) {
      throw new GlossaryError(
        `The glossary file has ${err.problems.length} bad line${err.problems.length === 1 ? "" : "s"}; nothing was stored`,
        err.problems,
      );
    }
    throw err;
  }
  if (!entries.length) throw new GlossaryError("The glossary file has no terms");
  if (entries.length > MAX_TERMS_PER_UPLOAD) throw new GlossaryError(`At most ${MAX_TERMS_PER_UPLOAD} terms per file`);
  const long = entries.find((e) => [...e.en, ...e.zh, e.note ?? ""].some((c) => c.length > MAX_TERM_LENGTH));
  if (long) throw new GlossaryError(`Terms are at most ${MAX_TERM_LENGTH} characters long`, [{ line: long.line, message: "term too long" }]);
  return db.$transaction(async (tx) => {
    const removed = opts.replace ? (await tx.glossaryTerm.deleteMany({ where: { projectId } })).count : 0;
    const have = new Set(
      (await tx.glossaryTerm.findMany({ where: { projectId }, select: { en: true, zh: true } })).map((t) => `${t.en}\t${t.zh}`),
    );
    const fresh: { projectId: number; en: string; zh: string; note: string }[] = [];
    let skipped = 0;
    for (const e of entries) {
      const d = stored(e);
      const key = `${d.en}\t${d.zh}`;
      if (have.has(key)) {
        skipped++;
        continue;
      }
      have.add(key);
      fresh.push({ projectId, ...d });
    }
    if (fresh.length) await tx.glossaryTerm.createMany({ data: fresh });
    return { added: fresh.length, skipped, removed };
  });
}

/** The glossary as a TSV (what importGlossaryTsv reads), its cells spreadsheet-safe. */
export async function glossaryTsv(db: Db, projectId: number): Promise<string> {
  const terms = await listGlossary(db, projectId);
  return ["en\tzh\tnote", ...terms.map((t) => [t.en, t.zh, t.note].map(spreadsheetCell).join("\t"))].join("\n") + "\n";
}

export interface RecheckSummary {
  /** document pairs re-checked now */
  checked: { bitextId: number; title: string; created: number; removed: number }[];
  /** document pairs too large to re-check in a request: their findings follow the glossary on their next alignment */
  deferred: { bitextId: number; title: string; sentences: number }[];
}

/**
 * Re-runs the automatic checks of the project's aligned document pairs after a glossary change.
 * Document pairs above RECHECK_IN_REQUEST_LIMIT sentences are left out (listed as deferred).
 */
export async function recheckProject(db: Db, projectId: number, limit = RECHECK_IN_REQUEST_LIMIT): Promise<RecheckSummary> {
  const bitexts = await db.bitext.findMany({
    where: { projectId, status: "ready" },
    orderBy: { position: "asc" },
    select: { id: true, title: true },
  });
  const out: RecheckSummary = { checked: [], deferred: [] };
  for (const b of bitexts) {
    const sentences = await db.sentence.count({ where: { document: { bitextId: b.id } } });
    if (sentences > limit) {
      out.deferred.push({ bitextId: b.id, title: b.title, sentences });
      continue;
    }
    const r = await runBitextChecks(db, b.id);
    out.checked.push({ bitextId: b.id, title: b.title, ...r });
  }
  return out;
}

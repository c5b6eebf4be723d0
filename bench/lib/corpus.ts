// A large aligned bitext for the load and crash tests: the gold alignments of the evaluation
// corpora (tests/corpora.ts; aca and MAC-Dev, real English–Chinese text with 1-1 and m-n
// beads), repeated to the size asked for and imported as a reviewable document pair.
import fs from "node:fs";
import type { Db } from "../../lib/db/client";
import { importAlignedCorpus } from "../../lib/db/import-aligned";
import type { CorpusPair } from "../../lib/formats/model";
import { corpusPath, requireCorpora } from "../../tests/corpora";

export function goldPairs(): CorpusPair[] {
  requireCorpora("aca", "mac-dev");
  const out: CorpusPair[] = [];
  const docs = [["aca", "001"], ...["001", "002", "003", "004", "005", "006"].map((d) => ["mac-dev", d])];
  for (const [corpus, doc] of docs) {
    const read = (ext: string) => fs.readFileSync(corpusPath(corpus, `${doc}.${ext}`), "utf8").split("\n");
    const zh = read("zh");
    const en = read("en");
    for (const line of read("align").filter(Boolean)) {
      const [z, e] = line.split(":").map((s) => JSON.parse(s) as number[]);
      out.push({ position: out.length, zh: z.map((i) => ({ text: zh[i] })), en: e.map((i) => ({ text: en[i] })) });
    }
  }
  return out;
}

/** Imports `count` pairs as one document pair; returns its ids and pair ids in reading order. */
export async function importBenchBitext(db: Db, count: number, projectName: string) {
  const gold = goldPairs();
  const pairs = Array.from({ length: count }, (_, i) => ({ ...gold[i % gold.length], position: i }));
  const { projectId, bitextId } = await importAlignedCorpus(db, { projectName, title: `${count} pairs`, mode: "parallel" }, pairs, "bench corpus");
  const order = (await db.alignmentPair.findMany({ where: { bitextId }, select: { id: true }, orderBy: { position: "asc" } })).map((p) => p.id);
  return { projectId, bitextId, order };
}

export async function maxAuditId(db: Db): Promise<number> {
  return (await db.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0;
}

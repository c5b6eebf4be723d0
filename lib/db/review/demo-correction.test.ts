// The demo's corrupting correction, reproduced: the pair whose Chinese side holds the caption
// 红旗小镇“两街一区”整体规划 (no final punctuation) and a longer sentence. Changing 整体规划 to
// 总体规划 once joined the sentences, re-split them and put both texts into the first one. Now
// the caption alone changes: every other sentence of the corpus stays byte-identical, and the
// TMX and InterText exports hold each sentence once, none empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../client";
import { corpusPairs, exportMeta } from "../export";
import { tempDatabase, type TempDatabase } from "../../../tests/db/test-db";
import { loadDemoProject } from "../../../seeds/load-demo";
import { exportCorpus, readInterTextZip, readTmx, type CorpusPair } from "../../formats";
import { createUser } from "../users";
import { correctSentences, currentText, mergeWithNext, undoLast } from ".";

const CAPTION = "红旗小镇“两街一区”整体规划";
const FIXED = "红旗小镇“两街一区”总体规划";

let temp: TempDatabase;
let db: Db;
let projectId: number;
beforeAll(async () => {
  temp = tempDatabase("demo-correction");
  db = temp.db;
  projectId = (await loadDemoProject(db)).projectId;
});
afterAll(() => temp?.close());

async function allSentences() {
  const rows = await db.sentence.findMany({ orderBy: { id: "asc" }, include: { corrections: true } });
  return rows.map((s) => ({ id: s.id, pairId: s.pairId, position: s.position, text: s.text, current: currentText(s) }));
}

async function exported(format: "tmx" | "intertext"): Promise<CorpusPair[]> {
  const { chunks } = exportCorpus(format, corpusPairs(db, { projectId }), await exportMeta(db, projectId));
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  const bytes = Buffer.concat(parts);
  return format === "tmx" ? readTmx(bytes.toString("utf8")).pairs : readInterTextZip(new Uint8Array(bytes)).pairs;
}

describe("the demo caption correction", () => {
  it("changes the caption only, and the exports stay clean", async () => {
    const caption = await db.sentence.findFirstOrThrow({ where: { text: CAPTION }, include: { corrections: true } });
    const editor = await createUser(db, { name: "Lin", email: "lin@example.org" });
    const actor = { id: editor.id, name: editor.name };
    // The report's case: the caption shares its pair with a longer Chinese sentence. Make sure
    // it does here too, whatever the aligner chose for the demo (a merge with the next pair).
    let pair = await db.alignmentPair.findUniqueOrThrow({ where: { id: caption.pairId! }, include: { sentences: { include: { document: true } } } });
    if (pair.sentences.filter((s) => s.document.lang === "zh").length < 2) {
      const next = await db.alignmentPair.findFirstOrThrow({ where: { bitextId: pair.bitextId, position: { gt: pair.position } }, orderBy: { position: "asc" } });
      await mergeWithNext(db, actor, { pairId: pair.id, expectedVersions: { [pair.id]: pair.version, [next.id]: next.version } });
      pair = await db.alignmentPair.findUniqueOrThrow({ where: { id: pair.id }, include: { sentences: { include: { document: true } } } });
    }
    const zhSide = pair.sentences.filter((s) => s.document.lang === "zh");
    expect(zhSide.length).toBeGreaterThanOrEqual(2);

    const before = await allSentences();
    const baseline = { tmx: await exported("tmx"), intertext: await exported("intertext") };
    await correctSentences(db, actor, { edits: [{ sentenceId: caption.id, text: FIXED, base: currentText(caption) }] });
    const after = await allSentences();

    // every other sentence byte-identical; the caption's original kept, its current text fixed
    expect(after.length).toBe(before.length);
    for (const [i, s] of after.entries()) {
      if (s.id === caption.id) expect(s).toEqual({ ...before[i], current: FIXED });
      else expect(s).toEqual(before[i]);
    }

    // exports: each sentence once, none empty, the caption as corrected, nothing else changed
    for (const format of ["tmx", "intertext"] as const) {
      const pairs = await exported(format);
      const texts = (side: "en" | "zh") => pairs.flatMap((p) => p[side].map((s) => s.text));
      expect(texts("zh").filter((t) => t.trim() === ""), format).toEqual([]);
      expect(texts("en").filter((t) => t.trim() === ""), format).toEqual([]);
      expect(texts("zh").filter((t) => t === FIXED), format).toHaveLength(1);
      expect(texts("zh").some((t) => t.includes(FIXED) && t !== FIXED), `${format}: the caption fused with another sentence`).toBe(false);
      const expectedZh = baseline[format].flatMap((p) => p.zh.map((s) => (s.text === CAPTION ? FIXED : s.text)));
      expect(texts("zh"), format).toEqual(expectedZh);
      expect(texts("en"), format).toEqual(baseline[format].flatMap((p) => p.en.map((s) => s.text)));
    }

    // and undo restores the corpus exactly
    await undoLast(db, actor, { bitextId: pair.bitextId });
    await undoLast(db, actor, { bitextId: pair.bitextId });
    const texts = (xs: { id: number; text: string; current: string }[]) => xs.map(({ id, text, current }) => ({ id, text, current }));
    expect(texts(await allSentences())).toEqual(texts(before));
  });
});

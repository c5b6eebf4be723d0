// Editor-style search in the review index and find-and-replace over corrections: preview with
// diffs, apply as corrections in one audit row, one undo; sentences changed since are skipped;
// a bad or catastrophic regex is a ValidationError (400).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { correctSentences, currentText, undoLast, ValidationError } from "../review";
import { applyReplace, previewReplace } from "./replace";
import { getPairIndex, pairFilterSchema } from "./view";
import { fakeScore, freshEnv, stateOf, type TestEnv } from "../../../tests/review/helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv();
}, 120_000);
afterAll(() => env?.close());

const index = (q: Record<string, unknown>) => getPairIndex(env.db, env.bitextId, pairFilterSchema.parse(q));

/** English sentences of the document pair, as reviewed. */
async function english() {
  const doc = await env.db.document.findFirstOrThrow({ where: { bitextId: env.bitextId, lang: "en" } });
  const rows = await env.db.sentence.findMany({ where: { documentId: doc.id, pairId: { not: null }, excluded: false }, include: { corrections: true } });
  return rows.map((s) => ({ ...s, current: currentText(s) }));
}

describe("search and find-and-replace", () => {
  it("filters the index with case, whole word, regex and language options", async () => {
    const en = await english();
    const word = en.map((s) => /\b([A-Z][a-z]{3,})\b/.exec(s.current)?.[1]).find(Boolean)!;
    const pairsWith = (re: RegExp) => new Set(en.filter((s) => re.test(s.current)).map((s) => s.pairId));
    const ids = async (q: Record<string, unknown>) => new Set((await index(q)).ids);
    expect(await ids({ q: word, qCase: "1", qLang: "en" })).toEqual(pairsWith(new RegExp(word)));
    expect(await ids({ q: word.toLowerCase(), qLang: "en" })).toEqual(pairsWith(new RegExp(word, "i")));
    expect(await ids({ q: word.slice(0, 3), qWord: "1", qLang: "en" })).toEqual(pairsWith(new RegExp(`(?<![\\p{L}\\p{N}_])${word.slice(0, 3)}(?![\\p{L}\\p{N}_])`, "iu")));
    expect(await ids({ q: "\\d{4}", qRegex: "1", qLang: "en" })).toEqual(pairsWith(/\d{4}/));
    expect((await ids({ q: word, qLang: "zh", qCase: "1" })).size).toBe(0);
    await expect(index({ q: "([a-z]", qRegex: "true" })).rejects.toThrow(ValidationError);
    await expect(index({ q: "([a-z]", qRegex: "true" })).rejects.toThrow(/Invalid regular expression/);
  });

  it("previews a regex replacement with $1, applies it as corrections in one audit row, and one undo restores all", async () => {
    const { db, alice, bob, bitextId } = env;
    const start = await stateOf(db, bitextId);
    const find = { q: "\\b(the) (\\w+)", regex: true, caseSensitive: true, lang: "en" as const };
    const preview = await previewReplace(db, bitextId, { find, replacement: "$2 $1" });
    expect(preview.sentences).toBeGreaterThan(2);
    const item = preview.items[0];
    expect(item.after).toBe(item.before.replace(/\b(the) (\w+)/gu, "$2 $1"));
    expect(item.diff.some((c) => c.added)).toBe(true);
    expect(item.diff.filter((c) => !c.added).map((c) => c.value).join("")).toBe(item.before);

    // Bob corrects one previewed sentence meanwhile: it is skipped, his text kept
    const bobs = preview.items[1];
    await correctSentences(db, bob, { edits: [{ sentenceId: bobs.sentenceId, base: bobs.before, text: `${bobs.before} (Bob)` }] }, { score: fakeScore });
    const afterBob = await stateOf(db, bitextId);
    const sentences = preview.items.map((i) => ({ sentenceId: i.sentenceId, base: i.before }));
    const r = await applyReplace(db, alice, bitextId, { find, replacement: "$2 $1", sentences }, { score: fakeScore });
    expect(r.skipped).toEqual([{ sentenceId: bobs.sentenceId, reason: "its text changed since the preview" }]);
    expect(r.changed).toHaveLength(preview.sentences - 1);
    const now = new Map((await english()).map((s) => [s.id, s]));
    for (const i of preview.items) if (i !== bobs) expect(now.get(i.sentenceId)!.current).toBe(i.after);
    expect(now.get(bobs.sentenceId)!.current).toBe(`${bobs.before} (Bob)`);
    const pairs = await db.alignmentPair.findMany({ where: { id: { in: r.pairIds } } });
    expect(pairs.every((p) => p.status === "corrected")).toBe(true);
    expect(await db.auditLog.count({ where: { bitextId, action: "replace" } })).toBe(1);

    const u = await undoLast(db, alice, { bitextId });
    expect(u?.action).toBe("replace");
    expect(await stateOf(db, bitextId)).toEqual(afterBob);
    await undoLast(db, bob, { bitextId });
    expect(await stateOf(db, bitextId)).toEqual(start);
  });

  it("refuses replacements that would empty a sentence and literal mode keeps $1 as text", async () => {
    const { db, bitextId } = env;
    const en = await english();
    const whole = en[0].current;
    const p = await previewReplace(db, bitextId, { find: { q: whole, caseSensitive: true, lang: "en" }, replacement: "" });
    expect(p.items.find((i) => i.sentenceId === en[0].id)).toBeUndefined();
    expect(p.refused).toContainEqual({ sentenceId: en[0].id, reason: "the sentence would be empty" });
    const lit = await previewReplace(db, bitextId, { find: { q: whole.split(" ")[0], caseSensitive: true, lang: "en" }, replacement: "$1" });
    expect(lit.items[0].after).toContain("$1");
  });
});

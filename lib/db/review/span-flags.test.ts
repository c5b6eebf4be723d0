// Span-level MQM flags: category and severity must be chosen (no silent default), spans are
// checked against the sentence, follow their text through corrections (or detach), come back
// with undo, and travel into the review rows, the TMX and JSONL exports and the report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addFlag, correctSentences, currentText, undoLast } from "../review";
import { pairOpSchema } from "../../review/schema";
import { getPairRows } from "./view";
import { corpusPairs, exportMeta } from "../export";
import { exportCorpus, collectText, readJsonl, readTmx } from "../../formats";
import { getProjectReport, reportCsv } from "../report";
import { freshEnv, fakeScore, stateOf, type TestEnv } from "../../../tests/review/helpers";

let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv();
}, 120_000);
afterAll(() => env?.close());

/** The first pair with an English sentence holding `word`, and that sentence. */
async function pairWithWord(word: RegExp) {
  const doc = await env.db.document.findFirstOrThrow({ where: { bitextId: env.bitextId, lang: "en" } });
  const sentences = await env.db.sentence.findMany({ where: { documentId: doc.id, excluded: false, pairId: { not: null } }, orderBy: { position: "asc" }, include: { corrections: true } });
  const s = sentences.find((x) => word.test(currentText(x)))!;
  const m = word.exec(currentText(s))!;
  return { pairId: s.pairId!, sentence: s, text: currentText(s), start: m.index, end: m.index + m[0].length, quoted: m[0] };
}

describe("span-level flags", () => {
  it("are refused without a category or a severity (no silent default) and with a span that does not fit", async () => {
    expect(pairOpSchema.safeParse({ op: "flag.add", severity: "major" }).error?.issues[0].message).toMatch(/choose an MQM category/);
    expect(pairOpSchema.safeParse({ op: "flag.add", category: "accuracy/omission" }).error?.issues[0].message).toMatch(/choose a severity/);
    expect(pairOpSchema.safeParse({ op: "flag.add", category: "accuracy/omission", severity: "neutral" }).success).toBe(true);
    const { pairId, sentence, start, end, quoted } = await pairWithWord(/\b[A-Za-z]{4,}\b/);
    const actor = env.alice;
    // @ts-expect-error: the category is missing on purpose
    await expect(addFlag(env.db, actor, { pairId, severity: "major" })).rejects.toThrow(/category/);
    const span = { side: "en" as const, sentenceId: sentence.id, start, end, text: quoted };
    await expect(addFlag(env.db, actor, { pairId, category: "accuracy/mistranslation", severity: "minor", span: { ...span, text: "x".repeat(end - start) } })).rejects.toThrow(/not the sentence's text/);
    await expect(addFlag(env.db, actor, { pairId, category: "accuracy/mistranslation", severity: "minor", span: { ...span, side: "zh" } })).rejects.toThrow(/Chinese side/);
    await expect(addFlag(env.db, actor, { pairId: pairId + 1, category: "accuracy/mistranslation", severity: "minor", span })).rejects.toThrow(/not in pair/);
  });

  it("follow their text through a correction, detach when it changes, and undo puts both back", async () => {
    const { db, alice, bitextId } = env;
    const { pairId, sentence, text, start, end, quoted } = await pairWithWord(/\b[A-Za-z]{5,}\b/);
    const r = await addFlag(db, alice, { pairId, category: "accuracy/mistranslation", severity: "major", note: "wrong word", span: { side: "en", sentenceId: sentence.id, start, end, text: quoted } });
    let [row] = await getPairRows(db, bitextId, [pairId]);
    expect(row.flags.find((f) => f.id === r.flagId)!.span).toEqual({ side: "en", sentenceId: sentence.id, start, end, text: quoted, detached: false });
    const flagged = await stateOf(db, bitextId);

    // text added before the span: the span moves with its word
    await correctSentences(db, alice, { edits: [{ sentenceId: sentence.id, base: text, text: `Indeed, ${text}` }] }, { score: fakeScore });
    [row] = await getPairRows(db, bitextId, [pairId]);
    let span = row.flags.find((f) => f.id === r.flagId)!.span!;
    expect([span.start, span.end, span.detached]).toEqual([start + 8, end + 8, false]);
    expect(row.en.find((s) => s.id === sentence.id)!.text.slice(span.start, span.end)).toBe(quoted);

    // the spanned word itself changed: the flag stays, its span is detached
    const changed = `Indeed, ${text.slice(0, start)}XYZ${text.slice(end)}`;
    await correctSentences(db, alice, { edits: [{ sentenceId: sentence.id, base: `Indeed, ${text}`, text: changed }] }, { score: fakeScore });
    [row] = await getPairRows(db, bitextId, [pairId]);
    span = row.flags.find((f) => f.id === r.flagId)!.span!;
    expect(span.detached).toBe(true);
    expect(span.text).toBe(quoted);

    // one undo each: attached again, then back at the original offsets
    await undoLast(db, alice, { bitextId });
    [row] = await getPairRows(db, bitextId, [pairId]);
    span = row.flags.find((f) => f.id === r.flagId)!.span!;
    expect([span.start, span.detached]).toEqual([start + 8, false]);
    await undoLast(db, alice, { bitextId });
    expect(await stateOf(db, bitextId)).toEqual(flagged);
    [row] = await getPairRows(db, bitextId, [pairId]);
    expect(row.flags.find((f) => f.id === r.flagId)!.span).toMatchObject({ start, end, detached: false });
  });

  it("are exported with their offsets (TMX prop and note, JSONL) and counted in the report's MQM score", async () => {
    const { db, bitextId } = env;
    const bitext = await db.bitext.findUniqueOrThrow({ where: { id: bitextId } });
    const { pairId, sentence, start, end, quoted } = await pairWithWord(/\b[A-Za-z]{6,}\b/);
    await addFlag(db, env.bob, { pairId, category: "linguistic/spelling", severity: "critical", span: { side: "en", sentenceId: sentence.id, start, end, text: quoted } });
    const scope = { projectId: bitext.projectId, bitextId };
    const meta = await exportMeta(db, bitext.projectId, bitextId);
    const text = (format: "jsonl" | "tmx") => collectText(exportCorpus(format, corpusPairs(db, scope), meta).chunks as AsyncGenerator<string>);
    const jsonl = await text("jsonl");
    const tmx = await text("tmx");
    const want = { side: "en", sentence: expect.any(Number), start, end, text: quoted };
    const fromJsonl = readJsonl(jsonl).pairs.flatMap((p) => (p.flags ?? []).filter((f) => f.category === "linguistic/spelling").map((f) => ({ f, p })));
    expect(fromJsonl).toHaveLength(1);
    expect(fromJsonl[0].f.span).toEqual(want);
    // the index names the sentence among the pair's exported English sentences
    expect(fromJsonl[0].p.en[fromJsonl[0].f.span!.sentence].text.slice(start, end)).toBe(quoted);
    const fromTmx = readTmx(tmx).pairs.flatMap((p) => (p.flags ?? []).filter((f) => f.category === "linguistic/spelling"));
    expect(fromTmx[0].span).toEqual(want);
    expect(tmx).toContain(`<note>MQM linguistic/spelling (critical) en[${fromTmx[0].span!.sentence}]@${start}-${end}`);

    const report = (await getProjectReport(db, bitext.projectId))!;
    expect(report.method.weights).toEqual({ neutral: 0, minor: 1, major: 5, critical: 25 });
    expect(report.editorFlags.byCategory["linguistic/spelling"].critical).toBe(1);
    expect(report.spanFlags.some((f) => f.category === "linguistic/spelling" && f.start === start && f.text === quoted)).toBe(true);
    const penalty = report.editorFlags.penalty;
    expect(report.editorFlags.penaltyPer1000).toBe(Math.round((penalty * 1000 * 100) / report.totals.enWords) / 100);
    const csv = reportCsv(report);
    expect(csv).toContain(`span_flag,${bitext.title}`);
    expect(csv).toContain("mqm_weight,all,,penalty_points,critical,25");
  });
});

// The project report on a temp database: exact numbers on a hand-built document pair, and the
// demo project (automatic findings counted apart from editors' flags).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { loadDemoProject } from "../../seeds/load-demo";
import { addFlag, correctSentences, resolveFlag } from "./review";
import { createUser } from "./users";
import { countChineseCharacters, countEnglishWords, getProjectReport, MQM_WEIGHTS, reportCsv } from "./report";

/** A project with one document pair of three beads: 1-1 (score 80), 1-1 (score 30), an English gap, and a clutter pair. */
async function handBuilt(db: TempDatabase["db"]) {
  const project = await db.project.create({ data: { name: "report fixture" } });
  const bitext = await db.bitext.create({ data: { projectId: project.id, title: "Fixture", status: "ready" } });
  const en = await db.document.create({ data: { bitextId: bitext.id, lang: "en", title: "en", originalText: "" } });
  const zh = await db.document.create({ data: { bitextId: bitext.id, lang: "zh", title: "zh", originalText: "" } });
  const beads: { score: number | null; en: string[]; zh: string[]; excluded?: boolean }[] = [
    { score: 80, en: ["The town has two streets."], zh: ["小镇有两条街。"] }, // 5 words, 6 characters
    { score: 30, en: ["It opened in 2019 with one-year plans."], zh: ["它于2019年开放。"] }, // 7 words, 5 characters
    { score: null, en: ["Nobody's home."], zh: [] }, // 2 words
    { score: null, en: ["Share this article"], zh: [], excluded: true }, // clutter: not counted
  ];
  const pairIds: number[] = [];
  let e = 0;
  let z = 0;
  for (const [i, b] of beads.entries()) {
    const pair = await db.alignmentPair.create({ data: { bitextId: bitext.id, position: i, score: b.score } });
    pairIds.push(pair.id);
    for (const text of b.en) await db.sentence.create({ data: { documentId: en.id, position: e++, paragraph: 0, text, pairId: pair.id, excluded: !!b.excluded } });
    for (const text of b.zh) await db.sentence.create({ data: { documentId: zh.id, position: z++, paragraph: 0, text, pairId: pair.id } });
  }
  return { projectId: project.id, bitextId: bitext.id, pairIds };
}

describe("word counts", () => {
  it("counts English words (hyphen/apostrophe joined) and Chinese characters", () => {
    expect(countEnglishWords("It opened in 2019 with one-year plans.")).toBe(7);
    expect(countEnglishWords("Nobody's home, 3.5 km away")).toBe(5);
    expect(countChineseCharacters("它于2019年开放。")).toBe(5);
    expect(countChineseCharacters("Hongqi 红旗")).toBe(2);
  });
});

describe("project report", () => {
  let t: TempDatabase;
  beforeAll(() => {
    t = tempDatabase("report");
  });
  afterAll(async () => {
    await t.close();
  });

  it("computes words, review share and the MQM penalty per 1,000 English words from editors' flags", async () => {
    const { db } = t;
    const { projectId, bitextId, pairIds } = await handBuilt(db);
    const ada = await createUser(db, { name: "Ada", email: "ada1@example.org" });
    const actor = { id: ada.id, name: ada.name };

    let r = (await getProjectReport(db, projectId))!;
    expect(r.totals).toMatchObject({ bitexts: 1, pairs: 4, clutter: 1, gaps: 1, enWords: 14, zhChars: 11, words: 25, reviewed: 0, reviewedPct: 0, meanScore: 55 });
    expect(r.editorFlags.penalty).toBe(0);
    expect(r.editorFlags.penaltyPer1000).toBe(0);
    expect(r.worstPairs.lowestScore.map((p) => p.pairId)).toEqual([pairIds[1], pairIds[0]]);
    expect(r.worstPairs.mostPenalised).toEqual([]);

    // a critical and a minor flag on the 2nd pair, a major one on the 1st
    const v = async (id: number) => (await db.alignmentPair.findUniqueOrThrow({ where: { id } })).version;
    await addFlag(db, actor, { pairId: pairIds[1], category: "number", severity: "critical", expectedVersion: await v(pairIds[1]) });
    const minor = await addFlag(db, actor, { pairId: pairIds[1], category: "fluency", severity: "minor", expectedVersion: await v(pairIds[1]) });
    await addFlag(db, actor, { pairId: pairIds[0], category: "terminology", severity: "major", expectedVersion: await v(pairIds[0]) });
    // an automatic finding never counts in the editors' penalty
    await db.flag.create({ data: { pairId: pairIds[0], category: "omission", severity: "critical", source: "check", checkId: "omission.content", checkKey: "k1" } });

    r = (await getProjectReport(db, projectId))!;
    expect(r.editorFlags.open).toBe(3);
    expect(r.editorFlags.penalty).toBe(25 + 5 + 1);
    expect(r.editorFlags.penaltyPer1000).toBe(Math.round((31 * 1000 * 100) / 14) / 100); // 2214.29
    expect(r.editorFlags.penaltyPer1000).toBeCloseTo(2214.29, 2);
    // stored legacy categories are reported under their MQM core category (number: a mistranslation)
    expect(r.editorFlags.byCategory["accuracy/mistranslation"]).toEqual({ neutral: 0, minor: 0, major: 0, critical: 1 });
    expect(r.editorFlags.byCategory.linguistic).toEqual({ neutral: 0, minor: 1, major: 0, critical: 0 });
    expect(r.editorFlags.byCategory.terminology).toEqual({ neutral: 0, minor: 0, major: 1, critical: 0 });
    expect(r.editorFlags.byCategory.number).toBeUndefined();
    expect(r.checkFindings).toMatchObject({ open: 1, dismissed: 0, penalty: 25, bySeverity: { neutral: 0, minor: 0, major: 0, critical: 1 } });
    expect(r.checkFindings.byCheck["omission.content"]).toMatchObject({ critical: 1, category: "omission" });
    expect(r.checkFindings.penaltyPer1000).toBeCloseTo(1785.71, 2);
    // flagged pairs count as reviewed (status "flagged"): 2 of the 3 pairs that are not clutter
    expect(r.totals.reviewed).toBe(2);
    expect(r.totals.reviewedPct).toBe(66.7);
    expect(r.worstPairs.mostPenalised.map((p) => [p.pairId, p.editorPenalty, p.checkPenalty])).toEqual([
      [pairIds[1], 26, 0],
      [pairIds[0], 5, 25],
    ]);
    expect(r.worstPairs.mostPenalised[0].href).toBe(`/projects/${projectId}/bitexts/${bitextId}?pair=${pairIds[1]}`);
    expect(r.worstPairs.mostPenalised[0].number).toBe(2);

    // resolving keeps the error in the headline penalty (found in the translation as delivered), not in the open one
    await resolveFlag(db, actor, { flagId: minor.flagId!, expectedVersion: 1 });
    r = (await getProjectReport(db, projectId))!;
    expect(r.editorFlags).toMatchObject({ open: 2, resolved: 1, penalty: 31, openPenalty: 30 });
    expect(r.editorFlags.openPenaltyPer1000).toBeCloseTo(2142.86, 2);

    // a correction changes the word count (current text)
    const first = await db.sentence.findFirstOrThrow({ where: { pairId: pairIds[0], document: { lang: "en" } }, orderBy: { position: "asc" } });
    await correctSentences(db, actor, { edits: [{ sentenceId: first.id, text: "The small town has two long streets.", base: first.text }] });
    r = (await getProjectReport(db, projectId))!;
    expect(r.totals.enWords).toBe(16);
    expect(r.editorFlags.penaltyPer1000).toBeCloseTo(1937.5, 2);

    const csv = reportCsv(r);
    expect(csv.startsWith("\uFEFFsection,document_pair,pair,item,severity,value\r\n")).toBe(true);
    expect(csv).toContain("summary,all,,editor_penalty_per_1000_words,,1937.5\r\n");
    expect(csv).toContain("editor_flags,all,,accuracy/mistranslation,critical,1\r\n");
    expect(csv).toContain("check_findings,all,,omission.content,critical,1\r\n");
    expect(csv).toContain("most_penalised,Fixture,2,editor_penalty,,26\r\n");

    // a title a spreadsheet would run as a formula is written as text
    await db.bitext.updateMany({ where: { projectId }, data: { title: '=HYPERLINK("http://evil.example","x")' } });
    const hostile = reportCsv((await getProjectReport(db, projectId))!);
    expect(hostile).toContain(`most_penalised,"'=HYPERLINK(""http://evil.example"",""x"")",2,editor_penalty,,26\r\n`);
    expect(hostile).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it("reports the demo project: automatic findings apart, no editor penalty until editors flag", async () => {
    const { db } = t;
    const { projectId } = await loadDemoProject(db);
    const pairs = await db.alignmentPair.count({ where: { bitext: { projectId } } });
    const checkFlags = await db.flag.findMany({ where: { pair: { bitext: { projectId } }, source: "check" } });
    expect(checkFlags.length).toBeGreaterThan(0);

    const r = (await getProjectReport(db, projectId))!;
    expect(r.totals.pairs).toBe(pairs);
    const live = await db.sentence.findMany({ where: { document: { bitext: { projectId } }, excluded: false, pairId: { not: null } }, include: { document: true } });
    const sumOf = (lang: string, f: (s: string) => number) => live.filter((s) => s.document.lang === lang).reduce((a, s) => a + f(s.text), 0);
    expect(r.totals.enWords).toBe(sumOf("en", countEnglishWords));
    expect(r.totals.zhChars).toBe(sumOf("zh", countChineseCharacters));
    expect(r.totals.enWords).toBeGreaterThan(300);
    expect(r.totals.zhChars).toBeGreaterThan(1000);
    expect(r.editorFlags.open + r.editorFlags.resolved).toBe(0);
    expect(r.editorFlags.penaltyPer1000).toBe(0);
    expect(r.checkFindings.open).toBe(checkFlags.filter((f) => !f.resolved).length);
    const weight = checkFlags.reduce((a, f) => a + MQM_WEIGHTS[f.severity as keyof typeof MQM_WEIGHTS], 0);
    expect(r.checkFindings.penalty).toBe(weight);
    expect(Object.values(r.checkFindings.byCheck).reduce((a, c) => a + c.minor + c.major + c.critical, 0)).toBe(checkFlags.length);
    const scored = await db.alignmentPair.count({ where: { bitext: { projectId }, score: { not: null } } });
    expect(scored).toBeGreaterThan(0);
    expect(r.scoreHistogram.reduce((a, b) => a + b, 0)).toBe(scored);
    expect(r.worstPairs.lowestScore).toHaveLength(Math.min(10, scored));
    for (let i = 1; i < r.worstPairs.lowestScore.length; i++) expect(r.worstPairs.lowestScore[i].score!).toBeGreaterThanOrEqual(r.worstPairs.lowestScore[i - 1].score!);

    // one critical editor flag: 25 points per the English word count
    const ada = await createUser(db, { name: "Ada", email: "ada2@example.org" });
    const target = r.worstPairs.lowestScore[r.worstPairs.lowestScore.length - 1];
    const version = (await db.alignmentPair.findUniqueOrThrow({ where: { id: target.pairId } })).version;
    await addFlag(db, { id: ada.id }, { pairId: target.pairId, category: "mistranslation", severity: "critical", expectedVersion: version });
    const after = (await getProjectReport(db, projectId))!;
    expect(after.editorFlags.penalty).toBe(25);
    expect(after.editorFlags.penaltyPer1000).toBeCloseTo((25 * 1000) / after.totals.enWords, 2);
    expect(after.worstPairs.mostPenalised[0]).toMatchObject({ pairId: target.pairId, editorPenalty: 25 });
    expect(after.checkFindings.open).toBe(r.checkFindings.open);
  });

  it("answers null for a missing project", async () => {
    expect(await getProjectReport(t.db, 999_999)).toBeNull();
  });
});

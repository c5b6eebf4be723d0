// The project glossary on a temp database: validation like a TSV line, uploads with
// line-numbered errors (all or nothing), deletion, and re-checking the document pairs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { loadDemoProject } from "../../seeds/load-demo";
import { dismissCheckFlag } from "./checks";
import {
  addGlossaryTerm,
  deleteGlossaryTerm,
  GlossaryError,
  GlossaryNotFoundError,
  glossaryTsv,
  importGlossaryTsv,
  listGlossary,
  recheckProject,
} from "./glossary";

describe("project glossary", () => {
  let t: TempDatabase;
  let projectId: number;
  beforeAll(async () => {
    t = tempDatabase("glossary");
    projectId = (await loadDemoProject(t.db)).projectId;
  });
  afterAll(async () => {
    await t.close();
  });

  const glossaryFindings = () =>
    t.db.flag.findMany({ where: { pair: { bitext: { projectId } }, source: "check", checkId: "terminology.glossary" }, orderBy: { id: "asc" } });

  it("adds, lists and deletes terms; rejects bad and duplicate ones", async () => {
    const { db } = t;
    const term = await addGlossaryTerm(db, projectId, { en: " FAW | First Automobile Works ", zh: "一汽", note: "company" });
    expect(term).toMatchObject({ en: "FAW|First Automobile Works", zh: "一汽", note: "company" });
    await expect(addGlossaryTerm(db, projectId, { en: "FAW|First Automobile Works", zh: "一汽" })).rejects.toThrow(/already has/);
    await expect(addGlossaryTerm(db, projectId, { en: "town", zh: "town" })).rejects.toThrow(/no Chinese characters/);
    await expect(addGlossaryTerm(db, projectId, { en: "小镇", zh: "town" })).rejects.toThrow(/swapped/);
    await expect(addGlossaryTerm(db, projectId, { en: "", zh: "小镇" })).rejects.toThrow(GlossaryError);
    await expect(addGlossaryTerm(db, projectId, { en: "a\tb", zh: "小镇" })).rejects.toThrow(/tabs/);
    await expect(addGlossaryTerm(db, 999_999, { en: "town", zh: "小镇" })).rejects.toThrow(GlossaryNotFoundError);
    expect((await listGlossary(db, projectId)).map((x) => x.zh)).toEqual(["一汽"]);

    await expect(deleteGlossaryTerm(db, 999_999, term.id)).rejects.toThrow(GlossaryNotFoundError);
    await deleteGlossaryTerm(db, projectId, term.id);
    expect(await listGlossary(db, projectId)).toEqual([]);
    await expect(deleteGlossaryTerm(db, projectId, term.id)).rejects.toThrow(GlossaryNotFoundError);
  });

  it("imports a TSV: every bad line is reported with its number and nothing is stored", async () => {
    const { db } = t;
    const bad = ["en\tzh", "Hongqi Town\t红旗小镇", "no tab here", "town\ttown", "Hongqi Town\t红旗小镇", ""].join("\n");
    const err = await importGlossaryTsv(db, projectId, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GlossaryError);
    expect((err as GlossaryError).problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect((err as GlossaryError).problems[2].message).toBe("duplicate of line 2");
    expect(await listGlossary(db, projectId)).toEqual([]);

    const good = "# demo glossary\nen\tzh\nHongqi Town\t红旗小镇\tthe project\nChina FAW|FAW\t中国一汽\n";
    expect(await importGlossaryTsv(db, projectId, good)).toEqual({ added: 2, skipped: 0, removed: 0 });
    expect(await importGlossaryTsv(db, projectId, good)).toEqual({ added: 0, skipped: 2, removed: 0 });
    expect(await importGlossaryTsv(db, projectId, "Changchun\t长春\n", { replace: true })).toEqual({ added: 1, skipped: 0, removed: 2 });
    expect(await glossaryTsv(db, projectId)).toBe("en\tzh\tnote\nChangchun\t长春\t\n");
    await expect(importGlossaryTsv(db, projectId, "\n# nothing\n")).rejects.toThrow(/no terms/);

    // cells a spreadsheet would run as formulas are written as text, and read back unchanged
    await importGlossaryTsv(db, projectId, 'Changchun\t长春\t=HYPERLINK("http://evil.example")\n@SUM town\t小镇\t-1\n', { replace: true });
    const tsv = await glossaryTsv(db, projectId);
    expect(tsv).toBe('en\tzh\tnote\n\'@SUM town\t小镇\t\'-1\nChangchun\t长春\t\'=HYPERLINK("http://evil.example")\n');
    expect(await importGlossaryTsv(db, projectId, tsv, { replace: true })).toEqual({ added: 2, skipped: 0, removed: 2 });
    expect((await listGlossary(db, projectId)).map((x) => [x.en, x.note])).toEqual([
      ["@SUM town", "-1"],
      ["Changchun", '=HYPERLINK("http://evil.example")'],
    ]);
    await importGlossaryTsv(db, projectId, "Changchun\t长春\n", { replace: true }).then(() => db.glossaryTerm.deleteMany({ where: { projectId } }));
  });

  it("re-checks the document pairs after a change: terminology findings follow the glossary, dismissals stay", async () => {
    const { db } = t;
    expect(await glossaryFindings()).toHaveLength(0);
    const editorFlagsBefore = await db.flag.count({ where: { source: "editor" } });

    // the demo's English says "Hongqi", never "Red Flag": every pair with 红旗 on the Chinese side gets a finding
    await addGlossaryTerm(db, projectId, { en: "Red Flag", zh: "红旗" });
    const summary = await recheckProject(db, projectId);
    expect(summary.deferred).toEqual([]);
    expect(summary.checked).toHaveLength(1);
    const found = await glossaryFindings();
    expect(found.length).toBeGreaterThan(0);
    expect(summary.checked[0].created).toBe(found.length);
    for (const f of found) expect(f).toMatchObject({ category: "terminology", resolved: false });
    // 红旗 in the Chinese without "Red Flag" in the English: major, with the Chinese term as evidence
    const major = found.filter((f) => f.severity === "major");
    expect(major.length).toBeGreaterThan(0);
    for (const f of major) expect((f.evidence as { side: string; text: string }[]).some((e) => e.side === "zh" && e.text.includes("红旗"))).toBe(true);

    // a dismissed finding stays dismissed when the checks run again
    await dismissCheckFlag(db, found[0].id, null);
    await recheckProject(db, projectId);
    const again = await glossaryFindings();
    expect(again).toHaveLength(found.length);
    expect(again.find((f) => f.id === found[0].id)?.resolved).toBe(true);

    // deleting the term removes the open findings (the dismissed one is kept as the record)
    const [term] = await listGlossary(db, projectId);
    await deleteGlossaryTerm(db, projectId, term.id);
    const removed = await recheckProject(db, projectId);
    expect(removed.checked[0].removed).toBe(found.length - 1);
    expect((await glossaryFindings()).map((f) => [f.id, f.resolved])).toEqual([[found[0].id, true]]);

    // editors' flags are never touched
    expect(await db.flag.count({ where: { source: "editor" } })).toBe(editorFlagsBefore);
  });

  it("leaves large document pairs to a later run (reported as deferred)", async () => {
    const r = await recheckProject(t.db, projectId, 10);
    expect(r.checked).toEqual([]);
    expect(r.deferred).toHaveLength(1);
    expect(r.deferred[0].sentences).toBeGreaterThan(10);
  });
});

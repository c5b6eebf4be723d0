// Re-scoring after an edit stays on the aligner's scale: an unchanged bead keeps its score,
// a small edit moves it a little, not from one end of the scale to the other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDatabase, type TempDatabase } from "../../../tests/db/test-db";
import { loadDemoProject } from "../../../seeds/load-demo";
import { getBitextPairs } from "../projects";
import { documentScore } from "./scoring";
import { scorePair } from "../../alignment";

let temp: TempDatabase;
beforeAll(() => {
  temp = tempDatabase("rescore");
});
afterAll(() => temp?.close());

describe("document-scale re-scoring", () => {
  it("gives unchanged pairs their aligned score and keeps small edits close", async () => {
    const { projectId } = await loadDemoProject(temp.db);
    const bitext = await temp.db.bitext.findFirstOrThrow({ where: { projectId } });
    const score = await documentScore(temp.db, bitext.id);
    const pairs = (await getBitextPairs(temp.db, bitext.id, { limit: 1000 })).filter((p) => p.score !== null);
    expect(pairs.length).toBeGreaterThan(2);
    let inDocument = 0;
    let withoutDocument = 0;
    for (const p of pairs) {
      const zh = p.zh.map((s) => s.text);
      const en = p.en.map((s) => s.text);
      expect(Math.abs(score(zh, en).score - p.score!)).toBeLessThanOrEqual(2);
      const editedEn = ["Indeed, " + en[0], ...en.slice(1)];
      const edited = score(zh, editedEn).score;
      inDocument += Math.abs(edited - p.score!);
      withoutDocument += Math.abs(scorePair(zh, editedEn).score - p.score!);
    }
    // Scored without the document, the same edits land much further from the aligned scale.
    expect(inDocument).toBeLessThan(withoutDocument / 2);
  });
});

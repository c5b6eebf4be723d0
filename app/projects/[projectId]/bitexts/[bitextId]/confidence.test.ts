// The review page's confidence badge and the inspector's explanation of score vs confidence.
import { describe, expect, it } from "vitest";
import type { ReviewRow, ReviewSentence } from "@/lib/db/review/view";
import { confidenceLabel, explainScores } from "./confidence";

const sen = (id: number, excluded = false): ReviewSentence => ({ id, position: id, text: `s${id}`, original: `s${id}`, corrected: false, excluded, excludedReason: null });
const row = (over: Partial<ReviewRow>): Pick<ReviewRow, "score" | "confidence" | "editedByHand" | "en" | "zh"> => ({
  score: 80,
  confidence: 0.9,
  editedByHand: false,
  en: [sen(1)],
  zh: [sen(2)],
  ...over,
});

describe("confidence badge", () => {
  it("shows the confidence in percent with its band", () => {
    expect(confidenceLabel(row({ confidence: 0.3372 }))).toMatchObject({ kind: "confidence", text: "conf 34%", band: "low" });
    expect(confidenceLabel(row({ confidence: 0.6 }))).toMatchObject({ text: "conf 60%", band: "mid" });
    expect(confidenceLabel(row({ confidence: 0.8 }))).toMatchObject({ text: "conf 80%", band: "high" });
  });

  it("says 'edited by hand' for a pair changed by hand, nothing for clutter or a pair aligned or imported without one", () => {
    expect(confidenceLabel(row({ confidence: null, editedByHand: true }))).toMatchObject({ kind: "hand", text: "edited by hand" });
    expect(confidenceLabel(row({ confidence: null }))).toBeNull();
    expect(confidenceLabel(row({ confidence: null, editedByHand: true, en: [sen(1, true)], zh: [] }))).toBeNull();
    // a sentence split by hand keeps the confidence (the pair's extent did not change)
    expect(confidenceLabel(row({ confidence: 0.5, editedByHand: true }))).toMatchObject({ text: "conf 50%" });
  });
});

describe("score explanation", () => {
  it("names which of the two is low and why", () => {
    const conf = explainScores(row({ score: 85, confidence: 0.2 }));
    expect(conf.low).toBe("confidence");
    expect(conf.text).toMatch(/confidence is low \(20%\).*boundaries/);
    const score = explainScores(row({ score: 25, confidence: 0.95 }));
    expect(score.low).toBe("score");
    expect(score.text).toMatch(/match score is low \(25\).*words don't match well/);
    const both = explainScores(row({ score: 10, confidence: 0.1 }));
    expect(both.low).toBe("both");
    expect(both.text).toMatch(/a pair at all/);
    expect(explainScores(row({})).low).toBeNull();
  });

  it("gaps, pairs edited by hand and clutter", () => {
    expect(explainScores(row({ score: null, zh: [], confidence: 0.3 }))).toMatchObject({ low: "confidence" });
    expect(explainScores(row({ score: null, zh: [], confidence: 0.9 })).text).toMatch(/no counterpart/);
    const hand = explainScores(row({ confidence: null, editedByHand: true, score: 20 }));
    expect(hand.text).toMatch(/Edited by hand/);
    expect(hand.low).toBe("score");
    expect(explainScores(row({ confidence: null, en: [sen(1, true)], zh: [] })).text).toMatch(/clutter/);
    expect(explainScores(row({ confidence: null })).text).toMatch(/imported without one/);
  });
});

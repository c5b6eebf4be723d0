import { describe, expect, it } from "vitest";
import { collectText } from "./stream";
import { readJsonl, writeJsonl } from "./jsonl";
import { FormatError } from "./errors";
import { samplePairs } from "../../tests/formats/fixtures";

describe("JSONL", () => {
  it("writes one JSON object per line", async () => {
    const out = await collectText(writeJsonl(samplePairs(), { includeGaps: true }));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(7);
    expect(JSON.parse(lines[3])).toMatchObject({
      position: 3,
      en: [{ text: "Corrected sentence.", original: "Corected sentense." }, { text: "Untouched one." }],
      status: "flagged",
      score: 45.25,
      confidence: 0.3372,
      notes: ["check the name", "second note\nwith a line break"],
    });
    expect(JSON.parse(lines[2]).confidence).toBeNull();
    expect("confidence" in JSON.parse(lines[5])).toBe(false);
  });

  it("round-trips everything in the model", async () => {
    const pairs = samplePairs();
    const back = readJsonl(await collectText(writeJsonl(pairs, { includeGaps: true })));
    expect(back.pairs).toEqual(pairs);
    expect(back.pairs.map((p) => p.confidence)).toEqual([0.97, 0.0625, null, 0.3372, 0.81, undefined, 1]);
  });

  it("refuses a confidence outside 0–1, with the line", () => {
    const e = (() => {
      try {
        readJsonl('{"en":"a","zh":"甲","confidence":0.5}\n{"en":"b","zh":"乙","confidence":34}\n');
      } catch (err) {
        return err as FormatError;
      }
    })();
    expect(e).toBeInstanceOf(FormatError);
    expect(e!.line).toBe(2);
    expect(e!.message).toMatch(/confidence/);
  });

  it("accepts sides given as plain strings", () => {
    const r = readJsonl('{"en":"Hi.","zh":["你好。","再见。"]}\n\n{"en":"","zh":"单"}\r\n');
    expect(r.pairs).toEqual([
      { position: 0, en: [{ text: "Hi." }], zh: [{ text: "你好。" }, { text: "再见。" }] },
      { position: 1, en: [], zh: [{ text: "单" }] },
    ]);
  });

  it("reports the line of invalid JSON and of schema errors", () => {
    expect(() => readJsonl('{"en":[],"zh":[]}\n{"en":')).toThrow(FormatError);
    try {
      readJsonl('{"en":[],"zh":[]}\n{"en":[],"zh":[],"status":"nope"}');
    } catch (e) {
      expect((e as FormatError).line).toBe(2);
      expect((e as FormatError).message).toMatch(/status/);
    }
  });
});

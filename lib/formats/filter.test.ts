import { describe, expect, it } from "vitest";
import { filterPairs, passesFilter } from "./filter";
import { exportCorpus, EXPORT_FORMATS } from "./index";
import type { CorpusPair } from "./model";
import { samplePairs } from "../../tests/formats/fixtures";

async function positions(opts: Parameters<typeof passesFilter>[1]): Promise<number[]> {
  const out: number[] = [];
  for await (const p of filterPairs(samplePairs(), opts)) out.push(p.position);
  return out;
}

describe("shared export filter", () => {
  it("drops gaps unless includeGaps", async () => {
    expect(await positions({})).toEqual([0, 1, 2, 3, 6]);
    expect(await positions({ includeGaps: true })).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  it("confirmedOnly keeps confirmed and corrected", async () => {
    expect(await positions({ confirmedOnly: true, includeGaps: true })).toEqual([0, 2, 5]);
  });
  it("minScore drops lower and unscored pairs", async () => {
    expect(await positions({ minScore: 71, includeGaps: true })).toEqual([0, 2, 6]);
    expect(await positions({ minScore: 0 })).toEqual([0, 1, 2, 3, 6]);
  });
  it("minConfidence drops less confident pairs and pairs without a confidence", async () => {
    expect(await positions({ minConfidence: 0.5, includeGaps: true })).toEqual([0, 4, 6]);
    expect(await positions({ minConfidence: 0.5 })).toEqual([0, 6]);
    expect(await positions({ minConfidence: 0 })).toEqual([0, 1, 3, 6]);
  });
  it("dropOpenMajorFlags drops open major/critical flags only", async () => {
    expect(await positions({ dropOpenMajorFlags: true })).toEqual([0, 1, 2, 6]);
    const resolved: CorpusPair = {
      ...samplePairs()[3],
      flags: [{ category: "omission", severity: "critical", note: "", resolved: true }],
    };
    expect(passesFilter(resolved, { dropOpenMajorFlags: true })).toBe(true);
    expect(passesFilter({ ...resolved, flags: [{ category: "x", severity: "critical", note: "" }] }, { dropOpenMajorFlags: true })).toBe(false);
  });
  it("works on sync and async sources", async () => {
    async function* gen() {
      yield* samplePairs();
    }
    const out: number[] = [];
    for await (const p of filterPairs(gen(), { confirmedOnly: true })) out.push(p.position);
    expect(out).toEqual([0, 2]);
  });
});

describe("exportCorpus", () => {
  it("names the file and content type per format", () => {
    const meta = { title: 'A/B: "x"', srcLang: "en" as const };
    expect(exportCorpus("tmx", [], meta)).toMatchObject({ fileName: "A_B_ _x_.tmx", contentType: EXPORT_FORMATS.tmx.contentType });
    expect(exportCorpus("moses", [], meta).fileName).toBe("A_B_ _x_.moses.zip");
    expect(exportCorpus("intertext", [], meta).fileName).toBe("A_B_ _x_.intertext.zip");
  });
});

import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { exportCorpus, pipeToWritable, type ExportFormat } from "./index";
import { readTmx } from "./tmx";
import { syntheticPairs } from "../../tests/formats/fixtures";

const N = 100_000;
const LIMIT = 100 * 1024 * 1024;

/** A sink that only counts bytes and samples the heap, with some back-pressure. */
function countingSink(samples: number[], onFirst: () => void) {
  let n = 0;
  let bytes = 0;
  const w = new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _enc, cb) {
      if (n === 0) onFirst();
      bytes += chunk.length;
      if (++n % 20 === 0) samples.push(process.memoryUsage().heapUsed);
      setImmediate(cb);
    },
  });
  return { w, bytes: () => bytes };
}

describe("streaming export of 100,000 pairs", () => {
  for (const format of ["tmx", "tsv", "jsonl", "moses", "intertext"] as ExportFormat[]) {
    it(`${format}: bounded memory`, async () => {
      (globalThis as { gc?: () => void }).gc?.();
      const base = process.memoryUsage().heapUsed;
      const samples: number[] = [];
      let produced = 0;
      let producedAtFirstWrite = -1;
      const source = (function* () {
        for (const p of syntheticPairs(N)) {
          produced++;
          yield p;
        }
      })();
      const sink = countingSink(samples, () => (producedAtFirstWrite = produced));
      const { chunks } = exportCorpus(format, source, { title: "big", srcLang: "en" }, { includeGaps: true });
      const written = await pipeToWritable(chunks, sink.w);
      expect(written).toBe(sink.bytes());
      expect(written).toBeGreaterThan(format === "moses" || format === "intertext" ? 500_000 : 10_000_000);
      const peak = Math.max(...samples, process.memoryUsage().heapUsed) - base;
      expect(samples.length).toBeGreaterThan(5);
      // output starts flowing long before the input is exhausted: nothing is materialised
      expect(producedAtFirstWrite).toBeGreaterThan(0);
      expect(producedAtFirstWrite).toBeLessThan(5_000);
      console.log(`${format}: ${(written / 1e6).toFixed(1)} MB written, heap peak +${(peak / 1e6).toFixed(1)} MB, first bytes after ${producedAtFirstWrite} pairs`);
      expect(peak).toBeLessThan(LIMIT);
    });
  }

  it("the streamed TMX is complete (spot check on 20,000 pairs)", async () => {
    const parts: string[] = [];
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c.toString("utf8"));
        cb();
      },
    });
    await pipeToWritable(exportCorpus("tmx", syntheticPairs(20_000), { title: "t", srcLang: "en" }).chunks, sink);
    const r = readTmx(parts.join(""));
    expect(r.pairs).toHaveLength(20_000);
    expect(r.pairs[19_999].en[0].text).toContain("19999");
    expect(r.pairs[7].zh.map((s) => s.text)).toEqual(["第7句。", "第二句。"]);
  });
});

import { describe, expect, it } from "vitest";
import { collectText } from "./stream";
import { readTsv, writeTsv, TSV_COLUMNS } from "./tsv";
import { FormatError } from "./errors";
import { project, samplePairs } from "../../tests/formats/fixtures";

describe("TSV", () => {
  it("writes the header row and one escaped line per pair", async () => {
    const tsv = await collectText(writeTsv(samplePairs(), { includeGaps: true }));
    const lines = tsv.split("\n");
    expect(lines[0]).toBe(TSV_COLUMNS.join("\t"));
    expect(lines).toHaveLength(1 + 7 + 1); // header, 7 pairs, trailing ""
    expect(lines.slice(1, -1).every((l) => l.split("\t").length === TSV_COLUMNS.length)).toBe(true);
    expect(lines[3].split("\t")[0]).toBe("Line one\\nline two\\twith tab \\\\ backslash ||| A\\|\\|\\|B \\| pipe ]]> end");
  });

  it("round-trips texts, pair and sentence boundaries, originals, status, score, confidence, flags, notes", async () => {
    const pairs = samplePairs();
    const back = readTsv(await collectText(writeTsv(pairs, { includeGaps: true })));
    expect(back.warnings).toEqual([]);
    const keep = { originals: true, status: true, score: true, confidence: true, flags: true, notes: true };
    expect(project(back.pairs, keep)).toEqual(project(pairs, keep));
    expect(back.pairs.map((p) => p.confidence)).toEqual([0.97, 0.0625, null, 0.3372, 0.81, null, 1]);
  });

  it("writes the confidence column after the score, empty for a pair without one", async () => {
    const tsv = await collectText(writeTsv(samplePairs(), { includeGaps: true }));
    const [head, ...rows] = tsv.trimEnd().split("\n");
    const at = head.split("\t").indexOf("confidence");
    expect(at).toBe(head.split("\t").indexOf("score") + 1);
    expect(rows.map((r) => r.split("\t")[at])).toEqual(["0.97", "0.0625", "", "0.3372", "0.81", "", "1"]);
  });

  it("reads files written before the confidence column (no confidence), and refuses a bad one", () => {
    const old = "en\tzh\tstatus\tscore\tflags\tnotes\toriginal_en\toriginal_zh\tdocument\nHello.\t你好。\tconfirmed\t80\t\t\t\t\t\n";
    const r = readTsv(old);
    expect(r.warnings).toEqual([]);
    expect(r.pairs).toEqual([{ position: 0, en: [{ text: "Hello." }], zh: [{ text: "你好。" }], status: "confirmed", score: 80 }]);
    expect("confidence" in r.pairs[0]).toBe(false);
    const bad = "en\tzh\tconfidence\nHello.\t你好。\tsure\n";
    expect(() => readTsv(bad)).toThrow(/invalid confidence "sure"/);
    const outOfRange = readTsv("en\tzh\tconfidence\nHello.\t你好。\t34\n");
    expect(outOfRange.pairs[0].confidence).toBeUndefined();
    expect(outOfRange.warnings).toEqual(["line 2: confidence 34 is not between 0 and 1; ignored"]);
  });

  it("reads a plain two-column file and detects which column is Chinese", () => {
    const plain = "Hello there.\t你好。\nSecond\\n line\t第二\n\n";
    expect(readTsv(plain).pairs.map((p) => [p.en[0].text, p.zh[0].text])).toEqual([
      ["Hello there.", "你好。"],
      ["Second\\n line", "第二"],
    ]);
    const swapped = readTsv("你好。\tHello there.\n再见。\tGoodbye.\n");
    expect(swapped.pairs[1].en[0].text).toBe("Goodbye.");
    const named = readTsv("chinese\tenglish\n你好\thello\n");
    expect(named.pairs).toEqual([{ position: 0, en: [{ text: "hello" }], zh: [{ text: "你好" }] }]);
  });

  it("rejects rows with the wrong number of columns, with the line number", () => {
    const bad = TSV_COLUMNS.join("\t") + "\na\tb\n";
    try {
      readTsv(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).line).toBe(2);
    }
    expect(() => readTsv("only one column\n")).toThrow(/line 1|:1:/);
  });

  it("accepts UTF-16LE with BOM and UTF-8 with BOM", () => {
    const text = "hello\t你好\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(readTsv(le).pairs[0].zh[0].text).toBe("你好");
    expect(readTsv(u8).pairs[0].en[0].text).toBe("hello");
  });
});

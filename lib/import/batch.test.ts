import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  BatchError,
  pairBatchFiles,
  parseBatchName,
  readBatch,
  readBatchUploads,
  unpackBatchZip,
  type BatchFile,
} from "./batch";

const EN = "The town was opened on Monday. Its mayor gave a speech about the new railway line.";
const ZH = "小镇于周一正式开放。镇长就新铁路线发表了讲话。";
const file = (path: string, text: string): BatchFile => ({ path, bytes: strToU8(text) });
const statusOf = (files: { path: string; status: string }[]) => Object.fromEntries(files.map((f) => [f.path, f.status]));

describe("parseBatchName", () => {
  it("reads <name>.<lang>.<ext>, keeps dots in the name and ignores folders", () => {
    expect(parseBatchName("corpus/ch1.v2.EN.txt")).toEqual({ kind: "document", name: "ch1.v2", lang: "en", ext: "txt", base: "ch1.v2.EN.txt" });
    expect(parseBatchName("a\\b\\x.zh.docx")).toMatchObject({ kind: "document", name: "x", lang: "zh", ext: "docx" });
  });
  it("ignores files without a language infix, hidden files and macOS metadata", () => {
    expect(parseBatchName("readme.txt").kind).toBe("ignored");
    expect(parseBatchName("x.fr.txt").kind).toBe("ignored");
    expect(parseBatchName(".en.txt").kind).toBe("ignored");
    expect(parseBatchName("dir/.DS_Store").kind).toBe("ignored");
    expect(parseBatchName("__MACOSX/dir/._a.en.txt")).toEqual({ kind: "ignored", reason: "macOS archive metadata (__MACOSX)" });
    expect(parseBatchName(".git/a.en.txt").kind).toBe("ignored");
    expect(parseBatchName("dir/").kind).toBe("ignored");
  });
});

describe("pairBatchFiles", () => {
  it("pairs exact names only and reports every other file with its reason", () => {
    const { pairs, files } = pairBatchFiles([
      "a.en.txt",
      "a.zh.txt",
      "b.en.md",
      "b.zh.html",
      "c.en.txt", // no Chinese side
      "Case.en.txt",
      "case.zh.txt", // differs only in case: never paired, but named
      "d/dup.en.txt",
      "e/dup.en.txt",
      "dup.zh.txt",
      "amb.zh.txt",
      "amb.zh.md",
      "amb.en.txt",
      "x.en.pdf",
      "notes.txt",
      "__MACOSX/._a.en.txt",
    ]);
    expect(pairs).toEqual([
      { name: "a", en: "a.en.txt", zh: "a.zh.txt" },
      { name: "b", en: "b.en.md", zh: "b.zh.html" },
    ]);
    const s = statusOf(files);
    expect(files).toHaveLength(16);
    expect(s).toMatchObject({
      "a.en.txt": "paired",
      "a.zh.txt": "paired",
      "b.en.md": "paired",
      "c.en.txt": "unpaired",
      "Case.en.txt": "unpaired",
      "case.zh.txt": "unpaired",
      "d/dup.en.txt": "duplicate",
      "e/dup.en.txt": "duplicate",
      "dup.zh.txt": "rejected",
      "amb.zh.txt": "ambiguous",
      "amb.zh.md": "ambiguous",
      "amb.en.txt": "rejected",
      "x.en.pdf": "unsupported",
      "notes.txt": "ignored",
      "__MACOSX/._a.en.txt": "ignored",
    });
    const reason = (p: string) => files.find((f) => f.path === p)!.reason!;
    expect(reason("c.en.txt")).toMatch(/no Chinese file named c\.zh/);
    expect(reason("Case.en.txt")).toMatch(/there is case\.zh\.\*.*case included/);
    expect(reason("dup.zh.txt")).toMatch(/English counterpart is duplicate \(d\/dup\.en\.txt, e\/dup\.en\.txt\)/);
    expect(reason("amb.en.txt")).toMatch(/Chinese counterpart is ambiguous/);
  });

  it("orders pairs naturally (2 before 10)", () => {
    const names = ["10", "2", "1"].flatMap((n) => [`${n}.en.txt`, `${n}.zh.txt`]);
    expect(pairBatchFiles(names).pairs.map((p) => p.name)).toEqual(["1", "2", "10"]);
  });
});

describe("readBatch", () => {
  it("reads good pairs and refuses unreadable, swapped and one-language pairs without guessing", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const report = await readBatch([
      file("good.en.txt", EN),
      file("good.zh.txt", ZH),
      { path: "img.en.txt", bytes: png },
      file("img.zh.txt", ZH),
      file("empty.en.txt", "   \n"),
      file("empty.zh.txt", ZH),
      file("swapped.en.txt", ZH),
      file("swapped.zh.txt", EN),
      file("same.en.txt", EN),
      file("same.zh.txt", EN + " And more English text on the Chinese side."),
    ]);
    expect(report.pairs.map((p) => p.name)).toEqual(["good"]);
    expect(report.pairs[0].en.text).toContain("railway");
    const s = statusOf(report.files);
    expect(s).toMatchObject({
      "good.en.txt": "paired",
      "img.en.txt": "unreadable",
      "img.zh.txt": "rejected",
      "empty.en.txt": "unreadable",
      "empty.zh.txt": "rejected",
      "swapped.en.txt": "rejected",
      "swapped.zh.txt": "rejected",
      "same.en.txt": "rejected",
      "same.zh.txt": "rejected",
    });
    const reason = (p: string) => report.files.find((f) => f.path === p)!.reason!;
    expect(reason("img.en.txt")).toMatch(/PNG|image/i);
    expect(reason("img.zh.txt")).toMatch(/img\.en\.txt could not be read/);
    expect(reason("empty.en.txt")).toMatch(/empty/);
    expect(reason("swapped.en.txt")).toMatch(/English file \(swapped\.en\.txt\) holds Chinese.*swap their names/);
    expect(reason("same.zh.txt")).toMatch(/English/);
  });

  it("reads legacy encodings and .docx through lib/import", async () => {
    const { encodeLegacy, makeDocx } = await import("../../tests/import/helpers");
    const report = await readBatch([
      { path: "gb.zh.txt", bytes: encodeLegacy("红旗小镇正式启动。中国一汽打造智慧城市。", "gb18030") },
      { path: "gb.en.docx", bytes: makeDocx(["Hongqi Town is launched.", "FAW builds a smart city."]) },
    ]);
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0].zh.text).toContain("红旗小镇");
    expect(report.pairs[0].en.text).toContain("smart city");
  });
});

describe("zip input", () => {
  const zip = (entries: Record<string, string | Uint8Array>, level: 0 | 6 = 6) =>
    zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [typeof v === "string" ? strToU8(v) : v, { level }]])));

  it("unpacks a zip, ignoring folders and metadata, and pairs by base name", async () => {
    const z = zip({ "corpus/a.en.txt": EN, "corpus/a.zh.txt": ZH, "__MACOSX/corpus/._a.en.txt": "junk", "corpus/b.en.txt": EN });
    const report = await readBatchUploads([{ path: "batch.zip", bytes: z }]);
    expect(report.pairs.map((p) => [p.name, p.en.path, p.zh.path])).toEqual([["a", "corpus/a.en.txt", "corpus/a.zh.txt"]]);
    expect(statusOf(report.files)).toEqual({
      "__MACOSX/corpus/._a.en.txt": "ignored",
      "corpus/a.en.txt": "paired",
      "corpus/a.zh.txt": "paired",
      "corpus/b.en.txt": "unpaired",
    });
  });

  it("refuses too many entries, a bomb over the total limit, and non-zips, with clear messages", async () => {
    const many = zip(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.en.txt`, "x"])));
    expect(() => unpackBatchZip(many, "many.zip", { maxEntries: 10 })).toThrow(/many\.zip holds more than 10 files/);

    const zeros = new Uint8Array(400_000); // deflates to a few hundred bytes
    const bomb = zip({ "a.en.txt": zeros, "a.zh.txt": zeros, "b.en.txt": zeros });
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => unpackBatchZip(bomb, "bomb.zip", { maxTotalBytes: 1_000_000 })).toThrow(BatchError);
    expect(() => unpackBatchZip(bomb, "bomb.zip", { maxTotalBytes: 1_000_000 })).toThrow(/unpacks to more than/);

    // the budget is per request: three zips of 400 KB each pass one by one, not together
    const one = (n: string) => zip({ [`${n}.en.txt`]: zeros });
    await expect(readBatchUploads([{ path: "a.zip", bytes: one("a") }], { maxUnpackedBytes: 1_000_000 })).resolves.toBeDefined();
    await expect(
      readBatchUploads(["a", "b", "c"].map((n) => ({ path: `${n}.zip`, bytes: one(n) })), { maxUnpackedBytes: 1_000_000 }),
    ).rejects.toThrow(/^c\.zip unpacks to more than 977 KB for all the zips of one import: split it into smaller batches$/);
    // a file over the per-file limit is dropped, but what was inflated of it still counts
    const big = (n: string) => zip({ [`${n}.en.txt`]: zeros, [`${n}.zh.txt`]: zeros });
    await expect(
      readBatchUploads(["a", "b", "c", "d"].map((n) => ({ path: `${n}.zip`, bytes: big(n) })), { maxUnpackedBytes: 2_000_000, maxFileBytes: 100_000 }),
    ).rejects.toThrow(/^c\.zip unpacks to more than .* for all the zips of one import/);

    expect(() => unpackBatchZip(strToU8("hello"), "notes.zip")).toThrow(/not a zip archive/);
    expect(() => unpackBatchZip(new Uint8Array(2_000), "big.zip", { maxZipBytes: 1000 })).toThrow(/the limit is/);
  });

  it("counts the real inflated bytes, not the sizes the archive declares", () => {
    const z = zip({ "a.en.txt": new Uint8Array(500_000) });
    // Make both headers claim 10 bytes unpacked.
    const view = new DataView(z.buffer, z.byteOffset, z.byteLength);
    view.setUint32(22, 10, true); // local file header: uncompressed size
    const cd = z.findLastIndex((_, i) => i + 4 <= z.length && view.getUint32(i, true) === 0x02014b50);
    expect(cd).toBeGreaterThan(0);
    view.setUint32(cd + 24, 10, true); // central directory: uncompressed size
    const out = unpackBatchZip(z, "liar.zip", { maxFileBytes: 100_000 });
    expect(out.tooLarge).toEqual(["a.en.txt"]);
    expect(() => unpackBatchZip(z, "liar.zip", { maxTotalBytes: 100_000 })).toThrow(/unpacks to more than/);
  });

  it("reports a file over the per-file limit as unreadable and its counterpart as rejected", async () => {
    const z = zip({ "a.en.txt": EN + " ".repeat(300_000), "a.zh.txt": ZH });
    const report = await readBatchUploads([{ path: "x.zip", bytes: z }], { maxFileBytes: 100_000 });
    expect(report.pairs).toHaveLength(0);
    const s = statusOf(report.files);
    expect(s["a.en.txt"]).toBe("unreadable");
    expect(report.files.find((f) => f.path === "a.en.txt")!.reason).toMatch(/over the limit/);
    expect(s["a.zh.txt"]).toBe("rejected");
  });
});

import { describe, expect, it } from "vitest";
import { unzipSync, zipSync, strToU8 } from "fflate";
import { collectBytes } from "./stream";
import { readMoses, readMosesZip, writeMosesZip } from "./moses";
import { FormatError } from "./errors";
import { META, samplePairs } from "../../tests/formats/fixtures";

describe("Moses", () => {
  it("zips two line-aligned files, drops gaps, flattens line breaks", async () => {
    const zip = await collectBytes(writeMosesZip(samplePairs(), META, { includeGaps: true } as never));
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["corpus.en", "corpus.zh"]);
    const en = new TextDecoder().decode(files["corpus.en"]).split("\n");
    const zh = new TextDecoder().decode(files["corpus.zh"]).split("\n");
    expect(en).toHaveLength(6); // 5 non-gap pairs + trailing ""
    expect(zh).toHaveLength(6);
    expect(en[2]).toBe("Line one line two with tab \\ backslash A|||B | pipe ]]> end");
    expect(zh[2]).toBe("第一行 第二行");
    expect(zh[1]).toBe("她承认打我不对，也承认没有好好待我。");
  });

  it("round-trips texts and pair boundaries (sentence boundaries joined)", async () => {
    const pairs = samplePairs();
    const back = readMosesZip(await collectBytes(writeMosesZip(pairs, META)));
    const flat = (s: string) => s.replace(/\s+/g, " ");
    const expected = pairs
      .filter((p) => p.en.length && p.zh.length)
      .map((p) => [flat(p.en.map((s) => s.text).join(" ")), flat(p.zh.map((s) => s.text).join(""))]);
    expect(back.pairs.map((p) => [p.en[0].text, p.zh[0].text])).toEqual(expected);
  });

  it("applies the shared filter", async () => {
    const back = readMosesZip(await collectBytes(writeMosesZip(samplePairs(), META, { confirmedOnly: true })));
    expect(back.pairs.map((p) => p.en[0].text)).toEqual([
      "I did not leave that night.",
      "Line one line two with tab \\ backslash A|||B | pipe ]]> end",
    ]);
  });

  it("rejects files that are not line-aligned and zips without the two files", () => {
    expect(() => readMoses({ en: "a\nb\n", zh: "甲\n" })).toThrow(/not line-aligned/);
    expect(() => readMosesZip(zipSync({ "x.txt": strToU8("a") }))).toThrow(FormatError);
    expect(() => readMosesZip(new Uint8Array([1, 2, 3, 4]))).toThrow(/not a zip/);
  });
});

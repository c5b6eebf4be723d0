import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeUpload } from "./decode";
import { ImportError, MAX_UPLOAD_BYTES } from "./limits";
import { encodeLegacy, utf16 } from "../../tests/import/helpers";

const ZH = readFileSync(path.join(__dirname, "../../seeds/hongqi-town.zh.txt"), "utf8");
const EN = readFileSync(path.join(__dirname, "../../seeds/hongqi-town.en.txt"), "utf8");
// GBK has no NBSP (GB18030 only in a 4-byte form the test encoder does not build);
// a real GBK file would hold a plain space there.
const ZH_GBK = ZH.replace(/\u00A0/g, " ");
const ZH_TRAD =
  "紅旗小鎮正式啟動 中國一汽打造未來智慧城市生態綜合體\n" +
  "8月1日，「紅動中國 旗智新生」紅旗綠色智能小鎮啟動儀式在長春市中國一汽新總部成功舉辦，" +
  "來自吉林省政府、長春市政府、中國一汽集團的領導和嘉賓出席了儀式。\n" +
  "這是一個新的開始，我們將與各方一起努力，把小鎮建設成為世界一流的智慧城市。\n";
const utf8 = (s: string) => new TextEncoder().encode(s);

function refusal(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("expected an ImportError, got a result");
}

describe("test encoders are anchored to known bytes", () => {
  it("GB18030 and Big5", () => {
    expect([...encodeLegacy("红旗", "gb18030")]).toEqual([0xba, 0xec, 0xc6, 0xec]);
    expect([...encodeLegacy("中文", "big5")]).toEqual([0xa4, 0xa4, 0xa4, 0xe5]);
    expect([...utf16("红", "be", true)]).toEqual([0xfe, 0xff, 0x7e, 0xa2]);
    expect([...utf16("红", "le", false)]).toEqual([0xa2, 0x7e]);
  });
});

describe("decodeUpload: encodings", () => {
  it("UTF-8 without and with BOM", () => {
    expect(decodeUpload(utf8(ZH))).toMatchObject({ text: ZH, encoding: "utf-8", hadBom: false });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(ZH)]);
    expect(decodeUpload(withBom)).toMatchObject({ text: ZH, encoding: "utf-8", hadBom: true });
  });

  it("plain ASCII English is UTF-8", () => {
    expect(decodeUpload(utf8(EN))).toMatchObject({ text: EN, encoding: "utf-8" });
  });

  it.each([
    ["le", true],
    ["le", false],
    ["be", true],
    ["be", false],
  ] as const)("UTF-16%s bom=%s (Chinese seed)", (endian, bom) => {
    const r = decodeUpload(utf16(ZH, endian, bom));
    expect(r.text).toBe(ZH);
    expect(r.encoding).toBe(`utf-16${endian}`);
    expect(r.hadBom).toBe(bom);
  });

  it("UTF-16 without BOM (English seed, NUL pattern)", () => {
    expect(decodeUpload(utf16(EN, "le", false))).toMatchObject({ text: EN, encoding: "utf-16le" });
    expect(decodeUpload(utf16(EN, "be", false))).toMatchObject({ text: EN, encoding: "utf-16be" });
  });

  it("UTF-16 without BOM and without any ASCII (no NULs at all)", () => {
    const pure = ZH_TRAD.replace(/[\x00-\x7f]/g, "");
    expect(decodeUpload(utf16(pure, "le", false))).toMatchObject({ text: pure, encoding: "utf-16le" });
  });

  it("GB18030/GBK: the whole seed", () => {
    const bytes = encodeLegacy(ZH_GBK, "gb18030");
    expect(bytes.length).toBeGreaterThan(4000);
    expect(decodeUpload(bytes)).toMatchObject({ text: ZH_GBK, encoding: "gb18030", hadBom: false });
  });

  it("GB18030 with its BOM", () => {
    const bytes = new Uint8Array([0x84, 0x31, 0x95, 0x33, ...encodeLegacy("红旗小镇", "gb18030")]);
    expect(decodeUpload(bytes)).toMatchObject({ text: "红旗小镇", encoding: "gb18030", hadBom: true });
  });

  it("short GBK: 红旗 from its known bytes", () => {
    expect(decodeUpload(new Uint8Array([0xba, 0xec, 0xc6, 0xec]))).toMatchObject({ text: "红旗", encoding: "gb18030" });
  });

  it("Big5 traditional text is read as Big5, not as GBK mojibake", () => {
    const r = decodeUpload(encodeLegacy(ZH_TRAD, "big5"));
    expect(r.encoding).toBe("big5");
    expect(r.text).toBe(ZH_TRAD);
  });

  it("an HTML charset hint is honoured but still checked", () => {
    const gb = encodeLegacy(ZH_GBK, "gb18030");
    expect(decodeUpload(gb, { encodingHint: "big5" }).encoding).toBe("gb18030"); // hint implausible
    expect(decodeUpload(encodeLegacy(ZH_TRAD, "big5"), { encodingHint: "big5" }).encoding).toBe("big5");
  });

  it("Windows-1252 English with smart quotes and accents", () => {
    const s = "The caf\u00e9\u2019s \u201cmenu\u201d was na\u00efve \u2014 r\u00e9sum\u00e9 attached.\nSecond line.";
    const bytes = new Uint8Array([...s].map((c) => ({ "\u2019": 0x92, "\u201c": 0x93, "\u201d": 0x94, "\u2014": 0x97 })[c] ?? c.charCodeAt(0)));
    expect(decodeUpload(bytes)).toMatchObject({ text: s, encoding: "windows-1252" });
  });

  it("refuses Korean (EUC-KR) and Japanese (Shift_JIS) instead of returning mojibake", () => {
    const ko = "대한민국의 수도는 서울이며 한국어는 아름다운 언어입니다. 오늘은 날씨가 매우 좋습니다. 우리는 내일 학교에 갑니다.";
    expect(refusal(() => decodeUpload(encodeLegacy(ko, "euc-kr"), { fileName: "ko.txt" })).code).toBe("unknown-encoding");
    const ja = new Uint8Array(
      Buffer.from("82b182ea82cd93fa967b8cea82cc8365834c8358836782c582b781428da193fa82cd82c682c482e082a28f6f8b4382c582b782cb8142", "hex"),
    ); // これは日本語のテキストです。今日はとてもいい天気ですね。
    expect(new TextDecoder("shift_jis").decode(ja)).toContain("日本語");
    expect(refusal(() => decodeUpload(ja, { fileName: "ja.txt" })).code).toBe("unknown-encoding");
  });

  it("a BOM followed by invalid data is refused", () => {
    const e = refusal(() => decodeUpload(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff, 0xfe, 0x62]), { fileName: "x.txt" }));
    expect(e.code).toBe("unknown-encoding");
    expect(e.message).toContain("x.txt");
  });

  it("UTF-32 is refused by name", () => {
    const e = refusal(() => decodeUpload(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), { fileName: "u32.txt" }));
    expect(e.message).toMatch(/UTF-32/);
  });
});

describe("decodeUpload: refusals", () => {
  it.each([
    ["hongqi.pdf", utf8("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "a PDF file"],
    ["logo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), "a PNG image"],
    ["photo.jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), "a JPEG image"],
    ["anim.gif", utf8("GIF89a\u0001\u0000"), "a GIF image"],
    ["a.out", new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "an executable (ELF)"],
    ["old.txt", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "an old Word (.doc)"],
    ["notes.txt", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]), "a ZIP archive"],
    ["doc.rtf", utf8("{\\rtf1\\ansi Hello}"), "an RTF document"],
  ])("%s", (name, bytes, what) => {
    const e = refusal(() => decodeUpload(bytes, { fileName: name }));
    expect(e.code).toBe("binary");
    expect(e.message).toBe(`${name} looks like ${what}${e.message.slice(`${name} looks like ${what}`.length)}`);
    expect(e.message).toMatch(/not text: save it as \.txt, \.docx or \.html$/);
  });

  it("the exact PDF message", () => {
    const e = refusal(() => decodeUpload(utf8("%PDF-1.4 ..."), { fileName: "hongqi.pdf" }));
    expect(e.message).toBe("hongqi.pdf looks like a PDF file, not text: save it as .txt, .docx or .html");
  });

  it("NUL bytes outside a UTF-16 pattern", () => {
    const bytes = new Uint8Array(256);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    expect(refusal(() => decodeUpload(bytes, { fileName: "blob.bin" })).code).toBe("binary");
  });

  it("too many control characters", () => {
    const s = "Hello\u0001\u0002\u0003 world\u0004\u0005\u0006 this is\u0007\u0008 text\u000e\u000f";
    expect(refusal(() => decodeUpload(utf8(s), { fileName: "ctl.txt" })).code).toBe("binary");
  });

  it("a few stray control characters are removed and counted", () => {
    const s = "A".repeat(2000) + "\u0007" + "B".repeat(2000) + "\u001a";
    const r = decodeUpload(utf8(s));
    expect(r.text).toBe("A".repeat(2000) + "B".repeat(2000));
    expect(r.removedControlChars).toBe(1);
  });

  it("empty and whitespace-only files", () => {
    for (const bytes of [new Uint8Array(0), utf8("  \n\t\r\n \u3000 "), new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x0a]), utf16("\n \n", "le", true)]) {
      const e = refusal(() => decodeUpload(bytes, { fileName: "blank.txt" }));
      expect(e.code).toBe("empty");
      expect(e.message).toBe("blank.txt is empty");
    }
  });

  it("oversize files state the size and the limit", () => {
    const big = new Uint8Array(62 * 1024 * 1024);
    const e = refusal(() => decodeUpload(big, { fileName: "huge.txt" }));
    expect(e.code).toBe("too-large");
    expect(e.message).toBe("huge.txt is 62 MB; the limit is 20 MB per file");
    expect(MAX_UPLOAD_BYTES).toBe(20 * 1024 * 1024);
    const e2 = refusal(() => decodeUpload(utf8("hello world"), { fileName: "s.txt", maxBytes: 5 }));
    expect(e2.message).toBe("s.txt is 11 bytes; the limit is 5 bytes per file");
  });

  it("one byte over the limit is refused, exactly at it is not", () => {
    const at = new Uint8Array(1000).fill(0x61);
    expect(decodeUpload(at, { maxBytes: 1000 }).text.length).toBe(1000);
    expect(refusal(() => decodeUpload(new Uint8Array(1001).fill(0x61), { maxBytes: 1000 })).code).toBe("too-large");
  });

  it("random high bytes are not accepted as any encoding", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff;
    const bytes = new Uint8Array(4000).map(() => 0x80 | rnd());
    expect(() => decodeUpload(bytes, { fileName: "r.txt" })).toThrow(ImportError);
  });
});

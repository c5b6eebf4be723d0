// Hostile XML through the upload entry point the import route uses (readAlignmentUpload):
// entity declarations are refused or never expanded, nothing is fetched, and malformed XML
// is reported with its line and column.
import { describe, expect, it } from "vitest";
import { readAlignmentUpload, type UploadedFile } from "./detect";
import { BILLION_LAUGHS, formatError } from "../../tests/formats/fixtures";
import { zipSync } from "fflate";
import { unzipFiles } from "./stream";

const enc = (s: string) => new TextEncoder().encode(s);
const tmxFile = (name: string, s: string): UploadedFile => ({ name, bytes: enc(s) });
const TU = '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="zh"><seg>甲</seg></tuv></tu>';
const tmx = (prolog: string, seg = "a") =>
  `<?xml version="1.0"?>\n${prolog}\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>${seg}</seg></tuv><tuv xml:lang="zh"><seg>甲</seg></tuv></tu></body></tmx>`;


describe("XML entity attacks through the upload reader", () => {
  it("billion laughs in a .tmx is refused at the DOCTYPE, quickly, without expansion", () => {
    const lol = BILLION_LAUGHS;
    const t0 = Date.now();
    const e = formatError(() => readAlignmentUpload([tmxFile("laughs.tmx", tmx(lol, "&lol9;"))]));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.message).toMatch(/^TMX laughs\.tmx, line \d+, column \d+: DOCTYPE declares entities; entity declarations are not accepted/);
    // also when the same file comes with an .xml name
    expect(formatError(() => readAlignmentUpload([tmxFile("laughs.xml", tmx(lol, "&lol9;"))])).message).toMatch(/entity declarations are not accepted/);
  });

  it("an external entity (file:///etc/passwd) is refused and its target never appears", () => {
    const e = formatError(() => readAlignmentUpload([tmxFile("xxe.tmx", tmx('<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"))]));
    expect(e.message).toMatch(/entity/i);
    expect(e.message).not.toMatch(/root:/);
  });

  it("entities from an external DTD are never fetched: referencing one is an undefined-entity error", () => {
    const e = formatError(() => readAlignmentUpload([tmxFile("ext.tmx", tmx('<!DOCTYPE tmx SYSTEM "http://evil.example/x.dtd">', "&fromdtd;"))]));
    expect(e.message).toMatch(/malformed XML: undefined entity \(XML only defines .*DTDs are not read\)$/);
    expect(e.line).toBe(3);
    // The same DOCTYPE without a reference imports normally (the DTD is simply not read).
    expect(readAlignmentUpload([tmxFile("ok.tmx", tmx('<!DOCTYPE tmx SYSTEM "http://evil.example/x.dtd">'))]).pairs).toHaveLength(1);
  });

  it("escaped markup in a segment is text, not XML", () => {
    const r = readAlignmentUpload([tmxFile("ok.tmx", tmx("", "&lt;!ENTITY x &quot;y&quot;&gt; &lt;script&gt;alert(1)&lt;/script&gt;"))]);
    expect(r.pairs[0].en[0].text).toBe('<!ENTITY x "y"> <script>alert(1)</script>');
  });

  it("InterText files with an entity declaration are refused, whichever of the three carries it", () => {
    const doc = (body: string, prolog = "") => `<?xml version="1.0"?>\n${prolog}<text><p id="1"><s id="1:1">${body}</s></p></text>`;
    const links = (prolog = "") => `<?xml version="1.0"?>\n${prolog}<linkGrp toDoc="a_en.xml" fromDoc="a_zh.xml"><link xtargets="1:1;1:1" status="man"/></linkGrp>`;
    const xxe = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hosts">]>\n';
    const files = (en: string, zh: string, l: string): UploadedFile[] => [
      { name: "a_en.xml", bytes: enc(en) },
      { name: "a_zh.xml", bytes: enc(zh) },
      { name: "a_zh.a_en.xml", bytes: enc(l) },
    ];
    expect(readAlignmentUpload(files(doc("Hello"), doc("你好"), links())).pairs).toHaveLength(1);
    expect(() => readAlignmentUpload(files(doc("&xxe;", xxe), doc("你好"), links()))).toThrow(/entit/i);
    expect(() => readAlignmentUpload(files(doc("Hello"), doc("&xxe;", xxe), links()))).toThrow(/entit/i);
    expect(() => readAlignmentUpload(files(doc("Hello"), doc("你好"), links(xxe)))).toThrow(/entit/i);
  });
});

describe("malformed XML names the place", () => {
  it("a mismatched tag gives file, line and column", () => {
    const bad = `<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n  ${TU.replace("</seg></tuv>", "</tuv>")}\n</body></tmx>`;
    const e = formatError(() => readAlignmentUpload([tmxFile("broken.tmx", bad)]));
    expect(e.file).toBe("broken.tmx");
    expect(e.line).toBe(5);
    expect(e.column).toBeGreaterThan(1);
    expect(e.message).toMatch(/^TMX broken\.tmx, line 5, column \d+: malformed XML: /);
  });

  it("truncated XML and binary junk are refused clearly", () => {
    expect(formatError(() => readAlignmentUpload([tmxFile("cut.tmx", `<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>${TU}`)])).message).toMatch(
      /^TMX cut\.tmx, line 2, column \d+: malformed XML/,
    );
    const junk = formatError(() => readAlignmentUpload([{ name: "junk.tmx", bytes: new Uint8Array([0x3c, 0x74, 0x6d, 0x78, 0x00, 0xff, 0xfe]) }]));
    expect(junk.message).toMatch(/looks binary/);
  });
});

describe("zip budgets on the aligned-import path", () => {
  const spaces = (n: number) => new Uint8Array(n).fill(0x20);

  it("entries neither reader needs are never inflated; the corpus inside is read", () => {
    // a 60 MB entry of padding (over the 50 MB per-entry limit) beside a Moses pair: skipped unread
    const zip = zipSync({ "pad.bin": spaces(60 * 1024 * 1024), "c.en": enc("Hello.\nBye.\n"), "c.zh": enc("你好。\n再见。\n") }, { level: 9 });
    const r = readAlignmentUpload([{ name: "corpus.zip", bytes: zip }]);
    expect([r.format, r.pairs.length]).toEqual(["moses", 2]);
  });

  it("all the entries together are held to one total, counted on the real inflated bytes", () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`part${i}.en`, spaces(4 * 1024 * 1024)]));
    const zip = zipSync(files, { level: 9 });
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    const e = formatError(() => readAlignmentUpload([{ name: "bomb.zip", bytes: zip }]));
    expect(e.message).toMatch(/the zip unpacks to more than 100 MB in all; the limit is 100 MB/);
    expect(() => unzipFiles(zip, { format: "zip", maxTotalBytes: 10 * 1024 * 1024 })).toThrow(/more than 10 MB in all/);
  });
});

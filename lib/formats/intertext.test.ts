import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { strToU8, unzipSync, zipSync } from "fflate";
import { collectBytes } from "./stream";
import { interTextFileNames, readInterText, readInterTextZip, readInterTextZipDocuments, writeInterTextDocumentsZip, writeInterTextZip } from "./intertext";
import { readAlignmentUpload } from "./detect";
import { FormatError } from "./errors";
import type { CorpusPair } from "./model";
import { META, project, samplePairs } from "../../tests/formats/fixtures";
import { corpusPath } from "../../tests/corpora";
import { describeWithCorpora } from "../../tests/vitest-corpora";

const MAC = corpusPath("mac-dev");
const DOCS = ["001", "002", "003", "004", "005", "006"];

function real(n: string) {
  const f = (name: string) => readFileSync(path.join(MAC, "intertext", name));
  return {
    zh: f(`dev-anno.${n}_zh.xml`),
    en: f(`dev-anno.${n}_en.xml`),
    links: f(`dev-anno.${n}_zh.${n}_en.xml`),
  };
}
function lines(file: string): string[] {
  const l = readFileSync(file, "utf8").split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}
function gold(n: string): { zh: number[]; en: number[] }[] {
  return lines(path.join(MAC, `${n}.align`)).map((l) => {
    const m = /^\[([\d,\s]*)\]:\[([\d,\s]*)\]$/.exec(l.trim())!;
    const ids = (s: string) => (s.trim() ? s.split(",").map(Number) : []);
    return { zh: ids(m[1]), en: ids(m[2]) };
  });
}

describeWithCorpora("mac-dev", "InterText: the real MAC-Dev files", () => {
  const totals = { links: 0, zh: 0, en: 0 };
  for (const n of DOCS) {
    it(`imports document ${n} intact and matches the gold alignment`, () => {
      const r = readInterText(real(n));
      expect(r.warnings).toEqual([]);
      expect(r.meta.srcLang).toBe("zh");
      const g = gold(n);
      const zhLines = lines(path.join(MAC, `${n}.zh`));
      const enLines = lines(path.join(MAC, `${n}.en`));
      expect(r.pairs).toHaveLength(g.length);
      // every bead equals the gold bead, sentence by sentence, text by text
      expect(r.pairs.map((p) => ({ zh: p.zh.map((s) => s.text), en: p.en.map((s) => s.text) }))).toEqual(
        g.map((b) => ({ zh: b.zh.map((i) => zhLines[i]), en: b.en.map((i) => enLines[i]) })),
      );
      const nZh = r.pairs.reduce((a, p) => a + p.zh.length, 0);
      const nEn = r.pairs.reduce((a, p) => a + p.en.length, 0);
      expect(nZh).toBe(zhLines.length);
      expect(nEn).toBe(enLines.length);
      expect(r.pairs.every((p) => p.status === "confirmed")).toBe(true);
      totals.links += r.pairs.length;
      totals.zh += nZh;
      totals.en += nEn;
    });
  }
  it("totals match the corpus README (1,329 beads, 1,444 zh, 1,947 en sentences)", () => {
    expect(totals).toEqual({ links: 1329, zh: 1444, en: 1947 });
  });

  it("re-exports byte-identical files", async () => {
    for (const n of DOCS) {
      const files = real(n);
      const r = readInterText(files);
      const meta = { title: "x", srcLang: "zh" as const };
      const opts = { textName: "dev-anno", versions: { zh: `${n}_zh`, en: `${n}_en` } };
      const names = interTextFileNames(meta, opts);
      expect(names).toMatchObject({ zh: `dev-anno.${n}_zh.xml`, en: `dev-anno.${n}_en.xml`, links: `dev-anno.${n}_zh.${n}_en.xml` });
      const out = unzipSync(await collectBytes(writeInterTextZip(r.pairs, meta, opts)));
      expect(Object.keys(out)).toEqual([names.zh, names.en, names.links]);
      const dec = (b: Uint8Array) => new TextDecoder().decode(b);
      expect(dec(out[names.zh])).toBe(dec(files.zh));
      expect(dec(out[names.en])).toBe(dec(files.en));
      expect(dec(out[names.links])).toBe(dec(files.links));
    }
  });

  it("keeps documents consistent when the filter drops links (gaps of 002 and 006)", async () => {
    for (const n of ["002", "006"]) {
      const r = readInterText(real(n));
      const meta = { title: n, srcLang: "zh" as const };
      const back = readInterTextZip(await collectBytes(writeInterTextZip(r.pairs, meta, { includeGaps: false })));
      const kept = r.pairs.filter((p) => p.en.length && p.zh.length);
      expect(back.warnings).toEqual([]);
      expect(project(back.pairs, {})).toEqual(project(kept, {}));
    }
  });

  it("reads the three real files zipped, finding roles by content and names", () => {
    const f = real("004");
    const zip = zipSync({ "a/dev-anno.004_zh.004_en.xml": f.links, "a/dev-anno.004_en.xml": f.en, "a/dev-anno.004_zh.xml": f.zh });
    expect(readInterTextZip(zip).pairs).toHaveLength(200);
  });
});

describe("InterText: our own export", () => {
  it("round-trips texts, pair and sentence boundaries, paragraphs and review status", async () => {
    const pairs: CorpusPair[] = samplePairs().map((p, i) => ({
      ...p,
      en: p.en.map((s) => ({ ...s, paragraph: i < 3 ? 0 : 1 })),
      zh: p.zh.map((s) => ({ ...s, paragraph: i < 4 ? 0 : 1 })),
    }));
    const zip = await collectBytes(writeInterTextZip(pairs, META));
    const back = readInterTextZip(zip);
    expect(back.warnings).toEqual([]);
    expect(back.meta.srcLang).toBe("zh");
    expect(project(back.pairs, {})).toEqual(project(pairs, {}));
    // status: corrected -> man -> confirmed; flagged -> mark='1'
    expect(back.pairs.map((p) => p.status)).toEqual(["confirmed", "automatic", "confirmed", "flagged", "automatic", "confirmed", "automatic"]);
    expect(back.pairs.map((p) => p.en.map((s) => s.paragraph))).toEqual(pairs.map((p) => p.en.map((s) => s.paragraph)));
    expect(back.pairs.map((p) => p.zh.map((s) => s.paragraph))).toEqual(pairs.map((p) => p.zh.map((s) => s.paragraph)));
    const files = unzipSync(zip);
    const links = new TextDecoder().decode(files[interTextFileNames(META).links]);
    expect(links).toContain("<link type='1-2' xtargets='1:2;1:2 1:3' status='auto'/>");
    expect(links).toContain("<link type='1-0' xtargets='2:3;' status='auto'/>");
    expect(links).toContain("<link type='0-1' xtargets=';2:1' status='man'/>");
    expect(links).toMatch(/status='man' mark='1'\/>/);
  });

  it("English-source documents use en as fromDoc", async () => {
    const meta = { ...META, srcLang: "en" as const, title: "Source EN" };
    const names = interTextFileNames(meta);
    expect(names.links).toBe("Source-EN.en.zh.xml");
    const back = readInterTextZip(await collectBytes(writeInterTextZip(samplePairs(), meta)));
    expect(back.meta.srcLang).toBe("en");
    expect(project(back.pairs, {})).toEqual(project(samplePairs(), {}));
  });
});

describe("InterText: one set of files per document pair", () => {
  const docs = () => [
    { title: "Chapter 1: 红楼梦", pairs: samplePairs().slice(0, 4) },
    { title: "Chapter 2", pairs: samplePairs().slice(4) },
    { title: "Chapter 2", pairs: samplePairs().slice(0, 2) }, // the same title again
  ];

  it("names each set after its document pair, ids restarting in each, and reads every set back", async () => {
    const zip = await collectBytes(writeInterTextDocumentsZip(docs(), META));
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual([
      "Chapter-1-红楼梦.zh.xml",
      "Chapter-1-红楼梦.en.xml",
      "Chapter-1-红楼梦.zh.en.xml",
      "Chapter-2.zh.xml",
      "Chapter-2.en.xml",
      "Chapter-2.zh.en.xml",
      "Chapter-2-2.zh.xml",
      "Chapter-2-2.en.xml",
      "Chapter-2-2.zh.en.xml",
    ]);
    // every document starts again at paragraph 1, sentence 1; each link file names its own documents
    for (const name of ["Chapter-1-红楼梦", "Chapter-2", "Chapter-2-2"]) {
      const zh = new TextDecoder().decode(files[`${name}.zh.xml`]);
      expect(zh).toMatch(/<p id="1">\n {4}<s id="1:1">/);
      const links = new TextDecoder().decode(files[`${name}.zh.en.xml`]);
      expect(links).toContain(`<linkGrp toDoc='${name}.en.xml' fromDoc='${name}.zh.xml'>`);
    }
    const back = readInterTextZipDocuments(zip);
    expect(back.map((d) => d.name)).toEqual(["Chapter-1-红楼梦", "Chapter-2", "Chapter-2-2"]);
    docs().forEach((d, k) => {
      expect(back[k].result.warnings).toEqual([]);
      expect(project(back[k].result.pairs, {})).toEqual(project(d.pairs, {}));
    });
    // a single-set reader refuses the multi-set zip with a clear message
    expect(() => readInterTextZip(zip)).toThrow(/3 InterText document pairs/);
  });

  it("each set imports through the upload reader (the three XML files of one document pair)", async () => {
    const files = unzipSync(await collectBytes(writeInterTextDocumentsZip(docs(), META)));
    const upload = (name: string) => ["zh.xml", "en.xml", "zh.en.xml"].map((ext) => ({ name: `${name}.${ext}`, bytes: files[`${name}.${ext}`] }));
    const second = readAlignmentUpload(upload("Chapter-2"));
    expect(second.format).toBe("intertext");
    expect(project(second.pairs, {})).toEqual(project(docs()[1].pairs, {}));
    const first = readAlignmentUpload(upload("Chapter-1-红楼梦"));
    expect(project(first.pairs, {})).toEqual(project(docs()[0].pairs, {}));
  });

  it("applies the filters in every set", async () => {
    const back = readInterTextZipDocuments(await collectBytes(writeInterTextDocumentsZip(docs(), META, { includeGaps: false, confirmedOnly: true })));
    docs().forEach((d, k) => {
      const kept = d.pairs.filter((p) => p.en.length && p.zh.length && (p.status === "confirmed" || p.status === "corrected"));
      expect(project(back[k].result.pairs, {})).toEqual(project(kept, {}));
    });
  });
});

describe("InterText: document order", () => {
  it("writes documents in index order even when indices have holes the writer never hears about", async () => {
    const pairs: CorpusPair[] = [
      { position: 0, en: [{ text: "e0", index: 0 }], zh: [{ text: "z0", index: 0 }, { text: "z2", index: 2 }] },
      { position: 1, en: [{ text: "e5", index: 5 }], zh: [{ text: "z1", index: 1 }] },
      { position: 2, en: [{ text: "e9", index: 9 }], zh: [{ text: "z7", index: 7 }] },
    ];
    const zip = unzipSync(await collectBytes(writeInterTextZip(pairs, META)));
    const names = interTextFileNames(META);
    const zh = new TextDecoder().decode(zip[names.zh]);
    expect([...zh.matchAll(/<s id="([^"]+)">([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`)).toEqual(["1:1=z0", "1:2=z1", "1:3=z2", "1:4=z7"]);
    const links = new TextDecoder().decode(zip[names.links]);
    expect(links).toContain("xtargets='1:1;1:1 1:3'");
    expect(links).toContain("xtargets='1:2;1:2'");
    const back = readInterTextZip(await collectBytes(writeInterTextZip(pairs, META)));
    expect(project(back.pairs, {})).toEqual(project(pairs, {}));
  });
});

describe("InterText: damaged input", () => {
  const doc = (ids: string[]) =>
    `<?xml version='1.0' encoding='utf-8'?>\n<text>\n  <p id="1">\n${ids.map((id) => `    <s id="${id}">s${id}</s>`).join("\n")}\n  </p>\n</text>\n`;
  const linkFile = (links: string[]) =>
    `<?xml version='1.0' encoding='utf-8'?>\n<linkGrp toDoc='t_en.xml' fromDoc='t_zh.xml'>\n${links.join("\n")}\n</linkGrp>\n`;

  it("an id missing from the documents fails with the link's line", () => {
    try {
      readInterText({ en: doc(["1:1"]), zh: doc(["1:1"]), links: linkFile(["<link type='1-1' xtargets='1:1;1:1' status='man'/>", "<link type='1-1' xtargets='1:2;1:9' status='man'/>"]) });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).line).toBe(4);
      expect((e as Error).message).toMatch(/1:2/);
    }
  });

  it("a sentence in two links fails; a type that contradicts xtargets is a warning", () => {
    expect(() =>
      readInterText({ en: doc(["1:1"]), zh: doc(["1:1", "1:2"]), links: linkFile(["<link xtargets='1:1;1:1'/>", "<link xtargets='1:1;1:2'/>"]) }),
    ).toThrow(/links 1 and 2/);
    const r = readInterText({ en: doc(["1:1"]), zh: doc(["1:1"]), links: linkFile(["<link type='2-1' xtargets='1:1;1:1' status='weird'/>"]) });
    expect(r.warnings).toEqual(["link 1 (line 3): type '2-1' but xtargets has 1-1", "link 1: unknown status 'weird'"]);
  });

  it("unlinked sentences become gaps in document order (or are dropped on request)", () => {
    const input = { en: doc(["1:1", "1:2", "1:3"]), zh: doc(["1:1", "1:2"]), links: linkFile(["<link xtargets='1:1;1:1'/>", "<link xtargets='1:3;1:2'/>"]) };
    const r = readInterText(input);
    expect(r.pairs.map((p) => [p.en.map((s) => s.text), p.zh.map((s) => s.text)])).toEqual([
      [["s1:1"], ["s1:1"]],
      [["s1:2"], []],
      [["s1:3"], ["s1:2"]],
    ]);
    expect(r.warnings[0]).toMatch(/1 en sentence\(s\) in no link \(1:2\)/);
    expect(readInterText(input, { unlinked: "drop" }).pairs).toHaveLength(2);
  });

  it("a link file given as a document is refused; xtargets needs one ';'", () => {
    const links = linkFile(["<link xtargets='1:1;1:1'/>"]);
    expect(() => readInterText({ en: links, zh: doc(["1:1"]), links })).toThrow(/link file, not a document/);
    expect(() => readInterText({ en: doc(["1:1"]), zh: doc(["1:1"]), links: linkFile(["<link xtargets='1:1'/>"]) })).toThrow(/exactly one ";"/);
  });

  it("infers fromDoc from ids when names say nothing; asks for fromLang when ambiguous", () => {
    const anon = (links: string[]) => `<linkGrp toDoc='b.xml' fromDoc='a.xml'>${links.join("")}</linkGrp>`;
    const r = readInterText({ en: doc(["1:1", "1:2"]), zh: doc(["1:1"]), links: anon(["<link xtargets='1:1 1:2;1:1'/>"]) });
    expect(r.meta.srcLang).toBe("zh");
    expect(r.pairs[0].en).toHaveLength(2);
    expect(() => readInterText({ en: doc(["1:1"]), zh: doc(["1:1"]), links: anon(["<link xtargets='1:1;1:1'/>"]) })).toThrow(/fromLang/);
    expect(readInterText({ en: doc(["1:1"]), zh: doc(["1:1"]), links: anon(["<link xtargets='1:1;1:1'/>"]) }, { fromLang: "en" }).meta.srcLang).toBe("en");
  });

  it("zip problems are FormatErrors", () => {
    expect(() => readInterTextZip(zipSync({ "a.xml": strToU8("<text/>") }))).toThrow(/exactly one link file/);
  });
});

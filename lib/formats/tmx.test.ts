import { describe, expect, it } from "vitest";
import { collectText } from "./stream";
import { readTmx, writeTmx } from "./tmx";
import { checkTmxStructure } from "./tmx-structure";
import { FormatError } from "./errors";
import { META, project, samplePairs } from "../../tests/formats/fixtures";

const ALL = { originals: true, status: true, score: true, confidence: true, parts: true, flags: true, notes: true };

describe("TMX 1.4b", () => {
  it("writes a structurally valid TMX 1.4b document", async () => {
    const xml = await collectText(writeTmx(samplePairs(), META, { includeGaps: true }));
    expect(checkTmxStructure(xml)).toEqual([]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tmx version="1.4">/);
    expect(xml).toContain('creationtool="Parallax"');
    expect(xml).toContain('segtype="sentence"');
    // languages with a region by default (corpus builders and CAT tools expect one)
    expect(xml).toContain('srclang="zh-CN"');
    expect(xml).toContain('<tuv xml:lang="zh-CN">');
    expect(xml).toContain('<tuv xml:lang="en-US">');
    expect(xml).not.toMatch(/xml:lang="(zh|en)"/);
    // the heavy score parts only when asked for
    expect(xml).not.toContain("x-score-parts");
    expect(xml).toContain('datatype="plaintext"');
    expect(xml).toContain('creationdate="20240506T070809Z"');
    expect(xml).toContain('<prop type="x-status">confirmed</prop>');
    expect(xml).toContain('<prop type="x-score">92.5</prop>');
    expect(xml).toContain('<prop type="x-confidence">0.97</prop>');
    expect((xml.match(/x-confidence/g) ?? []).length).toBe(5); // none for null or absent
    expect(xml).toContain('<prop type="x-flag">');
    expect(xml).toContain("<note>check the name</note>");
    expect((xml.match(/<tu /g) ?? []).length).toBe(7);
  });

  it("round-trips texts, pair and sentence boundaries, originals, status, score, confidence, parts, flags, notes, meta", async () => {
    const pairs = samplePairs();
    const xml = await collectText(writeTmx(pairs, META, { includeGaps: true, scoreParts: true }));
    const back = readTmx(xml);
    expect(back.warnings).toEqual([]);
    expect(project(back.pairs, ALL)).toEqual(project(pairs, ALL));
    expect(back.pairs.map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(back.pairs.map((p) => p.confidence)).toEqual([0.97, 0.0625, undefined, 0.3372, 0.81, undefined, 1]);
    expect(back.meta).toEqual({ title: META.title, project: META.project, srcLang: "zh", created: META.created });
  });

  it("writes the languages chosen at export, and reads them back as zh/en", async () => {
    const xml = await collectText(writeTmx(samplePairs(), META, { langs: { zh: "zh-TW", en: "en-GB" } }));
    expect(checkTmxStructure(xml)).toEqual([]);
    expect(xml).toContain('srclang="zh-TW"');
    expect((xml.match(/xml:lang="zh-TW"/g) ?? []).length).toBe(5);
    expect((xml.match(/xml:lang="en-GB"/g) ?? []).length).toBe(5);
    const back = readTmx(xml);
    expect(back.meta.srcLang).toBe("zh");
    expect(back.pairs.map((p) => p.en.map((s) => s.text))).toEqual(
      samplePairs()
        .filter((p) => p.en.length && p.zh.length)
        .map((p) => p.en.map((s) => s.text)),
    );
  });

  it("writes who made and who last changed each pair, and when, as the tu's creation/change attributes", async () => {
    const made = new Date(Date.UTC(2026, 10, 30, 9, 15, 0));
    const changedAt = new Date(Date.UTC(2026, 11, 1, 17, 42, 7));
    const pairs = samplePairs().slice(0, 2);
    pairs[0].created = { by: "Ada Lovelace", at: made };
    pairs[0].changed = { by: "Li Wei <\"reviewer\">", at: changedAt };
    pairs[1].created = { at: made }; // the program's own alignment: no author
    const xml = await collectText(writeTmx(pairs, META));
    expect(checkTmxStructure(xml)).toEqual([]);
    expect(xml).toContain('<tu tuid="0" creationdate="20261130T091500Z" creationid="Ada Lovelace" changedate="20261201T174207Z" changeid="Li Wei &lt;&quot;reviewer&quot;&gt;">');
    expect(xml).toContain('<tu tuid="1" creationdate="20261130T091500Z">');
    const back = readTmx(xml);
    expect(back.pairs[0].created).toEqual({ by: "Ada Lovelace", at: made });
    expect(back.pairs[0].changed).toEqual({ by: 'Li Wei <"reviewer">', at: changedAt });
    expect(back.pairs[1].created).toEqual({ at: made });
    expect(back.pairs[1].changed).toBeUndefined();
  });

  it("skips gaps by default", async () => {
    const back = readTmx(await collectText(writeTmx(samplePairs(), META)));
    expect(back.pairs).toHaveLength(5);
    expect(back.pairs.every((p) => p.en.length && p.zh.length)).toBe(true);
  });

  it("replaces (or drops) characters XML 1.0 cannot carry, and the output still parses", async () => {
    const bad = [{ position: 0, en: [{ text: "a\u0001b\u000Bc\uD800d\uFFFEe" }], zh: [{ text: "中\u0000文" }] }];
    const xml = await collectText(writeTmx(bad, META));
    expect(checkTmxStructure(xml)).toEqual([]);
    expect(readTmx(xml).pairs[0].en[0].text).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
    const dropped = readTmx(await collectText(writeTmx(bad, META, { invalidXmlChar: "" })));
    expect(dropped.pairs[0].en[0].text).toBe("abcde");
    expect(dropped.pairs[0].zh[0].text).toBe("中文");
  });

  it("reads a foreign TMX: DOCTYPE with external DTD, lang codes with regions, inline codes", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="en-US" datatype="html"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now</seg></tuv>
<tuv xml:lang="zh-CN"><seg>现在按<ph>&lt;br/&gt;</ph>确定</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>
<tu><tuv lang="EN"><seg><![CDATA[a < b]]></seg></tuv><tuv lang="ZH-TW"><seg>甲</seg></tuv></tu>
</body></tmx>`;
    const r = readTmx(xml);
    expect(r.meta.srcLang).toBe("en");
    expect(r.pairs.map((p) => [p.en[0].text, p.zh[0].text])).toEqual([
      ["Press OK now", "现在按确定"],
      ["a < b", "甲"],
    ]);
    expect(r.warnings.join()).toMatch(/fr/);
  });

  it("rejects a file whose root is not <tmx>", () => {
    expect(() => readTmx("<xliff/>")).toThrow(FormatError);
  });

  it("reports unknown statuses and bad scores as warnings, not failures", () => {
    const xml = `<tmx version="1.4"><header/><body><tu tuid="9"><prop type="x-status">weird</prop><prop type="x-score">abc</prop>
      <tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="zh"><seg>甲</seg></tuv></tu></body></tmx>`;
    const r = readTmx(xml);
    expect(r.pairs[0].status).toBeUndefined();
    expect(r.warnings).toEqual(['tu 9: unknown status "weird"', 'tu 9: invalid score "abc"']);
    const conf = readTmx(`<tmx version="1.4"><header/><body><tu tuid="3"><prop type="x-confidence">1.5</prop>
      <tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="zh"><seg>甲</seg></tuv></tu></body></tmx>`);
    expect(conf.pairs[0].confidence).toBeUndefined();
    expect(conf.warnings).toEqual(['tu 3: invalid confidence "1.5"']);
  });

  it("structure checker catches violations", () => {
    const bad = `<tmx version="1.1"><body><tu><seg/><tuv><seg>x</seg><prop type="a">b</prop></tuv></tu></body></tmx>`;
    const problems = checkTmxStructure(bad);
    expect(problems.join("\n")).toMatch(/version/);
    expect(problems.join("\n")).toMatch(/<header> then <body>/);
    expect(problems.join("\n")).toMatch(/<seg> not allowed in <tu>/);
    expect(problems.join("\n")).toMatch(/lacks xml:lang/);
    expect(problems.join("\n")).toMatch(/<prop> after <seg>/);
  });
});

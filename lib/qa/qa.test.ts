import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runChecks, parseGlossaryTsv, GlossaryParseError, buildDocContext, CHECKS, type QaIssue, type QaPairInput } from "./index";

const ids = (issues: QaIssue[]) => issues.map((i) => i.checkId);
const one = (zh: string, en: string, opts: Parameters<typeof runChecks>[1] = {}) => runChecks([{ zh: [zh], en: [en] }], opts)[0];
const numberIssues = (zh: string, en: string) => one(zh, en, { checks: ["number"] });

describe("number checks", () => {
  it("accepts equal numbers across notations", () => {
    expect(numberIssues("他有二十一本书。", "He has twenty-one books.")).toEqual([]);
    expect(numberIssues("8月1日，100多位代表出席。", "On August 1, over 100 representatives attended.")).toEqual([]);
    expect(numberIssues("两个人走了。", "Two people left.")).toEqual([]);
    expect(numberIssues("增长了百分之五。", "It grew by five percent.")).toEqual([]);
    expect(numberIssues("他赢了五十两银子。", "He won fifty taels.")).toEqual([]);
    expect(numberIssues("她十八九岁。", "She is eighteen or nineteen.")).toEqual([]);
  });

  it("flags a number missing on the English side (zh→en)", () => {
    const r = numberIssues("会议有300位代表出席。", "Many representatives attended the meeting.");
    expect(ids(r)).toEqual(["number.mismatch"]);
    expect(r[0].severity).toBe("major");
    expect(r[0].evidence).toEqual([{ side: "zh", sentence: 0, start: 3, end: 6, text: "300" }]);
  });

  it("flags a number missing on the Chinese side (en→zh)", () => {
    const r = numberIssues("会议有很多代表出席。", "There were 300 representatives at the meeting.");
    expect(ids(r)).toEqual(["number.mismatch"]);
    expect(r[0].evidence[0]).toMatchObject({ side: "en", text: "300" });
  });

  it("flags changed values; a changed date is critical", () => {
    const r = numberIssues("8月1日举行。", "It was held on August 2.");
    expect(ids(r)).toEqual(["number.mismatch"]);
    expect(r[0].severity).toBe("critical");
    expect(r[0].evidence.map((e) => e.side)).toEqual(["zh", "en"]);
    expect(numberIssues("二十一个人", "twenty-two people").length).toBe(1);
  });

  it("compares counted nouns through the lexicon", () => {
    expect(numberIssues("三个人去了两个地方。", "Three people went to two places.")).toEqual([]);
    const r = numberIssues("三个人去了两个地方。", "Two people went to three places.");
    expect(r.map((i) => i.checkId)).toEqual(["number.counted", "number.counted"]);
    expect(r[0].evidence.map((e) => e.text)).toEqual(["三个人", "Two people went"]);
  });
});

describe("seed: “两街一区” vs “two districts and one street”", () => {
  const seeds = path.resolve(__dirname, "../../seeds");
  const zhLine = fs.readFileSync(path.join(seeds, "hongqi-town.zh.txt"), "utf8").split("\n").find((l) => l.includes("两街一区"))!.trim();
  const enText = fs.readFileSync(path.join(seeds, "hongqi-town.en.txt"), "utf8");
  const enSentence = /[^.]*two districts and one street[^.]*\./.exec(enText)![0].trim();

  it("raises a counted-noun issue on the hand-aligned pair", () => {
    expect(zhLine).toBe("红旗小镇“两街一区”整体规划");
    expect(enSentence.startsWith("It is reported that Hongqi Town")).toBe(true);
    const issues = runChecks([{ zh: [zhLine], en: [enSentence] }])[0].filter((i) => i.checkId === "number.counted");
    expect(issues.length).toBe(2);
    const texts = issues.map((i) => i.evidence.map((e) => `${e.side}:${e.text}`).join(" "));
    expect(texts).toContain("zh:两街 en:one street");
    expect(texts).toContain("zh:一区 en:two districts");
    for (const i of issues) for (const e of i.evidence) expect((e.side === "zh" ? zhLine : enSentence).slice(e.start, e.end)).toBe(e.text);
    expect(issues[0].message).toMatch(/两街.*2.*one street.*1/);
  });

  it("is quiet when the counts agree", () => {
    const fixed = enSentence.replace("two districts and one street", "two streets and one district");
    expect(runChecks([{ zh: [zhLine], en: [fixed] }])[0].filter((i) => i.checkId === "number.counted")).toEqual([]);
  });
});

describe("name checks", () => {
  const zh = "中国一汽董事长徐留平在启动仪式上致辞。";
  it("matches romanised names by pinyin", () => {
    expect(one(zh, "FAW chairman Xu Liuping spoke at the launch ceremony.", { checks: ["name"] })).toEqual([]);
  });
  it("flags a swapped name (both directions)", () => {
    const r = one(zh, "FAW chairman Zhu Tianshu spoke at the launch ceremony.", { checks: ["name"] });
    expect(ids(r)).toEqual(["name.missing"]);
    expect(r[0].evidence[0]).toMatchObject({ side: "en", text: "Zhu Tianshu" });
    // the document knows 徐留平 = Xu Liuping: the Chinese name is reported too
    const doc: QaPairInput[] = [
      { zh: [zh], en: ["FAW chairman Xu Liuping spoke at the launch ceremony."] },
      { zh: ["徐留平出席了会议。"], en: ["Zhu Tianshu attended the meeting."] },
    ];
    const r2 = runChecks(doc, { checks: ["name"] });
    expect(r2[0]).toEqual([]);
    expect(ids(r2[1])).toEqual(["name.mismatch"]);
    expect(r2[1][0].evidence.map((e) => e.text)).toEqual(["徐留平", "Zhu Tianshu"]);
  });
  it("flags a known Chinese name left out of the English", () => {
    const doc: QaPairInput[] = [
      { zh: ["徐留平致辞。"], en: ["Xu Liuping gave a speech."] },
      { zh: ["徐留平出席了会议。"], en: ["The chairman attended the meeting."] },
    ];
    const r = runChecks(doc, { checks: ["name"] });
    expect(ids(r[1])).toEqual(["name.missing"]);
    expect(r[1][0].evidence[0]).toMatchObject({ side: "zh", text: "徐留平" });
  });
  it("does not flag a main character named where the Chinese has a zero subject", () => {
    // 陈清扬 is in most pairs: the translator names her where the Chinese leaves the subject out
    const doc: QaPairInput[] = [
      ...Array.from({ length: 8 }, (_, k) => ({ zh: [`陈清扬第${k + 1}次来到山上。`], en: [`Chen Qingyang came up the mountain for time number ${k + 1}.`] })),
      { zh: ["走到门口又回来了。"], en: ["Chen Qingyang walked to the door and came back."] },
    ];
    const r = runChecks(doc, { checks: ["name"] });
    expect(r.flat()).toEqual([]);
    // without document context (a rare name) the same pair is reported
    expect(ids(one("走到门口又回来了。", "Chen Qingyang walked to the door and came back.", { checks: ["name"] }))).toEqual(["name.missing"]);
  });
  it("does not flag a speaker tag left out of a quotation-only English", () => {
    const doc: QaPairInput[] = [
      { zh: ["徐留平致辞。"], en: ["Xu Liuping gave a speech."] },
      { zh: ["徐留平道：“好，你过来！”"], en: ["'Very well. Come over here!'"] },
      { zh: ["徐留平出席了会议。"], en: ["The chairman attended the meeting."] },
    ];
    const r = runChecks(doc, { checks: ["name"] });
    expect(r[1]).toEqual([]);
    expect(ids(r[2])).toEqual(["name.missing"]);
  });
  it("does not treat sentence-initial or common capitalised words as names", () => {
    expect(one("他们昨天去了北京。", "Yesterday they went to Beijing.", { checks: ["name"] })).toEqual([]);
  });
});

describe("gap pairs, omission and addition", () => {
  it("direction follows sourceLang", () => {
    const zhOnly: QaPairInput = { zh: ["吉林省副省长朱天舒出席启动仪式并致辞。"], en: [] };
    const enOnly: QaPairInput = { zh: [], en: ["The vice governor of Jilin attended the ceremony and gave a speech."] };
    expect(ids(runChecks([zhOnly, enOnly]).flat())).toEqual(["omission.gap", "addition.gap"]);
    expect(ids(runChecks([zhOnly, enOnly], { sourceLang: "en" }).flat())).toEqual(["addition.gap", "omission.gap"]);
    expect(runChecks([zhOnly])[0][0].severity).toBe("major");
    expect(runChecks([{ zh: ["分享"], en: [] }])[0][0].severity).toBe("minor");
  });

  it("flags a pair far shorter than the document's usual ratio", () => {
    const base: QaPairInput = { zh: ["中国一汽与长春市政府合作建设红旗小镇。"], en: ["China FAW and the Changchun government are building Hongqi Town together."] };
    const doc: QaPairInput[] = Array.from({ length: 12 }, () => base);
    doc.push({
      zh: ["吉林省政府、长春市政府和汽开区精干团队与红旗小镇事业管理部人员通力协作，按照具体项目优先度和成熟度梯次推进，为所有项目提供全程服务。"],
      en: ["The teams cooperate."],
    });
    const r = runChecks(doc, { checks: ["omission", "addition"] });
    expect(r.slice(0, 12).flat()).toEqual([]);
    expect(ids(r[12]).some((c) => c.startsWith("omission."))).toBe(true);
    const asEn = runChecks(doc, { checks: ["omission", "addition"], sourceLang: "en" });
    expect(ids(asEn[12]).some((c) => c.startsWith("addition."))).toBe(true);
  });
});

describe("untranslated", () => {
  it("flags identical text and foreign script", () => {
    expect(ids(one("Hongqi Town launch ceremony", "Hongqi Town launch ceremony"))).toContain("untranslated.identical");
    expect(one("2018-08-01", "2018-08-01", { checks: ["untranslated"] })).toEqual([]);
    const r = one("启动仪式 was held in the new headquarters", "The launch ceremony was held in the new headquarters.", { checks: ["untranslated"], sourceLang: "en" });
    expect(ids(r)).toEqual(["untranslated.script"]);
    expect(r[0].severity).toBe("major");
    const r2 = one("启动仪式在新总部举行。", "The 启动仪式 was held at the new headquarters.", { checks: ["untranslated"] });
    expect(r2[0]).toMatchObject({ checkId: "untranslated.script", severity: "major" });
    expect(r2[0].evidence[0].text).toBe("启动仪式");
    expect(one("中国一汽（FAW）发布了新车。", "China FAW launched a new car.", { checks: ["untranslated"] })).toEqual([]);
  });
});

describe("terminology", () => {
  const tsv = "# project glossary\nen\tzh\nsmart city\t智慧城市\ndistrict|area\t区\tplanning areas\n";
  it("parses a glossary TSV", () => {
    expect(parseGlossaryTsv(tsv)).toEqual([
      { en: ["smart city"], zh: ["智慧城市"], line: 3 },
      { en: ["district", "area"], zh: ["区"], line: 4, note: "planning areas" },
    ]);
  });
  it("reports every bad line with its number", () => {
    const bad = "smart city\t智慧城市\nno tab here\n\t空\n智慧城市\tsmart city\na\tb\tc\td\nsmart city\t智慧城市\n";
    let err: unknown;
    try {
      parseGlossaryTsv(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GlossaryParseError);
    const p = (err as GlossaryParseError).problems;
    expect(p.map((x) => x.line)).toEqual([2, 3, 4, 5, 6]);
    expect(p[0].message).toMatch(/no tab/);
    expect(p[1].message).toMatch(/empty English/);
    expect(p[2].message).toMatch(/swapped/);
    expect(p[3].message).toMatch(/4/);
    expect(p[4].message).toMatch(/duplicate of line 1/);
  });
  it("checks glossary terms in both directions", () => {
    const glossary = parseGlossaryTsv(tsv);
    const ok = one("打造智慧城市。", "Build smart cities.", { glossary, checks: ["terminology.glossary"] });
    expect(ok).toEqual([]);
    const miss = one("打造智慧城市。", "Build intelligent cities.", { glossary, checks: ["terminology.glossary"] });
    expect(miss).toHaveLength(1);
    expect(miss[0]).toMatchObject({ severity: "major", evidence: [{ side: "zh", text: "智慧城市" }] });
    const rev = one("打造城市。", "Build a smart city.", { glossary, checks: ["terminology.glossary"] });
    expect(rev[0]).toMatchObject({ severity: "minor", evidence: [{ side: "en", text: "smart city" }] });
  });
  it("flags inconsistent renderings of a source term", () => {
    const doc: QaPairInput[] = [
      { zh: ["这个地区很美。"], en: ["This region is beautiful."] },
      { zh: ["那个地区很大。"], en: ["That region is large."] },
      { zh: ["地区经济发展很快。"], en: ["The region's economy grows fast."] },
      { zh: ["这个地区很冷。"], en: ["This area is cold."] },
    ];
    const ctx = buildDocContext(doc);
    expect(Object.keys(ctx.renderings).length).toBeGreaterThan(0);
    const r = runChecks(doc, { checks: ["terminology"] });
    expect(r.slice(0, 3).flat()).toEqual([]);
    expect(ids(r[3])).toEqual(["terminology.inconsistent"]);
    expect(r[3][0].message).toMatch(/地区.*area.*region.*3 other pairs/);
  });
});

describe("issue keys", () => {
  const doc: QaPairInput[] = [
    { zh: ["会议有300位代表出席。"], en: ["Many representatives attended."] },
    { zh: ["吉林省副省长朱天舒出席启动仪式并致辞。"], en: [] },
  ];
  it("are stable across reruns and reordering, and differ per evidence", () => {
    const a = runChecks(doc).flat().map((i) => i.key);
    const b = runChecks([...doc].reverse()).flat().map((i) => i.key);
    expect(a.length).toBe(2);
    expect(new Set(b)).toEqual(new Set(a));
    expect(a[0]).toMatch(/^number\.mismatch:[0-9a-f]{8}:[0-9a-f]{8}$/);
    const c = runChecks([{ zh: ["会议有400位代表出席。"], en: ["Many representatives attended."] }])[0][0].key;
    expect(c).not.toBe(a[0]);
    // unrelated edits of the target keep the key
    const d = runChecks([{ zh: ["会议有300位代表出席。"], en: ["Lots of representatives attended."] }])[0][0].key;
    expect(d).toBe(a[0]);
  });
  it("are unique within a pair", () => {
    const r = one("有三本书和四支笔。", "There are books and pens.", { checks: ["number"] });
    expect(r.length).toBe(2);
    expect(new Set(r.map((i) => i.key)).size).toBe(2);
  });
  it("every emitted check id is catalogued", () => {
    const known = new Set(CHECKS.map((c) => c.id));
    for (const i of runChecks(doc).flat()) expect(known.has(i.checkId)).toBe(true);
  });
});

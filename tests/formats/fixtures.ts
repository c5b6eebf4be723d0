/** Shared test data (not a test file itself). */
import { expect } from "vitest";
import { FormatError } from "../../lib/formats/errors";
import type { CorpusPair } from "../../lib/formats/model";

export const META = { title: "Fixture: 红楼梦 & <Friends>", project: "Demo", srcLang: "zh" as const, created: new Date("2024-05-06T07:08:09Z") };

/**
 * Pairs covering multi-sentence beads, gaps, statuses, flags, notes, corrections, confidences
 * (one, none: null, absent) and awkward characters.
 */
export function samplePairs(): CorpusPair[] {
  return [
    {
      position: 0,
      en: [{ text: "I did not leave that night." }],
      zh: [{ text: "那天晚上我没走掉。" }],
      status: "confirmed",
      score: 92.5,
      confidence: 0.97,
      parts: { lexical: 0.8, length: 0.93, matches: [["night", "晚上"]] },
    },
    {
      position: 1,
      en: [{ text: 'She said <b>"no" & \'never\'</b>.' }],
      zh: [{ text: "她承认打我不对，" }, { text: "也承认没有好好待我。" }],
      status: "automatic",
      score: 0,
      confidence: 0.0625,
    },
    {
      position: 2,
      en: [{ text: "Line one\nline two\twith tab \\ backslash" }, { text: "A|||B | pipe ]]> end" }],
      zh: [{ text: "第一行\r\n第二行" }],
      status: "corrected",
      score: 71,
      confidence: null,
    },
    {
      position: 3,
      en: [{ text: "Corrected sentence.", original: "Corected sentense." }, { text: "Untouched one." }],
      zh: [{ text: "改过的句子。", original: "改过得句子。" }],
      status: "flagged",
      score: 45.25,
      confidence: 0.3372,
      flags: [
        { category: "mistranslation", severity: "major", note: "wrong verb \"take\"", source: "editor", resolved: false },
        { category: "style", severity: "minor", note: "", source: "check", resolved: true },
      ],
      notes: ["check the name", "second note\nwith a line break"],
    },
    { position: 4, en: [{ text: "An English sentence with no counterpart." }], zh: [], status: "automatic", score: null, confidence: 0.81 },
    { position: 5, en: [], zh: [{ text: "没有对应的中文句子。" }], status: "confirmed", score: null },
    {
      position: 6,
      en: [{ text: "Emoji 😀 and accents: café, naïve." }],
      zh: [{ text: "表情😀与全角：ＡＢＣ" }],
      status: "automatic",
      score: 88,
      confidence: 1,
    },
  ];
}

/** A deterministic synthetic stream of n pairs (generator: never materialised). */
export function* syntheticPairs(n: number): Generator<CorpusPair> {
  for (let i = 0; i < n; i++) {
    yield {
      position: i,
      en: [{ text: `This is synthetic English sentence number ${i}, with a <tag> & an ampersand.` }],
      zh: i % 7 === 0 ? [{ text: `第${i}句。` }, { text: "第二句。" }] : [{ text: `这是第${i}个合成的中文句子。` }],
      status: i % 3 === 0 ? "confirmed" : "automatic",
      score: (i % 100) + 0.5,
      parts: { lexical: (i % 10) / 10 },
      flags: i % 50 === 0 ? [{ category: "omission", severity: "minor", note: `n${i}` }] : undefined,
    };
  }
}

/** Strip what a format cannot carry, for comparisons. */
export function project(
  pairs: CorpusPair[],
  keep: { originals?: boolean; sentences?: boolean; status?: boolean; score?: boolean; confidence?: boolean; parts?: boolean; flags?: boolean; notes?: boolean },
) {
  return pairs.map((p) => ({
    en: keep.sentences === false ? joinTexts("en", p.en) : p.en.map((s) => ({ text: s.text, ...(keep.originals && s.original !== undefined ? { original: s.original } : {}) })),
    zh: keep.sentences === false ? joinTexts("zh", p.zh) : p.zh.map((s) => ({ text: s.text, ...(keep.originals && s.original !== undefined ? { original: s.original } : {}) })),
    ...(keep.status ? { status: p.status } : {}),
    ...(keep.score ? { score: p.score ?? null } : {}),
    ...(keep.confidence ? { confidence: p.confidence ?? null } : {}),
    ...(keep.parts ? { parts: p.parts } : {}),
    ...(keep.flags ? { flags: p.flags ?? [] } : {}),
    ...(keep.notes ? { notes: p.notes ?? [] } : {}),
  }));
}

function joinTexts(lang: "en" | "zh", s: { text: string }[]): string {
  return s.map((x) => x.text).join(lang === "en" ? " " : "");
}

/** The FormatError that `f` throws (fails the test if it throws something else, or nothing). */
export function formatError(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error("expected a FormatError");
}

/** "Billion laughs": a DOCTYPE whose entity &lol9; would expand to 10^9 "lol"s. */
export const BILLION_LAUGHS =
  '<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("\n") +
  "\n]>";

// Generators of the property-based review test (props.test.ts): random document pairs (headings
// without final punctuation, 1–2 character and punctuation-only sentences, sentences thousands of
// characters long, CJK and Latin, characters the export formats must escape) with an initial
// review state, and random sequences of review steps by 2–3 editors. A step holds only numbers
// and texts; props-run.ts interprets it against the editor's (possibly stale) view of the
// database, so fast-check can shrink a failing sequence.
import fc from "fast-check";
import { FLAG_CATEGORIES, FLAG_SEVERITIES, PAIR_STATUSES, type PairStatus } from "../../lib/db/vocabulary";

export type Lang = "en" | "zh";

export interface SentSpec {
  text: string;
  /** a new paragraph starts with this sentence */
  para: boolean;
  excluded: boolean;
  /** an imported correction (its text), or null */
  correction: string | null;
}

export interface FlagSpec {
  category: string;
  severity: string;
  note: string;
  resolved: boolean;
  /** an automatic finding (source "check") instead of an editor's flag */
  check: boolean;
}

export interface PairDeco {
  status: PairStatus;
  flags: FlagSpec[];
}

export interface DocSpec {
  en: SentSpec[];
  zh: SentSpec[];
  /** bead shapes [en, zh], consumed in order; what is left becomes 1-1 pairs, then gaps */
  shapes: [number, number][];
  /** review state of pair i: decos[i] (pairs beyond the list are automatic and unflagged) */
  decos: PairDeco[];
  /** sentence offsets into the document text are stored (else null) */
  offsets: boolean;
  /** distance between consecutive pair positions (1: as imported, no room for splits) */
  gap: number;
}

export const OP_KINDS = [
  // first: what a shrunk step becomes (fast-check shrinks a oneof towards its first arbitrary)
  "pause",
  "status",
  "flag.add",
  "flag.update",
  "flag.resolve",
  "flag.reopen",
  "correct",
  "revert",
  "merge",
  "split",
  "move",
  "link",
  "unlink",
  "sentence.split",
  "sentence.join",
  "exclude",
  "flag.span",
  "bulk.status",
  "replace",
  "undo",
  "realign",
  "refresh",
  // two editors' steps at the same time (kinds and choices derived from this step's numbers)
  "burst",
] as const;
export type OpKind = (typeof OP_KINDS)[number];

const WEIGHTS: Record<OpKind, number> = {
  pause: 1,
  status: 4,
  "flag.add": 3,
  "flag.update": 3,
  "flag.resolve": 2,
  "flag.reopen": 1,
  correct: 5,
  revert: 2,
  merge: 3,
  split: 3,
  move: 3,
  link: 3,
  unlink: 2,
  "sentence.split": 3,
  "sentence.join": 3,
  exclude: 2,
  "flag.span": 2,
  "bulk.status": 2,
  replace: 2,
  undo: 5,
  realign: 1,
  refresh: 3,
  burst: 3,
};

/** The operations a burst draws from. */
export const BURST_KINDS: OpKind[] = ["status", "flag.add", "flag.update", "flag.resolve", "correct", "revert", "merge", "split", "move", "link", "unlink", "sentence.split", "sentence.join", "exclude", "undo", "flag.span", "bulk.status", "replace"];

/** The two steps of a burst: different editors, different choices. */
export function burstSteps(step: Step, editors: number): [Step, Step] {
  const first = { ...step, kind: BURST_KINDS[step.a % BURST_KINDS.length] };
  const second = { ...step, ed: (step.ed % editors) + 1, kind: BURST_KINDS[step.b % BURST_KINDS.length], a: step.c, b: step.a, c: step.b, bad: 0 };
  return [first, second];
}

export interface Step {
  /** which editor acts (modulo the number of editors) */
  ed: number;
  kind: OpKind;
  /** choices (which pair, sentence, flag, field…), taken modulo what the view offers */
  a: number;
  b: number;
  c: number;
  /** see badKind: mostly valid; else a missing id, a malformed argument, or a future version / stale text base */
  bad: number;
  /** a new text, per language of the sentence it goes to */
  text: { en: string; zh: string };
}

export interface Scenario {
  doc: DocSpec;
  editors: number;
  steps: Step[];
}

const EN_WORDS = [
  "the", "river", "report", "Council", "data", "alignment", "review", "of", "and", "in", "O'Brien", "e.g.", "U.S.",
  "3.14", "x<y", "&amp;", "\"quoted\"", "a|b", "|||", "back\\slash", "naïve", "café", "Ω", "fifty-five", "(see", "below)",
  "<tag>", "]]>", "50%", "#1", "tab\\t",
];
const ZH_WORDS = [
  "中文", "句子", "报告", "委员会", "数据", "对齐", "审校", "“引号”", "《书名》", "3.14", "〇", "龘", "，", "UN", "的", "了",
  "联合国", "第三", "“", "”", "<", "&", "|", "𠀋",
];

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Repeats the words until the text is about `n` characters long. */
function longText(words: string[], n: number, sep: string): string {
  const out: string[] = [];
  let len = 0;
  for (let i = 0; len < n; i++) {
    const w = words[i % words.length];
    out.push(w);
    len += w.length + sep.length;
  }
  return out.join(sep);
}

/** One sentence of a language, of every kind the review must survive. */
export function sentenceArb(lang: Lang): fc.Arbitrary<string> {
  const en = lang === "en";
  const words = fc.constantFrom(...(en ? EN_WORDS : ZH_WORDS));
  const sep = en ? " " : "";
  const end = en ? fc.constantFrom(".", "?", "!", "…", ".\"", ";", ":") : fc.constantFrom("。", "？", "！", "……", "”。", "；", "：");
  const normal = fc
    .tuple(fc.array(words, { minLength: 2, maxLength: 12 }), end)
    .map(([w, e]) => (en ? capitalize(w.join(sep)) : w.join(sep)) + e);
  const heading = fc
    .tuple(
      en
        ? fc.constantFrom("Chapter", "Part", "Section", "Appendix", "Introduction", "Results and Discussion", "Table", "1.2")
        : fc.constantFrom("第", "章", "附录", "引言", "结果与讨论", "表", "一、"),
      fc.nat(120),
    )
    .map(([h, n]) => (n % 3 === 0 ? h : en ? `${h} ${n}` : `${h}${n}`));
  const tiny = en
    ? fc.constantFrom("A", "I", "OK", "No", "Hi", "a", "?", "!", "—", "…", "1.", "“", "&", "<")
    : fc.constantFrom("好", "是", "一", "？", "！", "—", "…", "对。", "“", "龘", "𠀋");
  const long = fc
    .tuple(fc.array(words, { minLength: 3, maxLength: 8 }), fc.integer({ min: 1000, max: 6000 }), end)
    .map(([w, n, e]) => longText(w, n, sep) + e);
  const punct = fc.constantFrom("...", "!?", "——", "。", "“”", "***", "(1)", "--", "·", "《》", "?!.", "…", "|", "&&", "<>", "”。");
  const mixed = en
    ? fc.constantFrom("Table 3 表三", "UNESCO 联合国教科文组织", "A  b.", "x\u00a0y z.", "Tabs\\tand pipes ||| here.")
    : fc.constantFrom("表三 Table 3", "联合国 UNESCO。", "中\u3000文。", "数据 data 对齐。", "竖线 ||| 这里。");
  return fc.oneof(
    { weight: 8, arbitrary: normal },
    { weight: 2, arbitrary: heading },
    { weight: 2, arbitrary: tiny },
    { weight: 1, arbitrary: long },
    { weight: 1, arbitrary: punct },
    { weight: 1, arbitrary: mixed },
  );
}

function sentSpecArb(lang: Lang): fc.Arbitrary<SentSpec> {
  return fc.record({
    text: sentenceArb(lang),
    para: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    excluded: fc.integer({ min: 0, max: 11 }).map((n) => n === 0),
    // one sentence in ten arrives corrected
    correction: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: sentenceArb(lang) }),
  });
}

const flagArb: fc.Arbitrary<FlagSpec> = fc.record({
  category: fc.constantFrom(...FLAG_CATEGORIES),
  severity: fc.constantFrom(...FLAG_SEVERITIES),
  note: fc.constantFrom("", "tone lost", "数字不对", "a <b> & c", "x".repeat(300)),
  resolved: fc.boolean(),
  check: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

const decoArb: fc.Arbitrary<PairDeco> = fc.record({
  status: fc.constantFrom<PairStatus>("automatic", "automatic", "automatic", ...PAIR_STATUSES),
  flags: fc.array(flagArb, { maxLength: 2 }),
});

const SHAPES: [number, number][] = [[1, 1], [1, 1], [1, 1], [1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [2, 2], [3, 1]];

export function docArb(maxSentences = 15): fc.Arbitrary<DocSpec> {
  return fc.record({
    en: fc.array(sentSpecArb("en"), { minLength: 1, maxLength: maxSentences }),
    zh: fc.array(sentSpecArb("zh"), { minLength: 1, maxLength: maxSentences }),
    shapes: fc.array(fc.constantFrom(...SHAPES), { maxLength: 2 * maxSentences }),
    decos: fc.array(decoArb, { maxLength: 2 * maxSentences }),
    offsets: fc.boolean(),
    gap: fc.constantFrom(1, 1, 2, 1024),
  });
}

const BAD_RANGE = 24;

export function stepArb(): fc.Arbitrary<Step> {
  return fc.record({
    ed: fc.nat(5),
    kind: fc.oneof(...OP_KINDS.map((k) => ({ weight: WEIGHTS[k], arbitrary: fc.constant(k) }))),
    a: fc.nat(1_000_000),
    b: fc.nat(1_000_000),
    c: fc.nat(1_000_000),
    bad: fc.nat(BAD_RANGE),
    text: fc.record({ en: sentenceArb("en"), zh: sentenceArb("zh") }),
  });
}

/**
 * Every sequence has exactly `steps` steps; shrinking turns the steps a failure does not need
 * into pauses (and its choices towards 0, its variants towards valid arguments).
 */
export function scenarioArb(steps: number, maxSentences = 15): fc.Arbitrary<Scenario> {
  return fc.record({
    doc: docArb(maxSentences),
    editors: fc.integer({ min: 2, max: 3 }),
    steps: fc.array(stepArb(), { minLength: steps, maxLength: steps }),
  });
}

export type BadKind = "valid" | "missing" | "malformed" | "future";

/** One step in eight has a bad argument (0, where shrinking ends, is valid). */
export function badKind(bad: number): BadKind {
  return bad === BAD_RANGE ? "missing" : bad === BAD_RANGE - 1 ? "malformed" : bad === BAD_RANGE - 2 ? "future" : "valid";
}

/** The beads of a document spec: [en indices, zh indices] per pair, in reading order. */
export function beadsOf(doc: DocSpec): { en: number[]; zh: number[] }[] {
  const out: { en: number[]; zh: number[] }[] = [];
  let e = 0;
  let z = 0;
  const take = (ne: number, nz: number) => {
    const en = Array.from({ length: Math.min(ne, doc.en.length - e) }, (_, k) => e + k);
    const zh = Array.from({ length: Math.min(nz, doc.zh.length - z) }, (_, k) => z + k);
    e += en.length;
    z += zh.length;
    if (en.length + zh.length) out.push({ en, zh });
  };
  for (const [ne, nz] of doc.shapes) take(ne, nz);
  while (e < doc.en.length || z < doc.zh.length) take(1, 1);
  return out;
}

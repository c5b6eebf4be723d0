import type { FlagCategory, QaEvidence, QaIssue, QaLang, QaPairInput, Severity, RobustStat } from "./types";

/** 32-bit FNV-1a, hex: short stable hashes for issue keys. */
export function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

export function sideOf(pair: QaPairInput, lang: QaLang): string[] {
  return lang === "zh" ? pair.zh : pair.en;
}

/** Builds issues of one pair with keys that are unique within the pair. */
export class IssueSink {
  readonly issues: QaIssue[] = [];
  private seen = new Map<string, number>();
  constructor(
    private readonly pair: QaPairInput,
    private readonly sourceLang: QaLang,
  ) {}

  add(checkId: string, category: FlagCategory, severity: Severity, message: string, evidence: QaEvidence[]): QaIssue {
    const src = norm(sideOf(this.pair, this.sourceLang).join("\n"));
    // gap pairs have an empty source side: the target text identifies them
    const anchor = src.length > 0 ? src : norm(sideOf(this.pair, this.sourceLang === "zh" ? "en" : "zh").join("\n"));
    const ev = evidence.map((e) => `${e.side}:${norm(e.text)}`).join("|");
    let key = `${checkId}:${fnv(anchor)}:${fnv(ev)}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    if (n > 0) key += `:${n}`;
    const issue: QaIssue = { checkId, category, severity, message, evidence, key };
    this.issues.push(issue);
    return issue;
  }
}

export function ev(side: QaLang, sentence: number, text: string, start: number, end: number): QaEvidence {
  return { side, sentence, start, end, text: text.slice(start, end) };
}

/** Whole-sentence evidence (trimmed). */
export function evSentence(side: QaLang, sentence: number, text: string): QaEvidence {
  let s = 0;
  let e = text.length;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return ev(side, sentence, text, s, e);
}

export function quote(s: string, max = 60): string {
  const t = norm(s);
  return "“" + (t.length > max ? t.slice(0, max - 1) + "…" : t) + "”";
}

export function robustStat(xs: number[], floor: number): RobustStat {
  if (xs.length === 0) return { median: 0, mad: floor, n: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const med = s[s.length >> 1];
  const dev = s.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
  return { median: med, mad: Math.max(floor, dev[dev.length >> 1] * 1.4826), n: xs.length };
}

export const other = (l: QaLang): QaLang => (l === "zh" ? "en" : "zh");
export const langName = (l: QaLang) => (l === "zh" ? "Chinese" : "English");

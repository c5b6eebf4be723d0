// Editor-style search over sentences: case-sensitive or not, whole words, regular expressions,
// and replacement with $1 / $<name> groups. Plain TypeScript (node:worker_threads for the
// regex budget), no Next.js, no Prisma.
//
// Catastrophic regexes: a user's regular expression runs in a worker thread that is terminated
// when it exceeds its time budget (REGEX_BUDGET_MS for the whole document), so a pattern like
// (a+)+$ costs at most that and answers a clear error; the request thread never runs it. Plain
// (non-regex) searches are escaped into a linear-time pattern and run in process.
//
// Whole word: in English (and any script with spaces), a match may not have a letter, digit or
// underscore right before or after it. Chinese has no spaces between words: next to a Han
// character, a match edge must fall on a word boundary of ICU's dictionary-based segmentation
// (Intl.Segmenter "zh", granularity word): 北京 matches in 我们在北京大学 (我们|在|北京|大学) but
// 京大 does not. Matches are found first and those whose edges fail are dropped.
import { Worker } from "node:worker_threads";

export interface SearchSpec {
  q: string;
  caseSensitive?: boolean;
  wholeWord?: boolean;
  regex?: boolean;
}

export interface TextMatch {
  start: number;
  end: number;
  /** capture groups (undefined: the group did not take part) */
  groups: (string | undefined)[];
  named?: Record<string, string | undefined>;
}

export class SearchError extends Error {
  override name = "SearchError";
}

export const REGEX_BUDGET_MS = 1500;
export const MAX_PATTERN_LENGTH = 500;
export const MAX_MATCHES = 100_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The pattern and flags of a search; an invalid regular expression is a SearchError naming why. */
export function compileSearch(spec: SearchSpec): { source: string; flags: string } {
  if (!spec.q) throw new SearchError("Give something to search for");
  if (spec.q.length > MAX_PATTERN_LENGTH) throw new SearchError(`A search can be at most ${MAX_PATTERN_LENGTH} characters`);
  const source = spec.regex ? spec.q : escapeRegExp(spec.q);
  const flags = `gu${spec.caseSensitive ? "" : "i"}`;
  try {
    new RegExp(source, flags);
  } catch (err) {
    throw new SearchError(`Invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}`);
  }
  return { source, flags };
}

/** The matching loop, as source, so the worker runs exactly what runs in process. */
const MATCH_ALL = `function matchAll(source, flags, texts, max) {
  const re = new RegExp(source, flags);
  const out = [];
  let total = 0;
  for (const t of texts) {
    const ms = [];
    re.lastIndex = 0;
    let m;
    while (total < max && (m = re.exec(t)) !== null) {
      ms.push([m.index, m.index + m[0].length, m.slice(1), m.groups ? { ...m.groups } : undefined]);
      total++;
      if (m[0].length === 0) re.lastIndex += t.codePointAt(re.lastIndex) > 0xffff ? 2 : 1;
    }
    out.push(ms);
  }
  return out;
}`;
type RawMatch = [number, number, (string | undefined)[], Record<string, string | undefined> | undefined];
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const matchAllInProcess = new Function(`return (${MATCH_ALL})`)() as (source: string, flags: string, texts: string[], max: number) => RawMatch[][];

function inWorker(source: string, flags: string, texts: string[], budgetMs: number): Promise<RawMatch[][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`const { parentPort, workerData: d } = require("node:worker_threads");\n${MATCH_ALL}\nparentPort.postMessage(matchAll(d.source, d.flags, d.texts, d.max));`, {
      eval: true,
      workerData: { source, flags, texts, max: MAX_MATCHES },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new SearchError(`The regular expression took longer than ${budgetMs / 1000} s on this document (catastrophic backtracking?): simplify it`));
    }, budgetMs);
    worker.once("message", (m: RawMatch[][]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", (err) => {
      clearTimeout(timer);
      reject(new SearchError(`The search failed: ${err.message}`));
    });
  });
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function charBefore(text: string, at: number): string {
  if (at <= 0) return "";
  const lo = text.charCodeAt(at - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text.slice(at - 1, at);
}
const charAt = (text: string, at: number) => (at >= text.length ? "" : String.fromCodePoint(text.codePointAt(at)!));

/** Whether offset `at` of `text` is a word boundary (see the header: spaces, or ICU's Chinese words). */
export function isWordBoundary(text: string, at: number, hanBoundaries: () => Set<number>): boolean {
  const a = charBefore(text, at);
  const b = charAt(text, at);
  if (HAN.test(a) || HAN.test(b)) return hanBoundaries().has(at);
  return !(WORD_CHAR.test(a) && WORD_CHAR.test(b));
}

function wordBoundaries(text: string): Set<number> {
  const set = new Set<number>([0, text.length]);
  for (const s of segmenter.segment(text)) {
    set.add(s.index);
    set.add(s.index + s.segment.length);
  }
  return set;
}

/**
 * Every match of the search in each text (same order as `texts`). Regexes run in a worker with a
 * time budget; plain searches in process.
 */
export async function findMatches(texts: string[], spec: SearchSpec, budgetMs = REGEX_BUDGET_MS): Promise<TextMatch[][]> {
  const { source, flags } = compileSearch(spec);
  const raw = spec.regex ? await inWorker(source, flags, texts, budgetMs) : matchAllInProcess(source, flags, texts, MAX_MATCHES);
  return raw.map((ms, i) => {
    const text = texts[i];
    let cache: Set<number> | null = null;
    const han = () => (cache ??= wordBoundaries(text));
    return ms
      .filter(([s, e]) => !spec.wholeWord || (e > s && isWordBoundary(text, s, han) && isWordBoundary(text, e, han)))
      .map(([start, end, groups, named]) => ({ start, end, groups, ...(named ? { named } : {}) }));
  });
}

/**
 * The replacement text for one match: with `regex`, $1…$99, $<name>, $& and $$ as in
 * String.prototype.replace; without it, the replacement is taken literally.
 */
export function expandReplacement(template: string, match: TextMatch, matched: string, regex: boolean): string {
  if (!regex) return template;
  return template.replace(/\$(\$|&|<([^>]*)>|(\d{1,2}))/g, (all, what: string, name: string | undefined, num: string | undefined) => {
    if (what === "$") return "$";
    if (what === "&") return matched;
    if (name !== undefined) return match.named ? (match.named[name] ?? "") : all;
    let n = Number(num);
    if (n >= 1 && n <= match.groups.length) return match.groups[n - 1] ?? "";
    // $12 with one group: $1 then "2", as String.prototype.replace reads it
    n = Number(num![0]);
    if (num!.length === 2 && n >= 1 && n <= match.groups.length) return (match.groups[n - 1] ?? "") + num![1];
    return all;
  });
}

/** A text with every (non-empty) match replaced. */
export function replaceMatches(text: string, matches: TextMatch[], template: string, regex: boolean): string {
  let out = "";
  let at = 0;
  for (const m of matches) {
    if (m.end === m.start) continue;
    out += text.slice(at, m.start) + expandReplacement(template, m, text.slice(m.start, m.end), regex);
    at = m.end;
  }
  return out + text.slice(at);
}

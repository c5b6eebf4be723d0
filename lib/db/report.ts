// The project report: size (pairs, words), review progress, editors' flags by category and
// severity, automatic findings by check and severity, an MQM-style penalty per 1,000 words
// and the worst pairs; also as CSV. Read-only.
//
// Scoring decisions (shown on the report page too):
// - Penalty points per flag: neutral 0, minor 1, major 5, critical 25 (MQM weights).
// - Categories are reported as MQM core categories (legacy stored names mapped: mqmCategoryOf).
// - Span-level flags count like whole-pair flags (one error each); they are also listed one by
//   one (spanFlags) with their side, offsets and quoted text.
// - The headline penalty uses EDITORS' flags, open AND resolved: a resolved flag records an
//   error the review found in the translation as delivered (resolving it means it was fixed or
//   settled, not that it never was). The penalty of the still-open flags is given beside it.
// - Automatic findings are never part of it: their penalty (open, not dismissed) is separate.
// - Normalised per 1,000 words of the English (target) text: the checks treat Chinese as the
//   source, and MQM normalises by the evaluated (target) word count.
// - Words: English words (letter/digit runs, hyphen/apostrophe joined) and Chinese characters
//   (Han script), over the current (corrected) text of the sentences that are not excluded.
import type { Db } from "./client";
import { currentText } from "./review/core";
import { FLAG_SEVERITIES, MQM_CATEGORIES, MQM_WEIGHTS, mqmCategoryOf, type FlagSeverity } from "./vocabulary";
import { spreadsheetCell } from "../formats/spreadsheet";

export { MQM_WEIGHTS };
export type Severity = FlagSeverity;
type SeverityCounts = Record<Severity, number>;

const EN_WORD = /[A-Za-z0-9\u00C0-\u024F]+(?:['’\-.][A-Za-z0-9\u00C0-\u024F]+)*/g;
const HAN = /\p{Script=Han}/gu;

export const countEnglishWords = (text: string) => text.match(EN_WORD)?.length ?? 0;
export const countChineseCharacters = (text: string) => text.match(HAN)?.length ?? 0;

const zero = (): SeverityCounts => ({ neutral: 0, minor: 0, major: 0, critical: 0 });
const isSeverity = (s: string): s is Severity => s in MQM_WEIGHTS;
const per1000 = (points: number, words: number) => (words > 0 ? Math.round((points * 1000 * 100) / words) / 100 : null);
const round1 = (x: number) => Math.round(x * 10) / 10;

export interface WorstPair {
  pairId: number;
  bitextId: number;
  bitextTitle: string;
  /** 1-based, in reading order of its document pair (as the review page numbers pairs) */
  number: number;
  score: number | null;
  en: string;
  zh: string;
  /** editors' flags, open and resolved */
  editorPenalty: number;
  /** open automatic findings */
  checkPenalty: number;
  editorFlags: string[];
  checkFindings: string[];
  /** the review page, focused on the pair */
  href: string;
}

export interface SpanFlagEntry {
  bitextTitle: string;
  /** 1-based pair number in its document pair */
  pair: number;
  category: string;
  severity: string;
  side: string;
  start: number;
  end: number;
  text: string;
  /** a later correction changed the spanned text: the offsets no longer apply */
  detached: boolean;
  resolved: boolean;
}

export interface BitextReport {
  id: number;
  title: string;
  status: string;
  pairs: number;
  clutter: number;
  gaps: number;
  enWords: number;
  zhChars: number;
  words: number;
  reviewed: number;
  reviewedPct: number;
  meanScore: number | null;
  editorFlags: { open: number; resolved: number; penalty: number; openPenalty: number; penaltyPer1000: number | null };
  checkFindings: { open: number; dismissed: number; penalty: number; penaltyPer1000: number | null };
}

export interface ProjectReport {
  project: { id: number; name: string };
  generatedAt: string;
  method: {
    weights: typeof MQM_WEIGHTS;
    penaltyFlags: string;
    normalisedBy: string;
    words: string;
  };
  totals: Omit<BitextReport, "id" | "title" | "status"> & { bitexts: number };
  editorFlags: {
    open: number;
    resolved: number;
    bySeverity: SeverityCounts;
    openBySeverity: SeverityCounts;
    /** MQM core category → severity → count (open + resolved; legacy categories mapped) */
    byCategory: Record<string, SeverityCounts>;
    /** editors' flags that carry a span (counted in the totals above too) */
    spans: number;
    penalty: number;
    penaltyPer1000: number | null;
    openPenalty: number;
    openPenaltyPer1000: number | null;
  };
  checkFindings: {
    open: number;
    dismissed: number;
    bySeverity: SeverityCounts;
    /** check id → open findings by severity, and dismissed ones */
    byCheck: Record<string, SeverityCounts & { category: string; dismissed: number }>;
    penalty: number;
    penaltyPer1000: number | null;
  };
  /** 20 bins of 5 points over the scored pairs (gaps and clutter left out) */
  scoreHistogram: number[];
  bitexts: BitextReport[];
  /** every editor's span-level flag, with its offsets (UTF-16 code units into the sentence's current text) */
  spanFlags: SpanFlagEntry[];
  worstPairs: { lowestScore: WorstPair[]; mostPenalised: WorstPair[] };
}

const snippet = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export async function getProjectReport(db: Db, projectId: number, opts: { worst?: number } = {}): Promise<ProjectReport | null> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true } });
  if (!project) return null;
  const worstN = opts.worst ?? 10;
  const bitexts = await db.bitext.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, title: true, status: true },
  });

  const editor = {
    open: 0,
    resolved: 0,
    bySeverity: zero(),
    openBySeverity: zero(),
    byCategory: Object.fromEntries(MQM_CATEGORIES.map((c) => [c, zero()])) as Record<string, SeverityCounts>,
  };
  const spanFlags: SpanFlagEntry[] = [];
  const checks = { open: 0, dismissed: 0, bySeverity: zero(), byCheck: {} as ProjectReport["checkFindings"]["byCheck"] };
  const histogram = Array.from({ length: 20 }, () => 0);
  const perBitext: BitextReport[] = [];
  const candidates: (WorstPair & { clutter: boolean })[] = [];
  let scoreSum = 0;
  let scored = 0;

  for (const b of bitexts) {
    const pairs = await db.alignmentPair.findMany({
      where: { bitextId: b.id },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: {
        id: true,
        score: true,
        status: true,
        flags: {
          orderBy: { id: "asc" },
          select: { category: true, severity: true, resolved: true, source: true, checkId: true, spanSide: true, spanStart: true, spanEnd: true, spanText: true, spanDetached: true },
        },
        sentences: {
          orderBy: { position: "asc" },
          select: { text: true, excluded: true, document: { select: { lang: true } }, corrections: true },
        },
      },
    });
    const r: BitextReport = {
      id: b.id,
      title: b.title,
      status: b.status,
      pairs: pairs.length,
      clutter: 0,
      gaps: 0,
      enWords: 0,
      zhChars: 0,
      words: 0,
      reviewed: 0,
      reviewedPct: 0,
      meanScore: null,
      editorFlags: { open: 0, resolved: 0, penalty: 0, openPenalty: 0, penaltyPer1000: null },
      checkFindings: { open: 0, dismissed: 0, penalty: 0, penaltyPer1000: null },
    };
    let bScoreSum = 0;
    let bScored = 0;
    pairs.forEach((p, i) => {
      const live = p.sentences.filter((s) => !s.excluded);
      const en = live.filter((s) => s.document.lang === "en").map((s) => currentText(s));
      const zh = live.filter((s) => s.document.lang === "zh").map((s) => currentText(s));
      const clutter = live.length === 0;
      if (clutter) r.clutter++;
      else {
        if (en.length === 0 || zh.length === 0) r.gaps++;
        if (p.status !== "automatic") r.reviewed++;
      }
      for (const t of en) r.enWords += countEnglishWords(t);
      for (const t of zh) r.zhChars += countChineseCharacters(t);
      if (p.score !== null && !clutter) {
        bScoreSum += p.score;
        bScored++;
        histogram[Math.min(19, Math.max(0, Math.floor(p.score / 5)))]++;
      }
      let editorPenalty = 0;
      let checkPenalty = 0;
      const editorFlags: string[] = [];
      const checkFindings: string[] = [];
      for (const f of p.flags) {
        if (!isSeverity(f.severity)) continue;
        const w = MQM_WEIGHTS[f.severity];
        if (f.source === "check") {
          const id = f.checkId ?? "other";
          const c = (checks.byCheck[id] ??= { ...zero(), category: f.category, dismissed: 0 });
          if (f.resolved) {
            checks.dismissed++;
            r.checkFindings.dismissed++;
            c.dismissed++;
            continue;
          }
          checks.open++;
          checks.bySeverity[f.severity]++;
          c[f.severity]++;
          r.checkFindings.open++;
          r.checkFindings.penalty += w;
          checkPenalty += w;
          checkFindings.push(`${id} (${f.severity})`);
        } else {
          editor.bySeverity[f.severity]++;
          const category = mqmCategoryOf(f.category);
          (editor.byCategory[category] ??= zero())[f.severity]++;
          if (f.spanSide !== null && f.spanStart !== null && f.spanEnd !== null) {
            spanFlags.push({ bitextTitle: b.title, pair: i + 1, category, severity: f.severity, side: f.spanSide, start: f.spanStart, end: f.spanEnd, text: f.spanText ?? "", detached: f.spanDetached, resolved: f.resolved });
          }
          r.editorFlags.penalty += w;
          editorPenalty += w;
          editorFlags.push(`${f.category} (${f.severity}${f.resolved ? ", resolved" : ""})`);
          if (f.resolved) {
            editor.resolved++;
            r.editorFlags.resolved++;
          } else {
            editor.open++;
            editor.openBySeverity[f.severity]++;
            r.editorFlags.open++;
            r.editorFlags.openPenalty += w;
          }
        }
      }
      candidates.push({
        pairId: p.id,
        bitextId: b.id,
        bitextTitle: b.title,
        number: i + 1,
        score: p.score,
        en: snippet(en.join(" ")),
        zh: snippet(zh.join("")),
        editorPenalty,
        checkPenalty,
        editorFlags,
        checkFindings,
        href: `/projects/${projectId}/bitexts/${b.id}?pair=${p.id}`,
        clutter,
      });
    });
    r.words = r.enWords + r.zhChars;
    const nonClutter = r.pairs - r.clutter;
    r.reviewedPct = nonClutter ? round1((r.reviewed / nonClutter) * 100) : 0;
    r.meanScore = bScored ? round1(bScoreSum / bScored) : null;
    r.editorFlags.penaltyPer1000 = per1000(r.editorFlags.penalty, r.enWords);
    r.checkFindings.penaltyPer1000 = per1000(r.checkFindings.penalty, r.enWords);
    scoreSum += bScoreSum;
    scored += bScored;
    perBitext.push(r);
  }

  const sum = (f: (b: BitextReport) => number) => perBitext.reduce((a, b) => a + f(b), 0);
  const enWords = sum((b) => b.enWords);
  const pairsTotal = sum((b) => b.pairs);
  const clutterTotal = sum((b) => b.clutter);
  const reviewed = sum((b) => b.reviewed);
  const penalty = sum((b) => b.editorFlags.penalty);
  const openPenalty = sum((b) => b.editorFlags.openPenalty);
  const checkPenalty = sum((b) => b.checkFindings.penalty);

  const strip = ({ clutter: _c, ...w }: WorstPair & { clutter: boolean }): WorstPair => w;
  const lowestScore = candidates
    .filter((c) => !c.clutter && c.score !== null)
    .sort((a, b) => a.score! - b.score! || a.bitextId - b.bitextId || a.number - b.number)
    .slice(0, worstN)
    .map(strip);
  const mostPenalised = candidates
    .filter((c) => c.editorPenalty + c.checkPenalty > 0)
    .sort((a, b) => b.editorPenalty - a.editorPenalty || b.checkPenalty - a.checkPenalty || a.bitextId - b.bitextId || a.number - b.number)
    .slice(0, worstN)
    .map(strip);

  return {
    project,
    generatedAt: new Date().toISOString(),
    method: {
      weights: MQM_WEIGHTS,
      penaltyFlags: "editors' flags, open and resolved (automatic findings are reported apart)",
      normalisedBy: "English (target) words",
      words: "English words + Chinese characters, current text, excluded sentences left out",
    },
    totals: {
      bitexts: perBitext.length,
      pairs: pairsTotal,
      clutter: clutterTotal,
      gaps: sum((b) => b.gaps),
      enWords,
      zhChars: sum((b) => b.zhChars),
      words: sum((b) => b.words),
      reviewed,
      reviewedPct: pairsTotal - clutterTotal ? round1((reviewed / (pairsTotal - clutterTotal)) * 100) : 0,
      meanScore: scored ? round1(scoreSum / scored) : null,
      editorFlags: {
        open: editor.open,
        resolved: editor.resolved,
        penalty,
        openPenalty,
        penaltyPer1000: per1000(penalty, enWords),
      },
      checkFindings: { open: checks.open, dismissed: checks.dismissed, penalty: checkPenalty, penaltyPer1000: per1000(checkPenalty, enWords) },
    },
    editorFlags: {
      ...editor,
      spans: spanFlags.length,
      penalty,
      penaltyPer1000: per1000(penalty, enWords),
      openPenalty,
      openPenaltyPer1000: per1000(openPenalty, enWords),
    },
    checkFindings: { ...checks, penalty: checkPenalty, penaltyPer1000: per1000(checkPenalty, enWords) },
    scoreHistogram: histogram,
    bitexts: perBitext,
    spanFlags,
    worstPairs: { lowestScore, mostPenalised },
  };
}

// ---------------------------------------------------------------------------
// CSV: one tidy table (section, document pair, pair, item, severity, value)

/** A CSV cell; texts are spreadsheet-safe (a title like "=HYPERLINK(...)" is not run as a formula). */
function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? spreadsheetCell(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportCsv(r: ProjectReport): string {
  const rows: unknown[][] = [["section", "document_pair", "pair", "item", "severity", "value"]];
  const add = (section: string, doc: string, pair: string | number, item: string, severity: string, value: unknown) =>
    rows.push([section, doc, pair, item, severity, value]);
  const t = r.totals;
  const doc = "all";
  add("summary", doc, "", "document_pairs", "", t.bitexts);
  add("summary", doc, "", "pairs", "", t.pairs);
  add("summary", doc, "", "gaps", "", t.gaps);
  add("summary", doc, "", "excluded_pairs", "", t.clutter);
  add("summary", doc, "", "english_words", "", t.enWords);
  add("summary", doc, "", "chinese_characters", "", t.zhChars);
  add("summary", doc, "", "words", "", t.words);
  add("summary", doc, "", "reviewed_pairs", "", t.reviewed);
  add("summary", doc, "", "reviewed_pct", "", t.reviewedPct);
  add("summary", doc, "", "mean_score", "", t.meanScore);
  add("summary", doc, "", "editor_flags_open", "", r.editorFlags.open);
  add("summary", doc, "", "editor_flags_resolved", "", r.editorFlags.resolved);
  add("summary", doc, "", "editor_penalty", "", r.editorFlags.penalty);
  add("summary", doc, "", "editor_penalty_per_1000_words", "", r.editorFlags.penaltyPer1000);
  add("summary", doc, "", "editor_open_penalty_per_1000_words", "", r.editorFlags.openPenaltyPer1000);
  add("summary", doc, "", "editor_span_flags", "", r.editorFlags.spans);
  for (const s of FLAG_SEVERITIES) add("mqm_weight", doc, "", "penalty_points", s, r.method.weights[s]);
  add("summary", doc, "", "check_findings_open", "", r.checkFindings.open);
  add("summary", doc, "", "check_findings_dismissed", "", r.checkFindings.dismissed);
  add("summary", doc, "", "check_penalty_per_1000_words", "", r.checkFindings.penaltyPer1000);
  for (const [cat, sev] of Object.entries(r.editorFlags.byCategory))
    for (const s of FLAG_SEVERITIES) if (sev[s]) add("editor_flags", doc, "", cat, s, sev[s]);
  for (const [id, c] of Object.entries(r.checkFindings.byCheck)) {
    for (const s of FLAG_SEVERITIES) if (c[s]) add("check_findings", doc, "", id, s, c[s]);
    if (c.dismissed) add("check_findings", doc, "", id, "dismissed", c.dismissed);
  }
  for (const b of r.bitexts) {
    add("document_pair", b.title, "", "pairs", "", b.pairs);
    add("document_pair", b.title, "", "english_words", "", b.enWords);
    add("document_pair", b.title, "", "chinese_characters", "", b.zhChars);
    add("document_pair", b.title, "", "reviewed_pct", "", b.reviewedPct);
    add("document_pair", b.title, "", "mean_score", "", b.meanScore);
    add("document_pair", b.title, "", "editor_penalty_per_1000_words", "", b.editorFlags.penaltyPer1000);
    add("document_pair", b.title, "", "check_findings_open", "", b.checkFindings.open);
  }
  for (const f of r.spanFlags) {
    const where = `${f.category} ${f.side} ${f.start}-${f.end}${f.detached ? " detached" : ""}${f.resolved ? " resolved" : ""}`;
    add("span_flag", f.bitextTitle, f.pair, where, f.severity, f.text);
  }
  r.scoreHistogram.forEach((n, i) => add("score_histogram", doc, "", `${i * 5}-${i === 19 ? 100 : i * 5 + 5}`, "", n));
  for (const p of r.worstPairs.lowestScore) add("lowest_score", p.bitextTitle, p.number, "score", "", p.score === null ? "" : round1(p.score));
  for (const p of r.worstPairs.mostPenalised) {
    add("most_penalised", p.bitextTitle, p.number, "editor_penalty", "", p.editorPenalty);
    add("most_penalised", p.bitextTitle, p.number, "check_penalty", "", p.checkPenalty);
  }
  // BOM: spreadsheets then read the Chinese titles as UTF-8
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

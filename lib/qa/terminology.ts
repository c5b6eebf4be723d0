/**
 * terminology.glossary — a project glossary entry whose term occurs on one side
 *   while none of its required translations occurs on the other. Source term present
 *   and target missing: major; target term present without the source term: minor.
 *   English terms match on lemmas (districts ~ district), Chinese on substrings.
 * terminology.inconsistent — a source noun (jieba tag n*, ≥ 2 characters; for an
 *   English source: content words ≥ 4 letters) rendered in this pair only by
 *   dictionary translations that no other pair uses, while another rendering is
 *   established (used in ≥ 2 other pairs of the document). Minor.
 */
import { getLexicon } from "../lexicon";
import { englishKey } from "../text/tokens";
import { enTokens, zhTagged, zhWords } from "./analyse";
import type { DocContext, GlossaryEntry, QaEvidence, QaLang, QaPairInput } from "./types";
import { ev, quote, type IssueSink } from "./util";

function findEn(texts: string[], term: string): QaEvidence | null {
  const keys = enTokens(term).map((t) => t.key);
  if (!keys.length) return null;
  for (let s = 0; s < texts.length; s++) {
    const toks = enTokens(texts[s]);
    for (let i = 0; i + keys.length <= toks.length; i++) {
      let ok = true;
      for (let k = 0; k < keys.length && ok; k++) ok = toks[i + k].key === keys[k] || toks[i + k].lower === keys[k];
      if (ok) return ev("en", s, texts[s], toks[i].start, toks[i + keys.length - 1].end);
    }
  }
  return null;
}

function findZh(texts: string[], term: string): QaEvidence | null {
  for (let s = 0; s < texts.length; s++) {
    const i = texts[s].indexOf(term);
    if (i >= 0) return ev("zh", s, texts[s], i, i + term.length);
  }
  return null;
}

export function checkGlossary(pair: QaPairInput, glossary: GlossaryEntry[], sourceLang: QaLang, sink: IssueSink): void {
  if (!pair.zh.length || !pair.en.length) return;
  for (const g of glossary) {
    const e = g.en.map((t) => findEn(pair.en, t)).find((x) => x) ?? null;
    const z = g.zh.map((t) => findZh(pair.zh, t)).find((x) => x) ?? null;
    if (!!e === !!z) continue;
    const present = z ? "zh" : "en";
    const req = present === "zh" ? g.en : g.zh;
    const sev = present === sourceLang ? "major" : "minor";
    const where = g.line ? ` (glossary line ${g.line}${g.note ? `: ${g.note}` : ""})` : "";
    const found = (z ?? e)!;
    sink.add(
      "terminology.glossary",
      "terminology",
      sev,
      `Glossary: ${quote(found.text)} is in the ${present === "zh" ? "Chinese" : "English"} but its required ${present === "zh" ? "English" : "Chinese"} ` +
        `${req.map((r) => quote(r)).join(" or ")} is missing${where}.`,
      [found],
    );
  }
}

interface TermUse {
  term: string;
  rendering: Set<string>;
  evidence: QaEvidence;
}

/** Source terms of a pair with their dictionary renderings in the target. */
export function termUses(pair: QaPairInput, sourceLang: QaLang): TermUse[] {
  if (!pair.zh.length || !pair.en.length) return [];
  const lex = getLexicon();
  const out: TermUse[] = [];
  const seen = new Set<string>();
  if (sourceLang === "zh") {
    const enKeys = new Set(pair.en.flatMap((t) => enTokens(t).filter((k) => !k.stop).map((k) => k.key)));
    pair.zh.forEach((t, s) => {
      for (const w of zhTagged(t)) {
        if (!w.tag.startsWith("n") || w.word.length < 2 || seen.has(w.word)) continue;
        const tr = lex.idsOf(w.word);
        if (!tr.length) continue;
        seen.add(w.word);
        const rendering = new Set<string>();
        for (const id of tr) if (enKeys.has(lex.keys[id])) rendering.add(lex.keys[id]);
        if (rendering.size) out.push({ term: w.word, rendering, evidence: ev("zh", s, t, w.start, w.end) });
      }
    });
  } else {
    const zw = [...new Set(pair.zh.flatMap((t) => zhWords(t).map((w) => w.text)))];
    pair.en.forEach((t, s) => {
      for (const k of enTokens(t)) {
        if (k.stop || k.capitalized || k.numeric || k.lower.length < 4 || seen.has(k.key)) continue;
        seen.add(k.key);
        const rendering = new Set(zw.filter((w) => w.length >= 2 && lex.translates(w, k.text)));
        if (rendering.size) out.push({ term: englishKey(k.text), rendering, evidence: ev("en", s, t, k.start, k.end) });
      }
    });
  }
  return out;
}

export function collectRenderings(pairs: QaPairInput[], sourceLang: QaLang): DocContext["renderings"] {
  const out: DocContext["renderings"] = {};
  for (const p of pairs) {
    for (const u of termUses(p, sourceLang)) {
      const m = (out[u.term] ??= {});
      for (const r of u.rendering) m[r] = (m[r] ?? 0) + 1;
    }
  }
  return out;
}

export function checkConsistency(pair: QaPairInput, ctx: DocContext, sink: IssueSink): void {
  for (const u of termUses(pair, ctx.sourceLang)) {
    const counts = ctx.renderings[u.term];
    if (!counts) continue;
    const others: [string, number][] = Object.entries(counts)
      .map(([r, n]) => [r, n - (u.rendering.has(r) ? 1 : 0)] as [string, number])
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1]);
    if (!others.length || others.some(([r]) => u.rendering.has(r))) continue;
    // only renderings nobody else uses count as deviations
    if ([...u.rendering].some((r) => (counts[r] ?? 0) > 1)) continue;
    const here = [...u.rendering].join("/");
    sink.add(
      "terminology.inconsistent",
      "terminology",
      "minor",
      `Inconsistent terminology: ${quote(u.term)} is rendered ${quote(here)} here but ${others
        .slice(0, 3)
        .map(([r, n]) => `${quote(r)} in ${n} other pair${n === 1 ? "" : "s"}`)
        .join(", ")}.`,
      [u.evidence],
    );
  }
}

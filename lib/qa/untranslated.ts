/**
 * untranslated.identical — both sides carry the same text (copied, not translated);
 *   pure numbers/URLs/punctuation are ignored.
 * untranslated.script — text in the other language's script left in a side:
 *   Latin-script English on the Chinese side (a run of ≥ 3 words with ≥ 2 lower-case
 *   ordinary words: names and acronyms are not reported), or a run of ≥ 2 Han
 *   characters on the English side. Major in the target side, minor in the source
 *   (the source itself is mixed or the columns are swapped).
 */
import type { QaLang, QaPairInput, Severity } from "./types";
import { ev, langName, quote, type IssueSink } from "./util";

const normId = (s: string) => s.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();
const LATIN_RUN = /[A-Za-z][A-Za-z'’-]*(?:[\s,]+[A-Za-z][A-Za-z'’-]*){2,}/g;
const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff，、。\s]*[\u3400-\u9fff\uf900-\ufaff]/g;

export function checkUntranslated(pair: QaPairInput, sourceLang: QaLang, sink: IssueSink): void {
  if (!pair.zh.length || !pair.en.length) return;
  const a = normId(pair.zh.join(" "));
  const b = normId(pair.en.join(" "));
  if (a === b && /[\p{L}]{3,}|[\u3400-\u9fff]/u.test(a)) {
    sink.add(
      "untranslated.identical",
      "untranslated",
      "major",
      `Identical text on both sides: ${quote(pair.en.join(" "))} was copied, not translated.`,
      [...pair.zh.map((t, s) => ev("zh", s, t, 0, t.length)), ...pair.en.map((t, s) => ev("en", s, t, 0, t.length))],
    );
    return;
  }
  const sev = (side: QaLang): Severity => (side === sourceLang ? "minor" : "major");
  pair.zh.forEach((t, s) => {
    LATIN_RUN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = LATIN_RUN.exec(t)) !== null) {
      const words = m[0].split(/[\s,]+/).filter(Boolean);
      const ordinary = words.filter((w) => /^[a-z][a-z'’-]*$/.test(w) && w.length > 1);
      if (ordinary.length < 2) continue;
      sink.add(
        "untranslated.script",
        "untranslated",
        sev("zh"),
        `English text left in the Chinese: ${quote(m[0])}${sourceLang === "zh" ? " (in the source: check the source or swapped columns)" : " is not translated"}.`,
        [ev("zh", s, t, m.index, m.index + m[0].length)],
      );
    }
  });
  pair.en.forEach((t, s) => {
    HAN_RUN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = HAN_RUN.exec(t)) !== null) {
      sink.add(
        "untranslated.script",
        "untranslated",
        sev("en"),
        `Chinese text left in the ${langName("en")}: ${quote(m[0])}${sourceLang === "en" ? " (in the source: check the source or swapped columns)" : " is not translated"}.`,
        [ev("en", s, t, m.index, m.index + m[0].length)],
      );
    }
  });
}

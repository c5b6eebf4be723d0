/**
 * Sanity checks on an English/Chinese pair before aligning.
 *
 * Errors (ok = false): an empty side, identical texts, a swapped pair, both sides in
 * the same language, one side in the other's language. Only confident language
 * calls (detectLanguage confidence >= MIN_LANGUAGE_CONFIDENCE) produce errors;
 * weaker ones, and mixed text, produce warnings.
 * Warnings: a wildly unbalanced pair (shorter side < MIN_LENGTH_RATIO of the
 * longer; Han characters count ×3, as in detectLanguage, since one Chinese
 * character carries about as much text as three English letters).
 */
import { detectLanguage } from "../text/language";
import { MIN_LENGTH_RATIO } from "./limits";

/** detectLanguage confidence needed before a language mismatch is an error. */
export const MIN_LANGUAGE_CONFIDENCE = 0.3;

export interface PairCheck {
  ok: boolean;
  errors: string[];
  warnings: string[];
  /** True when the English box holds Chinese and the Chinese box English. */
  swapped: boolean;
}

const HAN_RE = /\p{Script=Han}/gu;
const NON_SPACE_RE = /\S/gu;

/** Non-whitespace characters, Han counted ×3. */
export function weightedLength(text: string): number {
  const chars = text.match(NON_SPACE_RE)?.length ?? 0;
  const han = text.match(HAN_RE)?.length ?? 0;
  return chars + 2 * han;
}

export function checkPair(en: string, zh: string): PairCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const enEmpty = !en.trim();
  const zhEmpty = !zh.trim();
  if (enEmpty) errors.push("The English box is empty");
  if (zhEmpty) errors.push("The Chinese box is empty");
  if (enEmpty || zhEmpty) return { ok: false, errors, warnings, swapped: false };

  if (en.trim() === zh.trim()) {
    errors.push("Both boxes hold the same text: put the English text in one and its Chinese translation in the other");
    return { ok: false, errors, warnings, swapped: false };
  }

  const e = detectLanguage(en);
  const z = detectLanguage(zh);
  const sure = (d: { confidence: number }) => d.confidence >= MIN_LANGUAGE_CONFIDENCE;
  let swapped = false;

  if (e.lang === "zh" && z.lang === "en") {
    swapped = true;
    const msg = "The English box holds Chinese text and the Chinese box English: swap them?";
    (sure(e) && sure(z) ? errors : warnings).push(msg);
  } else if (e.lang === "zh" && z.lang === "zh") {
    (sure(e) ? errors : warnings).push("Both boxes hold Chinese text: the English box needs the English text");
  } else if (e.lang === "en" && z.lang === "en") {
    (sure(z) ? errors : warnings).push("Both boxes hold English text: the Chinese box needs the Chinese text");
  } else {
    if (e.lang === "zh") (sure(e) ? errors : warnings).push("The English box holds Chinese text");
    if (z.lang === "en") (sure(z) ? errors : warnings).push("The Chinese box holds English text");
    if (e.lang === "unknown") warnings.push(describeUnknown("English", en));
    if (z.lang === "unknown") warnings.push(describeUnknown("Chinese", zh));
  }

  const le = weightedLength(en);
  const lz = weightedLength(zh);
  const ratio = Math.min(le, lz) / Math.max(le, lz);
  if (ratio < MIN_LENGTH_RATIO) {
    const [short, long] = le < lz ? ["English", "Chinese"] : ["Chinese", "English"];
    const pct = Math.max(0.1, Math.round(ratio * 1000) / 10);
    warnings.push(
      `The ${short} text is much shorter than the ${long} (about ${pct}% of its length): is one of them incomplete or the wrong file?`,
    );
  }

  return { ok: errors.length === 0, errors, warnings, swapped };
}

function describeUnknown(side: "English" | "Chinese", text: string): string {
  const letters = (text.match(/\p{Script=Latin}|\p{Script=Han}/gu) ?? []).length;
  return letters < 3
    ? `The ${side} box has almost no words in it`
    : `The ${side} box mixes English and Chinese (a bilingual document?): put only the ${side} text in it`;
}

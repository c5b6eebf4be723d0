/**
 * Language detection for catching swapped uploads (Chinese file in the English
 * slot). Not a general-purpose detector: it only decides en vs zh from the share
 * of Han characters vs Latin letters.
 */
import type { Lang } from "./segment";

const HAN_RE = /\p{Script=Han}/gu;
const LATIN_RE = /\p{Script=Latin}/gu;
// One Han character carries roughly as much text as ~3 Latin letters (an English
// word averages ~5 letters, a Chinese word ~1.7 characters), so Chinese prose with
// embedded English names (FAW, Node.js) is still classified as Chinese.
const HAN_WEIGHT = 3;
// Below this many letters+characters there is not enough evidence.
const MIN_EVIDENCE = 3;
const FULL_EVIDENCE = 40;

export function detectLanguage(text: string): { lang: Lang | "unknown"; confidence: number } {
  // Cap the sample: the first 20k chars are plenty and keep this O(1) for big files.
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const han = sample.match(HAN_RE)?.length ?? 0;
  const latin = sample.match(LATIN_RE)?.length ?? 0;
  if (han + latin < MIN_EVIDENCE) return { lang: "unknown", confidence: 0 };
  const h = han * HAN_WEIGHT;
  const share = h / (h + latin); // 0 = pure Latin, 1 = pure Han
  const purity = Math.abs(share - 0.5) * 2; // 0 = even mix, 1 = pure
  const evidence = Math.min(1, (han + latin) / FULL_EVIDENCE);
  const confidence = Math.round(purity * evidence * 1000) / 1000;
  if (purity < 0.2) return { lang: "unknown", confidence };
  return { lang: share > 0.5 ? "zh" : "en", confidence };
}

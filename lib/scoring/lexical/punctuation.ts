/**
 * Dialogue structure of sentences, which survives translation: quotation marks, question and
 * exclamation marks, and whether a sentence ends inside an open quotation.
 */

/**
 * Quotation state after each sentence (1 = inside an open quotation), carried over sentences
 * without quotation marks. English ' counts as opening at a word start and as closing after
 * punctuation or at the end of a word followed by punctuation / the end (not in don't, boys' book).
 */
export function quoteStates(texts: string[], lang: "zh" | "en", start = 0): Uint8Array {
  const out = new Uint8Array(texts.length);
  let inside = start;
  const re = lang === "zh" ? /[“”「」『』]/g : /["“”‘’']/g;
  texts.forEach((t, k) => {
    for (const m of t.matchAll(re)) inside = lang === "zh" ? zhQuoteState(m[0]) : enQuoteState(t, m.index, inside);
    out[k] = inside;
  });
  return out;
}

function zhQuoteState(c: string): number {
  return c === "“" || c === "「" || c === "『" ? 1 : 0;
}

/** Quotation state after the English quotation mark at t[p], given the state before it. */
function enQuoteState(t: string, p: number, inside: number): number {
  const c = t[p];
  if (c === "“" || c === "‘") return 1;
  if (c === "”") return 0;
  const before = p > 0 ? t[p - 1] : " ";
  const after = p + 1 < t.length ? t[p + 1] : " ";
  const wsB = /[\s(\[—–-]/.test(before);
  const wsA = /[\s)\]—–-]/.test(after) || /[,.;:!?]/.test(after);
  if (wsB && !/\s/.test(after)) return 1;
  if (/[,.!?;:—–-]/.test(before) || (/[A-Za-z]/.test(before) && (p + 1 >= t.length || /[,.;:!?]/.test(after)))) return 0;
  if (c === '"' && wsA) return 0;
  if (c === "’" && wsA && !/[A-Za-z]/.test(before)) return 0;
  return inside;
}

/** Quote / question / exclamation flags of a Chinese sentence: bit 0 quote, bit 1 ?, bit 2 !. */
export function zhPunct(t: string): number {
  return (/[“”「」『』"‘’]/.test(t) ? 1 : 0) | (/[？?]/.test(t) ? 2 : 0) | (/[！!]/.test(t) ? 4 : 0);
}

/** Same flags for English; a ' counts as a quote only at a word boundary (not in don't / boys' book). */
export function enPunct(t: string): number {
  const quote = /[“”"‘]/.test(t) || /(^|[\s(\[—–-])'(?=\S)/.test(t) || /[,.!?;:—–-]'(\s|$)/.test(t) || /’(\s|$)/.test(t) && /(^|\s)‘/.test(t);
  return (quote ? 1 : 0) | (/\?/.test(t) ? 2 : 0) | (/!/.test(t) ? 4 : 0);
}

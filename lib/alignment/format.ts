/** The gold "align" format: one bead per line, `[zh ids]:[en ids]`, 0-based. */

export interface IdBead {
  zh: number[];
  en: number[];
}

export function formatBead(b: IdBead): string {
  return `[${b.zh.join(",")}]:[${b.en.join(",")}]`;
}

export function writeAlign(beads: IdBead[]): string {
  return beads.map(formatBead).join("\n") + (beads.length ? "\n" : "");
}

const LINE_RE = /^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$/;

function ids(s: string): number[] {
  const t = s.trim();
  if (!t) return [];
  return t.split(",").map((x) => {
    const n = Number(x.trim());
    if (!Number.isInteger(n) || n < 0) throw new Error(`bad sentence id "${x}"`);
    return n;
  });
}

/** Parse an align file; throws with the line number on malformed input. */
export function readAlign(text: string): IdBead[] {
  const out: IdBead[] = [];
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (!line.trim()) continue;
    const m = LINE_RE.exec(line);
    if (!m) throw new Error(`line ${k + 1}: not a bead "[zh ids]:[en ids]": ${line.slice(0, 60)}`);
    out.push({ zh: ids(m[1]), en: ids(m[2]) });
  }
  return out;
}

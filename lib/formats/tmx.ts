/**
 * TMX 1.4b: one <tu> per pair, one <tuv> per language.
 *
 * Carried: texts, pair boundaries, sentence boundaries inside a segment
 * (`<prop type="x-breaks">` on the tuv), originals of corrected sentences
 * (`x-originals`, JSON), document pair (`x-document`), status (`x-status`), score (`x-score`), score parts
 * (`x-score-parts`, JSON), confidence (`x-confidence`, 0-1, the aligner's probability that the
 * pair is right), flags (`x-flag`, one JSON prop each), notes (`<note>`),
 * document title/project (header props `x-title`, `x-project`), who made and who last changed
 * each pair and when (the tu's `creationid`/`creationdate`, `changeid`/`changedate`).
 * Languages carry a region (`zh-CN`, `en-US` by default; `langs` chooses others).
 * The score parts (`x-score-parts`: every matched word pair, large) only with `scoreParts`.
 */
import type { SaxesTagPlain } from "saxes";
import { filterPairs } from "./filter";
import {
  isConfidence,
  isPairStatus,
  sentenceSeparator,
  type CorpusAuthorship,
  type CorpusDocMeta,
  type CorpusFlag,
  type CorpusPair,
  type CorpusSentence,
  type ExportFilter,
  type ImportResult,
  type Lang,
  type PairSource,
  type ReadLimits,
  type TextInput,
} from "./model";
import { TextBatcher } from "./stream";
import { attr, escapeXmlAttr, escapeXmlText, parseXml } from "./xml";

export interface TmxWriteOptions extends ExportFilter {
  /** xml:lang codes. Default { en: "en-US", zh: "zh-CN" }. */
  langs?: { en?: string; zh?: string };
  /** Write each pair's score parts (`x-score-parts`, heavy). Default false. */
  scoreParts?: boolean;
  creationToolVersion?: string;
  /** Replacement for characters XML 1.0 cannot carry. Default U+FFFD; "" drops them. */
  invalidXmlChar?: string;
}

export const TMX_CREATION_TOOL = "Parallax";
/** The xml:lang codes written unless others are chosen. */
export const TMX_DEFAULT_LANGS = { en: "en-US", zh: "zh-CN" } as const;

/** The tu's creation and change attributes (TMX 1.4b), when known. */
function authorshipAttrs(p: CorpusPair, a: (s: string) => string): string {
  let out = "";
  const valid = (d: Date | undefined): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
  if (valid(p.created?.at)) out += ` creationdate="${tmxDate(p.created.at)}"`;
  if (p.created?.by) out += ` creationid="${a(p.created.by)}"`;
  if (valid(p.changed?.at)) out += ` changedate="${tmxDate(p.changed.at)}"`;
  if (p.changed?.by) out += ` changeid="${a(p.changed.by)}"`;
  return out;
}

function tmxDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

function parseTmxDate(s: string | undefined): Date | undefined {
  const m = s && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Stream a TMX 1.4b document as string chunks. */
export async function* writeTmx(
  pairs: PairSource,
  meta: CorpusDocMeta,
  opts: TmxWriteOptions = {},
): AsyncGenerator<string> {
  const rep = opts.invalidXmlChar;
  const t = (s: string) => escapeXmlText(s, rep);
  const a = (s: string) => escapeXmlAttr(s, rep);
  const code: Record<Lang, string> = {
    en: opts.langs?.en ?? TMX_DEFAULT_LANGS.en,
    zh: opts.langs?.zh ?? TMX_DEFAULT_LANGS.zh,
  };
  const order: Lang[] = meta.srcLang === "zh" ? ["zh", "en"] : ["en", "zh"];
  const out = new TextBatcher();
  out.add('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n');
  out.add(
    `  <header creationtool="${TMX_CREATION_TOOL}" creationtoolversion="${a(opts.creationToolVersion ?? "1.0")}"` +
      ` segtype="sentence" o-tmf="Parallax" adminlang="en" srclang="${a(code[meta.srcLang])}"` +
      ` datatype="plaintext" o-encoding="UTF-8" creationdate="${tmxDate(meta.created ?? new Date())}">\n`,
  );
  out.add(`    <prop type="x-title">${t(meta.title)}</prop>\n`);
  if (meta.project !== undefined) out.add(`    <prop type="x-project">${t(meta.project)}</prop>\n`);
  out.add("  </header>\n  <body>\n");

  for await (const p of filterPairs(pairs, { ...opts, includeGaps: opts.includeGaps ?? false })) {
    out.add(`    <tu tuid="${p.position}"${authorshipAttrs(p, a)}>\n`);
    if (p.document !== undefined) out.add(`      <prop type="x-document">${t(p.document)}</prop>\n`);
    if (p.status) out.add(`      <prop type="x-status">${p.status}</prop>\n`);
    if (p.score !== undefined && p.score !== null && Number.isFinite(p.score)) {
      out.add(`      <prop type="x-score">${p.score}</prop>\n`);
    }
    if (p.confidence !== undefined && p.confidence !== null && Number.isFinite(p.confidence)) {
      out.add(`      <prop type="x-confidence">${p.confidence}</prop>\n`);
    }
    if (opts.scoreParts && p.parts !== undefined && p.parts !== null) {
      out.add(`      <prop type="x-score-parts">${t(JSON.stringify(p.parts))}</prop>\n`);
    }
    for (const f of p.flags ?? []) out.add(`      <prop type="x-flag">${t(JSON.stringify(f))}</prop>\n`);
    for (const f of p.flags ?? []) if (f.span) out.add(`      <note>${t(spanNote(f))}</note>\n`);
    for (const n of p.notes ?? []) out.add(`      <note>${t(n)}</note>\n`);
    for (const lang of order) {
      const sents = p[lang];
      out.add(`      <tuv xml:lang="${a(code[lang])}">\n`);
      if (sents.length > 1) {
        const sep = sentenceSeparator(lang).length;
        const breaks: number[] = [];
        let off = 0;
        for (let i = 0; i < sents.length - 1; i++) {
          off += sents[i].text.length + sep;
          breaks.push(off);
        }
        out.add(`        <prop type="x-breaks">${breaks.join(",")}</prop>\n`);
      }
      if (sents.some((s) => s.original !== undefined)) {
        const originals = sents.map((s) => s.original ?? null);
        out.add(`        <prop type="x-originals">${t(JSON.stringify(originals))}</prop>\n`);
      }
      const seg = sents.map((s) => s.text).join(sentenceSeparator(lang));
      out.add(`        <seg>${t(seg)}</seg>\n      </tuv>\n`);
    }
    out.add("    </tu>\n");
    if (out.full) yield out.take();
  }
  out.add("  </body>\n</tmx>\n");
  yield out.take();
}

// ---------------------------------------------------------------- reading

function langOf(code: string | undefined): Lang | null {
  const c = (code ?? "").toLowerCase();
  if (/^en(\b|[-_])/.test(c) || c === "en") return "en";
  if (/^(zh|cmn|chi|zho)(\b|[-_])/.test(c) || ["zh", "cmn", "chi", "zho"].includes(c)) return "zh";
  return null;
}

/** Inline elements whose content is native code, not text. */
const CODE_ELEMENTS = new Set(["bpt", "ept", "ph", "it", "ut"]);

interface TuvState {
  lang: Lang | null;
  rawLang: string;
  props: Map<string, string>;
  seg: string;
}

function splitSeg(
  seg: string,
  lang: Lang,
  breaks: string | undefined,
  warn: (m: string) => void,
): string[] {
  if (seg === "" && !breaks) return [];
  if (!breaks) return [seg];
  const offs = breaks.split(",").map((x) => Number(x.trim()));
  const ok = offs.every((o, i) => Number.isInteger(o) && o > 0 && o <= seg.length && (i === 0 || o > offs[i - 1]));
  if (!ok) {
    warn(`ignored invalid x-breaks "${breaks}"`);
    return [seg];
  }
  const sep = sentenceSeparator(lang);
  const bounds = [0, ...offs, seg.length];
  const out: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    let piece = seg.slice(bounds[i], bounds[i + 1]);
    if (i + 2 < bounds.length && sep && piece.endsWith(sep)) piece = piece.slice(0, -sep.length);
    out.push(piece);
  }
  return out;
}

function parseJson(s: string, what: string, warn: (m: string) => void): unknown {
  try {
    return JSON.parse(s);
  } catch {
    warn(`ignored ${what}: not JSON`);
    return undefined;
  }
}

/** "MQM accuracy/mistranslation (major) en[0]@4-10 “text”: note", the human-readable twin of a span flag's x-flag prop. */
export function spanNote(f: CorpusFlag): string {
  const s = f.span!;
  return `MQM ${f.category} (${f.severity}) ${s.side}[${s.sentence}]@${s.start}-${s.end}${s.detached ? " detached" : ""} “${s.text}”${f.note ? `: ${f.note}` : ""}`;
}

function toSpan(v: unknown): CorpusFlag["span"] | undefined {
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  const int = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x >= 0;
  if ((o.side !== "en" && o.side !== "zh") || !int(o.sentence) || !int(o.start) || !int(o.end) || typeof o.text !== "string") return undefined;
  return { side: o.side, sentence: o.sentence as number, start: o.start as number, end: o.end as number, text: o.text, ...(o.detached === true ? { detached: true } : {}) };
}

function toFlag(v: unknown): CorpusFlag | null {
  if (!v || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  if (typeof o.category !== "string" || typeof o.severity !== "string") return null;
  const f: CorpusFlag = {
    category: o.category,
    severity: o.severity,
    note: typeof o.note === "string" ? o.note : "",
  };
  if (typeof o.source === "string") f.source = o.source;
  if (typeof o.resolved === "boolean") f.resolved = o.resolved;
  const span = toSpan(o.span);
  if (span) f.span = span;
  return f;
}

/** Read a TMX document (1.4b; earlier versions with `lang` instead of `xml:lang` also work). */
export function readTmx(input: TextInput, limits: ReadLimits & { file?: string } = {}): ImportResult {
  const warnings: string[] = [];
  const meta: Partial<CorpusDocMeta> = {};
  const pairs: CorpusPair[] = [];
  let sawTmx = false;
  let inHeader = false;
  type TuState = { props: [string, string][]; notes: string[]; tuvs: TuvState[]; id: string; created?: CorpusAuthorship; changed?: CorpusAuthorship };
  let tu: TuState | null = null;
  let tuv: TuvState | null = null;
  let inSeg = false;
  let codeDepth = 0;
  let capture: { kind: "prop" | "note"; type: string; text: string } | null = null;
  let tuCount = 0;

  const onOpen = (tag: SaxesTagPlain, depth: number) => {
    const name = tag.name;
    if (depth === 1) {
      if (name !== "tmx") throw new Error(`root element is <${name}>, expected <tmx>`);
      sawTmx = true;
      const v = attr(tag, "version");
      if (v && !/^1\./.test(v)) warnings.push(`TMX version ${v}; read as 1.4`);
      return;
    }
    if (inSeg) {
      if (CODE_ELEMENTS.has(name) || codeDepth > 0) codeDepth++;
      return;
    }
    switch (name) {
      case "header": {
        inHeader = true;
        const src = langOf(attr(tag, "srclang"));
        if (src) meta.srcLang = src;
        const d = parseTmxDate(attr(tag, "creationdate"));
        if (d) meta.created = d;
        break;
      }
      case "tu": {
        tuCount++;
        const authorship = (id: string, date: string): CorpusAuthorship | undefined => {
          const by = attr(tag, id);
          const at = parseTmxDate(attr(tag, date));
          return by || at ? { ...(by ? { by } : {}), ...(at ? { at } : {}) } : undefined;
        };
        tu = { props: [], notes: [], tuvs: [], id: attr(tag, "tuid") ?? String(tuCount), created: authorship("creationid", "creationdate"), changed: authorship("changeid", "changedate") };
        break;
      }
      case "tuv": {
        const raw = attr(tag, "xml:lang") ?? attr(tag, "lang") ?? "";
        tuv = { lang: langOf(raw), rawLang: raw, props: new Map(), seg: "" };
        break;
      }
      case "seg":
        if (tuv) inSeg = true;
        break;
      case "prop":
        capture = { kind: "prop", type: attr(tag, "type") ?? "", text: "" };
        break;
      case "note":
        capture = { kind: "note", type: "", text: "" };
        break;
    }
  };

  const onClose = (tag: SaxesTagPlain) => {
    const name = tag.name;
    if (inSeg) {
      if (name === "seg") inSeg = false;
      else if (codeDepth > 0) codeDepth--;
      return;
    }
    switch (name) {
      case "header":
        inHeader = false;
        break;
      case "prop":
      case "note": {
        const c = capture;
        capture = null;
        if (!c) break;
        if (tuv && c.kind === "prop") tuv.props.set(c.type, c.text);
        else if (tu && !tuv) {
          if (c.kind === "prop") tu.props.push([c.type, c.text]);
          else tu.notes.push(c.text);
        } else if (inHeader && c.kind === "prop") {
          if (c.type === "x-title") meta.title = c.text;
          if (c.type === "x-project") meta.project = c.text;
        }
        break;
      }
      case "tuv":
        if (tu && tuv) tu.tuvs.push(tuv);
        tuv = null;
        break;
      case "tu": {
        if (tu) pairs.push(buildPair(tu, pairs.length));
        tu = null;
        break;
      }
    }
  };

  const buildPair = (u: TuState, position: number): CorpusPair => {
    const warn = (m: string) => warnings.push(`tu ${u.id}: ${m}`);
    const pair: CorpusPair = { position, en: [], zh: [] };
    const seen = new Set<Lang>();
    for (const v of u.tuvs) {
      if (!v.lang) {
        warn(`ignored tuv in language "${v.rawLang}"`);
        continue;
      }
      if (seen.has(v.lang)) {
        warn(`more than one ${v.lang} tuv; kept the first`);
        continue;
      }
      seen.add(v.lang);
      const texts = splitSeg(v.seg, v.lang, v.props.get("x-breaks"), warn);
      const sents: CorpusSentence[] = texts.map((text) => ({ text }));
      const origRaw = v.props.get("x-originals");
      if (origRaw !== undefined) {
        const orig = parseJson(origRaw, "x-originals", warn);
        if (Array.isArray(orig) && orig.length === sents.length) {
          orig.forEach((o, i) => {
            if (typeof o === "string") sents[i].original = o;
          });
        } else if (orig !== undefined) warn("ignored x-originals: does not match the sentences");
      }
      pair[v.lang] = sents;
    }
    for (const [type, value] of u.props) {
      if (type === "x-document") {
        pair.document = value;
      } else if (type === "x-status") {
        if (isPairStatus(value)) pair.status = value;
        else warn(`unknown status "${value}"`);
      } else if (type === "x-score") {
        const n = Number(value);
        if (value.trim() !== "" && Number.isFinite(n)) pair.score = n;
        else warn(`invalid score "${value}"`);
      } else if (type === "x-confidence") {
        const n = Number(value);
        if (value.trim() !== "" && isConfidence(n)) pair.confidence = n;
        else warn(`invalid confidence "${value}"`);
      } else if (type === "x-score-parts") {
        const v = parseJson(value, "x-score-parts", warn);
        if (v !== undefined) pair.parts = v;
      } else if (type === "x-flag") {
        const f = toFlag(parseJson(value, "x-flag", warn));
        if (f) (pair.flags ??= []).push(f);
        else warn("ignored malformed x-flag");
      }
    }
    if (u.notes.length) pair.notes = u.notes;
    if (u.created) pair.created = u.created;
    if (u.changed) pair.changed = u.changed;
    return pair;
  };

  parseXml(
    input,
    {
      open: onOpen,
      close: onClose,
      text: (s) => {
        if (inSeg) {
          if (codeDepth === 0 && tuv) tuv.seg += s;
        } else if (capture) capture.text += s;
      },
    },
    { format: "tmx", ...limits },
  );
  if (!sawTmx) warnings.push("no <tmx> root");
  return { meta, pairs, warnings };
}

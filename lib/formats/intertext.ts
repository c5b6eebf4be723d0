/**
 * InterText XML (the annotators' format of the MAC corpus): two documents and one
 * link file, as in the real files:
 *
 *   doc:   <?xml version='1.0' encoding='utf-8'?>
 *          <text>\n  <p id="1">\n    <s id="1:1">…</s> … </p>\n</text>
 *   links: <?xml version='1.0' encoding='utf-8'?>
 *          <linkGrp toDoc='X_en.xml' fromDoc='X_zh.xml'>
 *          <link type='1-2' xtargets='1:1;1:1 1:2' status='man'/>
 *
 * `xtargets` is "toDoc ids ; fromDoc ids" and `type` counts in the same order
 * (verified on all 1,329 MAC-Dev links against the gold .align files).
 * Sentence ids are "paragraph:sentence", both 1-based, the sentence number
 * restarting in every paragraph.
 *
 * Carried: texts, pair and sentence boundaries, paragraphs, document order of the
 * sentences (`index`; beads may be non-contiguous or cross), status
 * (man = confirmed, auto = automatic; flagged pairs as mark='1').
 * Not carried: originals of corrected sentences, score, parts, flag details, notes;
 * "corrected" reads back as "confirmed".
 */
import type { SaxesTagPlain } from "saxes";
import { FormatError } from "./errors";
import { decodeInput } from "./encoding";
import { passesFilter } from "./filter";
import type {
  CorpusDocMeta,
  CorpusPair,
  CorpusSentence,
  ExportFilter,
  ImportResult,
  Lang,
  PairSource,
  ReadLimits,
  TextInput,
} from "./model";
import { unzipFiles, ZipTextStreamer } from "./stream";
import { attr, escapeXmlAttr, escapeXmlText, parseXml } from "./xml";

export interface InterTextWriteOptions extends ExportFilter {
  /** Text name, the first part of every file name. Default: slug of the title. */
  textName?: string;
  /** Version names. Default { en: "en", zh: "zh" }. */
  versions?: { en?: string; zh?: string };
  /** Replacement for characters XML 1.0 cannot carry. Default U+FFFD; "" drops them. */
  invalidXmlChar?: string;
}

export interface InterTextFileNames {
  en: string;
  zh: string;
  links: string;
  fromLang: Lang;
}

function slug(s: string): string {
  const t = s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return t || "corpus";
}

/**
 * File names in InterText's scheme: `<text>.<version>.xml` for the documents and
 * `<text>.<fromVersion>.<toVersion>.xml` for the links; the source language is fromDoc.
 * With textName "dev-anno" and versions { zh: "001_zh", en: "001_en" } this gives the MAC names.
 */
export function interTextFileNames(meta: CorpusDocMeta, opts: InterTextWriteOptions = {}): InterTextFileNames {
  const name = opts.textName ?? slug(meta.title);
  const v = { en: opts.versions?.en ?? "en", zh: opts.versions?.zh ?? "zh" };
  const from = meta.srcLang;
  const to: Lang = from === "zh" ? "en" : "zh";
  return {
    en: `${name}.${v.en}.xml`,
    zh: `${name}.${v.zh}.xml`,
    links: `${name}.${v[from]}.${v[to]}.xml`,
    fromLang: from,
  };
}

const DECL = "<?xml version='1.0' encoding='utf-8'?>\n";

/** How many sentences a document may hold back while waiting for an earlier one. */
const REORDER_WINDOW = 4096;

interface Held {
  key: number;
  seq: number;
  s: CorpusSentence;
  onId: (id: string) => void;
}

/** Minimal binary min-heap on (key, seq). */
class HeldHeap {
  private a: Held[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Held | undefined {
    return this.a[0];
  }
  private less(i: number, j: number): boolean {
    const x = this.a[i];
    const y = this.a[j];
    return x.key < y.key || (x.key === y.key && x.seq < y.seq);
  }
  private swap(i: number, j: number): void {
    const t = this.a[i];
    this.a[i] = this.a[j];
    this.a[j] = t;
  }
  push(h: Held): void {
    this.a.push(h);
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): Held | undefined {
    const top = this.a[0];
    const last = this.a.pop();
    if (this.a.length && last) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * Writes one InterText document incrementally, in document order: sentences
 * carrying `index` are held until every earlier index has been written (or was
 * skipped by the filter), within a bounded window; ids are handed back through
 * `onId` once a sentence is written.
 */
class DocWriter {
  private p = 0; // paragraphs opened so far
  private n = 0; // sentence number within the paragraph
  private lastPara: number | undefined;
  private heap = new HeldHeap();
  private next = 0; // next index expected
  private maxKey = -1;
  private seq = 0;
  private skipped = new Set<number>();
  constructor(
    private readonly emit: (s: string) => void,
    private readonly rep?: string,
  ) {
    emit(DECL + "<text>\n");
  }

  add(s: CorpusSentence, onId: (id: string) => void): void {
    if (s.index === undefined && this.heap.size === 0) {
      onId(this.write(s));
      return;
    }
    const key = s.index ?? this.maxKey;
    this.maxKey = Math.max(this.maxKey, key);
    this.heap.push({ key, seq: this.seq++, s, onId });
    this.release(false);
  }

  /** A sentence the filter dropped: do not wait for it. */
  skip(index: number | undefined): void {
    if (index === undefined) return;
    if (index >= this.next) this.skipped.add(index);
    this.release(false);
  }

  private release(all: boolean): void {
    for (;;) {
      while (this.skipped.has(this.next)) this.skipped.delete(this.next++);
      const top = this.heap.peek();
      if (!top) return;
      if (!(all || top.key <= this.next || this.heap.size > REORDER_WINDOW)) return;
      this.heap.pop();
      if (top.s.index !== undefined && top.s.index >= this.next) this.next = top.s.index + 1;
      top.onId(this.write(top.s));
    }
  }

  private write(s: CorpusSentence): string {
    const newPara = this.p === 0 || (s.paragraph !== undefined && s.paragraph !== this.lastPara);
    if (newPara) {
      if (this.p > 0) this.emit("  </p>\n");
      this.p++;
      this.n = 0;
      this.emit(`  <p id="${this.p}">\n`);
    }
    if (s.paragraph !== undefined) this.lastPara = s.paragraph;
    this.n++;
    const id = `${this.p}:${this.n}`;
    this.emit(`    <s id="${id}">${escapeXmlText(s.text, this.rep)}</s>\n`);
    return id;
  }

  end(): void {
    this.release(true);
    this.emit(this.p > 0 ? "  </p>\n</text>\n" : "</text>\n");
  }
}

interface PendingLink {
  to: (string | null)[];
  from: (string | null)[];
  missing: number;
  attrs: string;
}

/**
 * Stream a zip holding the two documents and the link file (one pass over the pairs).
 * Gaps are included by default (they are 1-0 / 0-1 links). Documents are written in
 * document order when sentences carry `index`, links in pair order.
 */
export async function* writeInterTextZip(
  pairs: PairSource,
  meta: CorpusDocMeta,
  opts: InterTextWriteOptions = {},
): AsyncGenerator<Uint8Array> {
  const names = interTextFileNames(meta, opts);
  const from = names.fromLang;
  const to: Lang = from === "zh" ? "en" : "zh";
  const zip = new ZipTextStreamer([names[from], names[to], names.links], meta.created);
  yield* writeSet(zip, [0, 1, 2], names, pairs, opts);
  zip.end();
  for (const c of zip.drain()) yield c;
}

/** One document pair of a multi-document InterText export. */
export interface InterTextDocument {
  /** Its title: the files are named after it (slug), ids restart in each. */
  title: string;
  pairs: PairSource;
}

/** A document pair's text name: the slug of its title, made unique in the zip (`-2`, `-3`…). */
function uniqueTextName(title: string, k: number, used: Set<string>): string {
  const base = slug(title) === "corpus" && !/corpus/i.test(title) ? `document-${k}` : slug(title);
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  used.add(name.toLowerCase());
  return name;
}

/**
 * Stream a zip with one set of three InterText files per document pair, as corpus builders
 * expect: `<title>.zh.xml`, `<title>.en.xml` and `<title>.zh.en.xml`, named after the document
 * pair, paragraph and sentence ids restarting in each. Only one set is open at a time.
 */
export async function* writeInterTextDocumentsZip(
  documents: Iterable<InterTextDocument> | AsyncIterable<InterTextDocument>,
  meta: CorpusDocMeta,
  opts: Omit<InterTextWriteOptions, "textName"> = {},
): AsyncGenerator<Uint8Array> {
  const zip = new ZipTextStreamer([], meta.created);
  const used = new Set<string>();
  let k = 0;
  for await (const doc of documents as AsyncIterable<InterTextDocument>) {
    const textName = uniqueTextName(doc.title, ++k, used);
    const names = interTextFileNames({ ...meta, title: doc.title }, { ...opts, textName });
    const from = names.fromLang;
    const to: Lang = from === "zh" ? "en" : "zh";
    const files = zip.open([names[from], names[to], names.links]);
    yield* writeSet(zip, files, names, doc.pairs, opts);
    zip.close(files);
    for (const c of zip.drain()) yield c;
  }
  zip.end();
  for (const c of zip.drain()) yield c;
}

/** Writes one set (fromDoc, toDoc, links) into the zip entries `files`. */
async function* writeSet(
  zip: ZipTextStreamer,
  files: number[],
  names: InterTextFileNames,
  pairs: PairSource,
  opts: InterTextWriteOptions,
): AsyncGenerator<Uint8Array> {
  const from = names.fromLang;
  const to: Lang = from === "zh" ? "en" : "zh";
  const filter = { ...opts, includeGaps: opts.includeGaps ?? true };
  const [fromFile, toFile, linkFile] = files;
  const docs = {
    [from]: new DocWriter((s) => zip.write(fromFile, s), opts.invalidXmlChar),
    [to]: new DocWriter((s) => zip.write(toFile, s), opts.invalidXmlChar),
  } as Record<Lang, DocWriter>;
  zip.write(
    linkFile,
    `${DECL}<linkGrp toDoc='${escapeXmlAttr(names[to])}' fromDoc='${escapeXmlAttr(names[from])}'>\n`,
  );
  const queue: PendingLink[] = [];
  let head = 0;
  const flushLinks = () => {
    while (head < queue.length && queue[head].missing === 0) {
      const l = queue[head];
      queue[head++] = undefined as unknown as PendingLink;
      zip.write(linkFile, `<link type='${l.to.length}-${l.from.length}' xtargets='${l.to.join(" ")};${l.from.join(" ")}' ${l.attrs}/>\n`);
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };
  for await (const p of pairs as AsyncIterable<CorpusPair>) {
    if (!passesFilter(p, filter) || (p.en.length === 0 && p.zh.length === 0)) {
      for (const s of p.en) docs.en.skip(s.index);
      for (const s of p.zh) docs.zh.skip(s.index);
      continue;
    }
    const status = p.status === "automatic" || p.status === undefined ? "auto" : "man";
    const link: PendingLink = {
      to: p[to].map(() => null),
      from: p[from].map(() => null),
      missing: p[to].length + p[from].length,
      attrs: `status='${status}'${p.status === "flagged" ? " mark='1'" : ""}`,
    };
    queue.push(link);
    for (const [lang, ids] of [[to, link.to], [from, link.from]] as const) {
      p[lang].forEach((s, i) =>
        docs[lang].add(s, (id) => {
          ids[i] = id;
          link.missing--;
        }),
      );
    }
    flushLinks();
    for (const c of zip.drain()) yield c;
  }
  docs[from].end();
  docs[to].end();
  flushLinks();
  zip.write(linkFile, "</linkGrp>\n");
}

// ---------------------------------------------------------------- reading

export interface InterTextReadOptions extends ReadLimits {
  /** Language of the link file's fromDoc. Default: inferred (names, then ids). */
  fromLang?: Lang;
  /** Order of the two halves of xtargets. Default "to;from" (InterText). */
  xtargetsOrder?: "to;from" | "from;to";
  /** Sentences no link mentions: add them as gap pairs in document order (default) or leave them out. */
  unlinked?: "gaps" | "drop";
}

export interface InterTextInput {
  en: TextInput;
  zh: TextInput;
  links: TextInput;
  /** File names of the documents, used to match the link file's fromDoc/toDoc. */
  enName?: string;
  zhName?: string;
}

interface Link {
  halves: [string[], string[]];
  type?: string;
  status?: string;
  mark?: string;
  line: number;
  column: number;
}

interface DocSentence {
  id: string;
  index: number;
  text: string;
  paragraph: number;
}

function parseLinks(input: TextInput, limits: ReadLimits) {
  const links: Link[] = [];
  let fromDoc: string | undefined;
  let toDoc: string | undefined;
  parseXml(
    input,
    {
      open(tag: SaxesTagPlain, depth, at) {
        if (depth === 1) {
          if (tag.name !== "linkGrp") throw new Error(`root element is <${tag.name}>, expected <linkGrp>`);
          fromDoc = attr(tag, "fromDoc");
          toDoc = attr(tag, "toDoc");
          return;
        }
        if (tag.name !== "link") return;
        const x = attr(tag, "xtargets");
        if (x === undefined) throw new Error("<link> without xtargets");
        const parts = x.split(";");
        if (parts.length !== 2) throw new Error(`xtargets "${x}" must have exactly one ";"`);
        const ids = (s: string) => s.trim().split(/\s+/).filter(Boolean);
        links.push({
          halves: [ids(parts[0]), ids(parts[1])],
          type: attr(tag, "type"),
          status: attr(tag, "status"),
          mark: attr(tag, "mark"),
          line: at.line,
          column: at.column,
        });
      },
    },
    { format: "intertext", file: "links", ...limits },
  );
  return { links, fromDoc, toDoc };
}

function parseDoc(input: TextInput, file: string, referenced: Set<string>, limits: ReadLimits) {
  const sentences: DocSentence[] = [];
  const byId = new Map<string, DocSentence>();
  const containers: number[] = []; // stack of container ordinals
  let containerCount = 0;
  const paraIndex = new Map<number, number>(); // container ordinal -> dense paragraph number
  let current: { id: string; text: string; depth: number; line: number; column: number } | null = null;
  let root = "";
  parseXml(
    input,
    {
      open(tag, depth, at) {
        if (depth === 1) {
          root = tag.name;
          return;
        }
        if (current) return; // inline markup inside a sentence
        const id = attr(tag, "id");
        if (id !== undefined && (tag.name === "s" || referenced.has(id))) {
          current = { id, text: "", depth, ...at };
        } else containers.push(containerCount++);
      },
      close(_tag, depth) {
        if (current && depth === current.depth) {
          const c = current;
          current = null;
          if (byId.has(c.id)) {
            throw new FormatError("intertext", `duplicate sentence id "${c.id}"`, {
              file,
              line: c.line,
              column: c.column,
            });
          }
          const cont = containers.length ? containers[containers.length - 1] : -1;
          if (!paraIndex.has(cont)) paraIndex.set(cont, paraIndex.size);
          const s: DocSentence = { id: c.id, index: sentences.length, text: c.text, paragraph: paraIndex.get(cont)! };
          sentences.push(s);
          byId.set(c.id, s);
        } else if (!current && depth > 1) containers.pop();
      },
      text(t) {
        if (current) current.text += t;
      },
    },
    { format: "intertext", file, ...limits },
  );
  if (root === "linkGrp") {
    throw new FormatError("intertext", "this is a link file, not a document", { file });
  }
  return { sentences, byId };
}

const LANG_TOKEN = /(?:^|[._\-/])(zh|cn|chi|zho|cmn|chinese|en|eng|english)(?=[._\-]|$)/gi;
function langFromName(name: string | undefined): Lang | null {
  if (!name) return null;
  const base = name.replace(/\.xml$/i, "");
  const m = [...base.matchAll(LANG_TOKEN)];
  if (!m.length) return null;
  return /^(en|eng|english)$/i.test(m[m.length - 1][1]) ? "en" : "zh";
}
function baseName(n: string): string {
  return n.replace(/^.*[\\/]/, "");
}

/** Read the three InterText files into pairs. Every link becomes one pair, in link-file order. */
export function readInterText(files: InterTextInput, opts: InterTextReadOptions = {}): ImportResult {
  const limits: ReadLimits = { maxBytes: opts.maxBytes, maxDepth: opts.maxDepth };
  const warnings: string[] = [];
  const { links, fromDoc, toDoc } = parseLinks(files.links, limits);
  const referenced = new Set<string>();
  for (const l of links) for (const h of l.halves) for (const id of h) referenced.add(id);
  const docs = {
    en: parseDoc(files.en, files.enName ?? "en", referenced, limits),
    zh: parseDoc(files.zh, files.zhName ?? "zh", referenced, limits),
  };

  // Which language is fromDoc?
  const order = opts.xtargetsOrder ?? "to;from";
  const resolves = (fromLang: Lang) => {
    const toLang: Lang = fromLang === "zh" ? "en" : "zh";
    const [first, second] = order === "to;from" ? [toLang, fromLang] : [fromLang, toLang];
    return links.every(
      (l) => l.halves[0].every((id) => docs[first].byId.has(id)) && l.halves[1].every((id) => docs[second].byId.has(id)),
    );
  };
  let fromLang: Lang | null = opts.fromLang ?? null;
  if (!fromLang && fromDoc) {
    const f = baseName(fromDoc);
    const t = toDoc ? baseName(toDoc) : undefined;
    if (files.zhName && baseName(files.zhName) === f) fromLang = "zh";
    else if (files.enName && baseName(files.enName) === f) fromLang = "en";
    else if (files.zhName && t && baseName(files.zhName) === t) fromLang = "en";
    else if (files.enName && t && baseName(files.enName) === t) fromLang = "zh";
    else fromLang = langFromName(f) ?? (langFromName(t) === "zh" ? "en" : langFromName(t) === "en" ? "zh" : null);
  }
  if (!fromLang) {
    const z = resolves("zh");
    const e = resolves("en");
    if (z !== e) fromLang = z ? "zh" : "en";
    else {
      throw new FormatError(
        "intertext",
        "cannot tell whether fromDoc is the English or the Chinese document; pass fromLang",
        { file: "links" },
      );
    }
  }
  const toLang: Lang = fromLang === "zh" ? "en" : "zh";
  const [firstLang, secondLang] = order === "to;from" ? [toLang, fromLang] : [fromLang, toLang];

  const used = { en: new Map<string, number>(), zh: new Map<string, number>() };
  const pairs: CorpusPair[] = [];
  links.forEach((l, k) => {
    const side = (lang: Lang, ids: string[]): CorpusSentence[] =>
      ids.map((id) => {
        const s = docs[lang].byId.get(id);
        if (!s) {
          throw new FormatError(
            "intertext",
            `link ${k + 1} refers to "${id}", which is not a sentence of the ${lang === "en" ? "English" : "Chinese"} document`,
            { file: "links", line: l.line, column: l.column },
          );
        }
        const prev = used[lang].get(id);
        if (prev !== undefined) {
          throw new FormatError("intertext", `${lang} sentence "${id}" is in links ${prev + 1} and ${k + 1}`, {
            file: "links",
            line: l.line,
            column: l.column,
          });
        }
        used[lang].set(id, k);
        return { text: s.text, paragraph: s.paragraph, index: s.index };
      });
    const pair: CorpusPair = { position: k, en: [], zh: [] };
    pair[firstLang] = side(firstLang, l.halves[0]);
    pair[secondLang] = side(secondLang, l.halves[1]);
    const expected = `${l.halves[0].length}-${l.halves[1].length}`;
    if (l.type !== undefined && l.type !== expected) {
      warnings.push(`link ${k + 1} (line ${l.line}): type '${l.type}' but xtargets has ${expected}`);
    }
    if (l.mark !== undefined && l.mark !== "" && l.mark !== "0") pair.status = "flagged";
    else if (l.status === "man") pair.status = "confirmed";
    else if (l.status === "auto" || l.status === "upd") pair.status = "automatic";
    else if (l.status !== undefined) warnings.push(`link ${k + 1}: unknown status '${l.status}'`);
    pairs.push(pair);
  });

  // Sentences that no link mentions.
  for (const lang of ["en", "zh"] as const) {
    const missing = docs[lang].sentences.filter((s) => !used[lang].has(s.id));
    if (!missing.length) continue;
    warnings.push(
      `${missing.length} ${lang} sentence(s) in no link (${missing.slice(0, 5).map((s) => s.id).join(", ")}${missing.length > 5 ? ", …" : ""})` +
        (opts.unlinked === "drop" ? "; left out" : "; added as gaps"),
    );
  }
  let out = pairs;
  if (opts.unlinked !== "drop") out = insertUnlinked(pairs, docs, used);
  out.forEach((p, i) => (p.position = i));
  return { meta: { srcLang: fromLang }, pairs: out, warnings };
}

/** Put each unlinked sentence in its own gap pair, right after the pair holding its document predecessor. */
function insertUnlinked(
  pairs: CorpusPair[],
  docs: Record<Lang, { sentences: DocSentence[] }>,
  used: Record<Lang, Map<string, number>>,
): CorpusPair[] {
  const after = new Map<number, CorpusPair[]>(); // pair index (-1 = start) -> gaps
  for (const lang of ["en", "zh"] as const) {
    let anchor = -1;
    for (const s of docs[lang].sentences) {
      const k = used[lang].get(s.id);
      if (k !== undefined) {
        anchor = k;
        continue;
      }
      const gap: CorpusPair = { position: 0, en: [], zh: [] };
      gap[lang] = [{ text: s.text, paragraph: s.paragraph, index: s.index }];
      const list = after.get(anchor) ?? [];
      list.push(gap);
      after.set(anchor, list);
    }
  }
  if (!after.size) return pairs;
  const out: CorpusPair[] = [...(after.get(-1) ?? [])];
  pairs.forEach((p, k) => {
    out.push(p);
    out.push(...(after.get(k) ?? []));
  });
  return out;
}

function cjkShare(s: string): number {
  const sample = s.slice(0, 20000).replace(/<[^>]*>/g, "");
  const cjk = sample.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  return letters ? cjk / letters : 0;
}

type ZipEntry = [string, Uint8Array];

function sniff(b: Uint8Array): string {
  const label = b[0] === 0xff && b[1] === 0xfe ? "utf-16le" : b[0] === 0xfe && b[1] === 0xff ? "utf-16be" : "utf-8";
  return new TextDecoder(label).decode(b.subarray(0, 2048)); // lenient: only sniffing
}

/** The link files of a zip, each with the documents its linkGrp names (when present). */
function linkSets(xml: ZipEntry[]) {
  return xml
    .filter(([, b]) => /<linkGrp[\s>]/.test(sniff(b)))
    .map((links) => {
      const gm = /<linkGrp\b[^>]*>/.exec(sniff(links[1]))?.[0] ?? "";
      const from = /fromDoc\s*=\s*["']([^"']*)["']/.exec(gm)?.[1];
      const to = /toDoc\s*=\s*["']([^"']*)["']/.exec(gm)?.[1];
      const find = (n: string | undefined) => (n ? xml.find(([name]) => baseName(name) === baseName(n)) : undefined);
      return { links, docs: [find(from), find(to)].filter((x): x is ZipEntry => !!x) };
    });
}

/** Reads one set: the link file and its two documents (which one is Chinese: by name, else by content). */
function readSet(links: ZipEntry, docs: ZipEntry[], opts: InterTextReadOptions): ImportResult {
  let [zhDoc, enDoc] = docs;
  const l0 = langFromName(baseName(docs[0][0]));
  const l1 = langFromName(baseName(docs[1][0]));
  if (l0 === "en" || l1 === "zh") [enDoc, zhDoc] = docs;
  else if (!(l0 === "zh" || l1 === "en")) {
    const s0 = cjkShare(decodeInput(docs[0][1], { format: "intertext", maxBytes: opts.maxBytes }));
    const s1 = cjkShare(decodeInput(docs[1][1], { format: "intertext", maxBytes: opts.maxBytes }));
    if (s1 > s0) [enDoc, zhDoc] = docs;
  }
  return readInterText({ en: enDoc[1], zh: zhDoc[1], links: links[1], enName: enDoc[0], zhName: zhDoc[0] }, opts);
}

/** Read an InterText zip (as written by `writeInterTextZip`, or the three real files zipped). */
export function readInterTextZip(zipBytes: Uint8Array, opts: InterTextReadOptions = {}): ImportResult {
  return readInterTextFiles(unzipFiles(zipBytes, { format: "intertext", maxBytes: opts.maxBytes, keep: (n) => /\.xml$/i.test(n) }), opts);
}

/** One InterText document pair from a zip's unpacked entries. */
export function readInterTextFiles(files: Map<string, Uint8Array>, opts: InterTextReadOptions = {}): ImportResult {
  const xml = [...files.entries()].filter(([n]) => /\.xml$/i.test(n));
  const sets = linkSets(xml);
  if (sets.length !== 1) {
    throw new FormatError(
      "intertext",
      sets.length > 1
        ? `zip holds ${sets.length} InterText document pairs (link files); import one document pair (three files) at a time`
        : "zip must hold exactly one link file (<linkGrp>), found 0",
    );
  }
  const [{ links }] = sets;
  let docs = sets[0].docs;
  if (docs.length !== 2) docs = xml.filter(([n]) => n !== links[0]);
  if (docs.length !== 2) {
    throw new FormatError("intertext", `zip must hold two documents besides the link file, found ${docs.length}`);
  }
  return readSet(links, docs, opts);
}

/**
 * Read a zip of several InterText document pairs (as written by `writeInterTextDocumentsZip`):
 * every link file with the two documents its linkGrp names, in archive order. `name` is the
 * link file's text name (the part before the versions).
 */
export function readInterTextZipDocuments(zipBytes: Uint8Array, opts: InterTextReadOptions = {}): { name: string; result: ImportResult }[] {
  const files = unzipFiles(zipBytes, { format: "intertext", maxBytes: opts.maxBytes, maxEntries: 3000 });
  const xml = [...files.entries()].filter(([n]) => /\.xml$/i.test(n));
  const sets = linkSets(xml);
  if (sets.length === 0) throw new FormatError("intertext", "zip holds no InterText link file (<linkGrp>)");
  return sets.map(({ links, docs }) => {
    if (docs.length !== 2) {
      throw new FormatError("intertext", `${links[0]}: the two documents its linkGrp names are not both in the zip`, { file: links[0] });
    }
    return { name: baseName(links[0]).replace(/(\.[^.]+){3}$/, ""), result: readSet(links, docs, opts) };
  });
}

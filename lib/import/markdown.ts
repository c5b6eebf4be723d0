/**
 * Markdown -> plain text with paragraph structure.
 *
 * Decisions
 * - Removed (not content): YAML front matter, heading markers (# / setext
 *   underlines), emphasis and strike markers, blockquote ">", list bullets and
 *   numbers, horizontal rules, link URLs and reference definitions, images
 *   (alt text too: it is rarely translated alongside the body), inline HTML tags,
 *   table pipes and separator rows, backslash escapes.
 * - Kept: link text, inline code content (without backticks), fenced code blocks
 *   verbatim (fence lines removed) — code is usually identical on both sides and the
 *   aligner can leave it unmatched; dropping it silently could hide content.
 * - Structure: soft-wrapped lines of one paragraph are joined (with a space, or
 *   nothing between CJK characters), because a line break ends a sentence for the
 *   segmenter. Headings, list items, table cells and code lines stay on their own
 *   lines; blank lines separate paragraphs. Hard breaks (two trailing spaces or a
 *   trailing backslash) are kept.
 */

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_RE = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_RE = /^ {0,3}(=+|-+)[ \t]*$/;
const HR_RE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const REFDEF_RE = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const TABLE_SEP_RE = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const LIST_RE = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*)$/;
const QUOTE_RE = /^ {0,3}>[ \t]?/;

const CJK_CLASS = "\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF";
const CJK_END = new RegExp(`[${CJK_CLASS}]$`, "u");
const CJK_START = new RegExp(`^[${CJK_CLASS}]`, "u");

/** Join soft-wrapped lines: a space, except between two CJK characters. */
function joinWrapped(lines: string[]): string {
  let out = "";
  for (const l of lines) {
    const line = l.trim();
    if (!line) continue;
    if (!out) out = line;
    else out += CJK_END.test(out) && CJK_START.test(line) ? line : " " + line;
  }
  return out;
}

const ESC_BASE = 0xf000; // private-use placeholders for backslash-escaped characters

function inline(s: string): string {
  // Protect escapes, then code spans, from the other rules.
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|>~<"'])/g, (_, c: string) => String.fromCharCode(ESC_BASE + c.charCodeAt(0)));
  const parts = s.split(/(`+)(.+?)\1/);
  // split with 2 groups yields [text, ticks, code, text, ticks, code, …]
  let out = "";
  for (let i = 0; i < parts.length; i += 3) {
    out += inlineText(parts[i]);
    if (i + 2 < parts.length) out += parts[i + 2].trim();
  }
  return out.replace(/[\uF000-\uF07F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - ESC_BASE));
}

function inlineText(s: string): string {
  return (
    s
      // images (inline and reference), before links
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/!\[[^\]]*\]\[[^\]]*\]/g, "")
      // links: keep the text
      .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
      // autolinks <https://…> / <a@b.c>: keep the address
      .replace(/<((?:https?|ftp|mailto):[^>\s]+|[^>\s@]+@[^>\s@]+)>/gi, "$1")
      // inline HTML tags
      .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, "")
      // emphasis / strong / strike
      .replace(/(\*\*\*|___)(?=\S)(.+?)(?<=\S)\1/g, "$2")
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
      .replace(/\*(?=[^\s*])(.+?)(?<=[^\s*])\*/g, "$1")
      .replace(/(^|[^\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu, "$1$2")
      .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "$1")
      // the few entities Markdown authors use
      .replace(/&(amp|lt|gt|quot|apos|nbsp|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => decodeEntity(m, e))
  );
}

function decodeEntity(m: string, e: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };
  const lower = e.toLowerCase();
  if (lower in named) return named[lower];
  const cp = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
}

function tableCells(line: string): string[] {
  let l = line.trim();
  if (l.startsWith("|")) l = l.slice(1);
  if (l.endsWith("|") && !l.endsWith("\\|")) l = l.slice(0, -1);
  return l
    .split(/(?<!\\)\|/)
    .map((c) => inline(c.trim()))
    .filter((c) => c.length > 0);
}

/** Convert Markdown to text (not yet normalizeText'd). */
export function markdownToText(md: string): string {
  const lines = md.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  // YAML front matter
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, k) => k > 0 && k < 200 && (l.trim() === "---" || l.trim() === "..."));
    if (end > 0) i = end + 1;
  }

  const blocks: string[] = []; // each entry is one output line; "" = paragraph break
  let para: string[] = [];
  let fence: string | null = null;
  let inTable = false;

  const flush = () => {
    if (para.length) blocks.push(inline(joinWrapped(para)));
    para = [];
  };
  const breakPara = () => {
    flush();
    if (blocks.length && blocks[blocks.length - 1] !== "") blocks.push("");
  };

  for (; i < lines.length; i++) {
    let line = lines[i];

    if (fence !== null) {
      const m = FENCE_RE.exec(line);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) {
        fence = null;
        breakPara();
      } else {
        blocks.push(line.replace(/\s+$/, ""));
      }
      continue;
    }
    const fm = FENCE_RE.exec(line);
    if (fm) {
      breakPara();
      fence = fm[1];
      continue;
    }

    // Blockquotes: strip the markers and treat the rest as ordinary Markdown.
    while (QUOTE_RE.test(line)) line = line.replace(QUOTE_RE, "");

    if (!line.trim()) {
      inTable = false;
      breakPara();
      continue;
    }
    if (REFDEF_RE.test(line)) continue;
    if (para.length && SETEXT_RE.test(line)) {
      breakPara(); // the paragraph was a heading
      continue;
    }
    if (HR_RE.test(line)) {
      breakPara();
      continue;
    }
    const atx = ATX_RE.exec(line);
    if (atx) {
      breakPara();
      const h = inline((atx[2] ?? "").trim());
      if (h) blocks.push(h);
      breakPara();
      continue;
    }
    const next = lines[i + 1] ?? "";
    if (line.includes("|") && (inTable || (TABLE_SEP_RE.test(next) && next.includes("-")))) {
      if (!inTable) breakPara();
      inTable = true;
      if (TABLE_SEP_RE.test(line) && line.includes("-")) continue;
      blocks.push(...tableCells(line));
      continue;
    }
    if (inTable && TABLE_SEP_RE.test(line) && line.includes("-")) continue;
    const li = LIST_RE.exec(line);
    if (li) {
      flush();
      para = [li[1]];
      continue;
    }
    // Hard line break: two trailing spaces or a trailing backslash.
    if (/( {2,}|\\)$/.test(line)) {
      para.push(line.replace(/( {2,}|\\)$/, ""));
      flush();
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

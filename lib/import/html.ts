/**
 * HTML -> plain text with paragraph structure. Never keeps tags.
 *
 * - Dropped with their content: head, script, style, noscript, template, nav,
 *   footer, svg/math/canvas, iframes/objects, form controls, and anything marked
 *   hidden (hidden attribute, aria-hidden="true", inline display:none).
 * - Block elements (p, div, h1–h6, li, blockquote, section …) become paragraph
 *   breaks (blank line); br and table cells become line breaks (one cell per line,
 *   so each cell can align on its own).
 * - Entities are decoded; whitespace is collapsed as a browser would, except in
 *   <pre>. A source line break between two CJK characters is dropped rather than
 *   turned into a space (Chinese HTML is often hard-wrapped).
 */
import { HTMLElement, Node, NodeType, parse, TextNode } from "node-html-parser";

const DROP = new Set([
  "head", "script", "style", "noscript", "template", "nav", "footer",
  "svg", "math", "canvas", "iframe", "object", "embed", "video", "audio",
  "button", "select", "textarea", "input", "datalist", "dialog", "map",
]);

const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
  "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3",
  "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol",
  "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "ul",
]);
const LINE = new Set(["tr", "td", "th"]);

// Private-use sentinels, removed before returning.
const PARA = "\uE001";
const BR = "\uE002";
const SOFT_NL = "\uE003"; // collapsed whitespace that contained a line break
const CELL = "\uE004"; // table row/cell edge: runs collapse to one line break

function isHidden(el: HTMLElement): boolean {
  if (el.hasAttribute("hidden")) return true;
  if ((el.getAttribute("aria-hidden") ?? "").toLowerCase() === "true") return true;
  const style = (el.getAttribute("style") ?? "").toLowerCase().replace(/\s+/g, "");
  return style.includes("display:none") || style.includes("visibility:hidden");
}

function textOf(node: TextNode, inPre: boolean): string {
  const text = node.text.replace(/[\uE001-\uE004]/g, ""); // our sentinels
  if (inPre) return text.replace(/\r\n?/g, "\n").replace(/\n/g, BR);
  // HTML whitespace only (not NBSP, which is content-ish and normalised later).
  return text.replace(/[ \t\r\n\f]+/g, (ws) => (ws.includes("\n") || ws.includes("\r") ? SOFT_NL : " "));
}

/** What an element writes before and after its children: a paragraph or a line edge, or nothing. */
function edgeOf(tag: string): string {
  return BLOCK.has(tag) ? PARA : LINE.has(tag) ? CELL : "";
}

/** A node still to visit, or the closing edge of an element whose children are done. */
type Step = { node: Node; inPre: boolean } | { close: string };

/**
 * The document's text with sentinels for paragraphs, lines and cells, in document order.
 * Iterative, with its own stack: a hostile page of 100,000 nested elements must not overflow
 * the call stack (recursion did at about 5,000).
 */
function walk(root: Node, out: string[]): void {
  const stack: Step[] = [{ node: root, inPre: false }];
  while (stack.length) {
    const step = stack.pop()!;
    if ("close" in step) {
      out.push(step.close);
      continue;
    }
    const { node, inPre } = step;
    if (node.nodeType === NodeType.TEXT_NODE) {
      out.push(textOf(node as TextNode, inPre));
      continue;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) continue; // comments
    const el = node as HTMLElement;
    const tag = (el.rawTagName ?? "").toLowerCase();
    if (DROP.has(tag) || (tag && isHidden(el))) continue;
    if (tag === "br") {
      out.push(BR);
      continue;
    }
    const edge = edgeOf(tag);
    if (edge) out.push(edge);
    stack.push({ close: edge });
    const childPre = inPre || tag === "pre";
    for (let i = el.childNodes.length - 1; i >= 0; i--) stack.push({ node: el.childNodes[i], inPre: childPre });
  }
}

const CJK = "\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF";
const SOFT_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[ ${SOFT_NL}]*${SOFT_NL}[ ${SOFT_NL}]*(?=[${CJK}])`, "gu");

/** Convert an HTML document or fragment to text (not yet normalizeText'd). */
export function htmlToText(html: string): string {
  // node-html-parser keeps doctypes, XML declarations and CDATA markers as text.
  const source = html
    .replace(/<!doctype[^>]*>/gi, "")
    .replace(/<\?[\s\S]*?\?>/g, "")
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1");
  const root = parse(source, {
    comment: false,
    lowerCaseTagName: true,
    blockTextElements: { script: false, style: false, noscript: false, template: false, textarea: false },
  });
  const out: string[] = [];
  walk(root, out);
  return out
    .join("")
    .replace(SOFT_BETWEEN_CJK, "")
    .replaceAll(SOFT_NL, " ")
    .replace(/[ \t]*\uE004[ \t\uE004]*/g, "\n")
    .replace(/[ \t]*\uE002[ \t]*/g, "\n")
    .replace(/[ \t\n]*\uE001[ \t\n\uE001]*/g, "\n\n")
    .trim();
}

/** Charset declared in the first bytes of an HTML file (<meta charset> or http-equiv). */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

/** True if decoded text is clearly an HTML document rather than prose. */
export function looksLikeHtml(text: string): boolean {
  const start = text.slice(0, 1000).replace(/^[\s\uFEFF]+/, "").toLowerCase();
  return /^(<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<!doctype html|<\?xml[^>]*>\s*<html)/.test(start);
}

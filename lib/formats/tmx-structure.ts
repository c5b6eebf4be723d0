/**
 * A small structural check of TMX 1.4b (the parts of the DTD that matter to
 * importers): <tmx version="1.4"> with exactly <header> then <body>; the header's
 * required attributes; body holds only <tu>; tu = (note|prop)*, tuv+;
 * tuv = (note|prop)*, seg, with xml:lang on every tuv. Returns a list of problems.
 */
import { parseXml, attr } from "./xml";
import type { TextInput } from "./model";

export const TMX_HEADER_REQUIRED = [
  "creationtool",
  "creationtoolversion",
  "segtype",
  "o-tmf",
  "adminlang",
  "srclang",
  "datatype",
] as const;

const SEGTYPES = new Set(["block", "paragraph", "sentence", "phrase"]);
const INLINE = new Set(["bpt", "ept", "it", "ph", "hi", "ut", "sub"]);

export function checkTmxStructure(input: TextInput): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  // children seen so far per open element, to check order
  const children: string[][] = [];
  let tuvLangs: string[] = [];
  let srclang = "";
  const srcLangsSeen = new Set<string>();
  let tuCount = 0;
  parseXml(
    input,
    {
      open(tag, depth, at) {
        const name = tag.name;
        const parent = stack[stack.length - 1];
        const where = `line ${at.line}`;
        if (depth === 1) {
          if (name !== "tmx") problems.push(`${where}: root is <${name}>, not <tmx>`);
          if (attr(tag, "version") !== "1.4") problems.push(`${where}: tmx version is "${attr(tag, "version")}", not "1.4"`);
        } else {
          children[children.length - 1].push(name);
          const sibs = children[children.length - 1];
          switch (parent) {
            case "tmx":
              if (!((name === "header" && sibs.length === 1) || (name === "body" && sibs.length === 2 && sibs[0] === "header"))) {
                problems.push(`${where}: <tmx> must contain <header> then <body>, found <${name}>`);
              }
              break;
            case "header":
              if (!["note", "prop", "ude"].includes(name)) problems.push(`${where}: <${name}> not allowed in <header>`);
              break;
            case "body":
              if (name !== "tu") problems.push(`${where}: <${name}> not allowed in <body>`);
              break;
            case "tu":
              if (name === "tuv") break;
              if (name === "note" || name === "prop") {
                if (sibs.slice(0, -1).includes("tuv")) problems.push(`${where}: <${name}> after <tuv> in <tu>`);
              } else problems.push(`${where}: <${name}> not allowed in <tu>`);
              break;
            case "tuv":
              if (name === "seg") {
                if (sibs.filter((s) => s === "seg").length > 1) problems.push(`${where}: more than one <seg>`);
              } else if (name === "note" || name === "prop") {
                if (sibs.slice(0, -1).includes("seg")) problems.push(`${where}: <${name}> after <seg>`);
              } else problems.push(`${where}: <${name}> not allowed in <tuv>`);
              break;
            case "seg":
            case "hi":
            case "sub":
              if (!INLINE.has(name)) problems.push(`${where}: <${name}> not allowed in <${parent}>`);
              break;
            case "prop":
            case "note":
              problems.push(`${where}: <${parent}> must hold text only`);
              break;
          }
        }
        if (name === "header") {
          for (const a of TMX_HEADER_REQUIRED) {
            if (!attr(tag, a)) problems.push(`${where}: header lacks required attribute ${a}`);
          }
          srclang = attr(tag, "srclang") ?? "";
          const seg = attr(tag, "segtype");
          if (seg && !SEGTYPES.has(seg)) problems.push(`${where}: segtype "${seg}" is not one of ${[...SEGTYPES].join("|")}`);
        }
        if (name === "prop" && !attr(tag, "type")) problems.push(`${where}: <prop> lacks type`);
        if (name === "tu") {
          tuCount++;
          tuvLangs = [];
        }
        if (name === "tuv") {
          const l = attr(tag, "xml:lang");
          if (!l) problems.push(`${where}: <tuv> lacks xml:lang`);
          else tuvLangs.push(l);
        }
        stack.push(name);
        children.push([]);
      },
      close(tag) {
        const kids = children.pop() ?? [];
        stack.pop();
        if (tag.name === "tu") {
          if (!kids.includes("tuv")) problems.push(`tu ${tuCount}: no <tuv>`);
          for (const l of tuvLangs) srcLangsSeen.add(l.toLowerCase());
        }
        if (tag.name === "tuv" && !kids.includes("seg")) problems.push(`tu ${tuCount}: <tuv> without <seg>`);
        if (tag.name === "tmx" && kids.join(",") !== "header,body") problems.push("<tmx> must contain exactly <header> and <body>");
      },
    },
    { format: "tmx" },
  );
  if (srclang && srclang !== "*all*" && tuCount > 0 && !srcLangsSeen.has(srclang.toLowerCase())) {
    problems.push(`header srclang "${srclang}" matches no <tuv>`);
  }
  return problems;
}

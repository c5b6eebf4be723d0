import { readFileSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { normalizeText } from "../text/segment";
import { extractPasted, extractText } from "./extract";
import { htmlToText } from "./html";
import { ImportError } from "./limits";
import { markdownToText } from "./markdown";
import { encodeLegacy, makeDocx, utf16 } from "../../tests/import/helpers";

const ZH = readFileSync(path.join(__dirname, "../../seeds/hongqi-town.zh.txt"), "utf8");
const EN = readFileSync(path.join(__dirname, "../../seeds/hongqi-town.en.txt"), "utf8");
const utf8 = (s: string) => new TextEncoder().encode(s);

async function refusal(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("expected an ImportError, got a result");
}

describe("extractText: plain text", () => {
  it("UTF-8 seed -> normalizeText'd, format text, no warnings", async () => {
    const r = await extractText(utf8(ZH), "hongqi-town.zh.txt", "text/plain");
    expect(r).toEqual({ text: normalizeText(ZH), format: "text", encoding: "utf-8", warnings: [] });
  });

  it("GBK seed gives the same text as UTF-8, with a warning naming the encoding", async () => {
    const zh = ZH.replace(/\u00A0/g, " ");
    const r = await extractText(encodeLegacy(zh, "gb18030"), "hongqi.txt");
    expect(r.text).toBe(normalizeText(zh));
    expect(r.encoding).toBe("gb18030");
    expect(r.warnings.join(" ")).toMatch(/GB18030.*detected/);
  });

  it("UTF-16LE with BOM: no encoding warning", async () => {
    const r = await extractText(utf16(EN, "le", true), "hongqi.en.txt");
    expect(r.text).toBe(normalizeText(EN));
    expect(r.warnings).toEqual([]);
  });

  it("refuses binary, empty and oversize uploads", async () => {
    const pdf = await refusal(extractText(utf8("%PDF-1.7\n..."), "hongqi.pdf", "application/pdf"));
    expect(pdf.message).toBe("hongqi.pdf looks like a PDF file, not text: save it as .txt, .docx or .html");
    const empty = await refusal(extractText(utf8(" \n\n "), "blank.txt"));
    expect(empty.message).toBe("blank.txt is empty");
    const big = await refusal(extractText(new Uint8Array(21 * 1024 * 1024), "big.txt"));
    expect(big.message).toBe("big.txt is 21 MB; the limit is 20 MB per file");
    const elf = await refusal(extractText(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), "tool"));
    expect(elf.code).toBe("binary");
  });

  it("refuses unsupported extensions even when the bytes look like text", async () => {
    const e = await refusal(extractText(utf8("a,b\n1,2\n"), "table.csv"));
    expect(e.code).toBe("unsupported-format");
    expect(e.message).toMatch(/^table\.csv looks like a spreadsheet/);
  });

  it("too much text after extraction", async () => {
    const e = await refusal(extractText(utf8("word ".repeat(300)), "long.txt", undefined, { maxChars: 1000 }));
    expect(e.code).toBe("too-much-text");
    expect(e.message).toMatch(/1,499 characters of text; the limit is 1,000/);
  });
});

describe("extractText: HTML", () => {
  const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Page title</title>
<style>p { color: red; } .x::after { content: "STYLE" }</style>
<script>var s = "<p>SCRIPT</p>"; if (a < b && c > d) alert(1);</script></head>
<body>
<nav><a href="/">Home</a> &gt; <a href="/news">News</a></nav>
<h1>Hongqi &amp; FAW</h1>
<p>The town   was <b>launched</b> on
August&nbsp;1 &mdash; “officially”.<br>Second line &#x263A; &#169;</p>
<div>Block one<div>Nested block</div></div>
<ul><li>Item one</li><li>Item two</li></ul>
<table><tr><td>Cell A</td><td>Cell B</td></tr></table>
<p hidden>HIDDEN</p><p style="display: none">ALSO HIDDEN</p>
<!-- COMMENT -->
<pre>  code   line 1
  code line 2</pre>
<noscript>NOSCRIPT</noscript>
<footer>Copyright FOOTER</footer>
</body></html>`;

  it("drops script/style/nav/footer/hidden, keeps blocks as paragraphs, decodes entities", async () => {
    const r = await extractText(utf8(page), "page.html", "text/html");
    expect(r.format).toBe("html");
    expect(r.text).toBe(
      [
        "Hongqi & FAW",
        "",
        "The town was launched on August 1 — “officially”.",
        "Second line ☺ ©",
        "",
        "Block one",
        "",
        "Nested block",
        "",
        "Item one",
        "",
        "Item two",
        "",
        "Cell A",
        "Cell B",
        "",
        "code line 1",
        "code line 2",
      ].join("\n"),
    );
    for (const bad of ["SCRIPT", "STYLE", "Home", "FOOTER", "HIDDEN", "COMMENT", "NOSCRIPT", "Page title", "<", ">"]) {
      expect(r.text).not.toContain(bad);
    }
  });

  it("joins hard-wrapped Chinese without inserting spaces", () => {
    expect(htmlToText("<p>红旗小镇正式\n  启动，中国一汽<b>打造</b>\n未来智慧城市。</p><p>Two\nwords</p>")).toBe(
      "红旗小镇正式启动，中国一汽打造未来智慧城市。\n\nTwo words",
    );
  });

  it("GBK HTML with <meta charset=gb2312>", async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>红旗小镇正式启动</p><p>中国一汽打造未来智慧城市生态综合体</p></body></html>`;
    const r = await extractText(encodeLegacy(html, "gb18030"), "news.htm");
    expect(r.encoding).toBe("gb18030");
    expect(r.text).toBe("红旗小镇正式启动\n\n中国一汽打造未来智慧城市生态综合体");
  });

  it("an HTML page saved as .txt is detected and stripped, with a warning", async () => {
    const r = await extractText(utf8("<!doctype html><html><body><p>Hello <i>there</i></p></body></html>"), "saved.txt");
    expect(r.format).toBe("html");
    expect(r.text).toBe("Hello there");
    expect(r.warnings.join()).toMatch(/HTML/);
  });

  it("a page with only scripts has no text", async () => {
    const e = await refusal(extractText(utf8("<html><head><title>T</title><script>x()</script></head><body> </body></html>"), "x.html"));
    expect(e.code).toBe("empty");
    expect(e.message).toBe("x.html contains no text");
  });
});

describe("extractText: Markdown", () => {
  const md = `---
title: Front matter
---
# Hongqi Town *launched*

The **town** was launched on
August 1 by [FAW](https://www.faw.com "FAW site"), see ![logo](logo.png) _here_.
Keep snake_case_names and 2 * 3 * 4 as they are.

> Quoted \\*literal\\* text

- First item
- Second item
  continues here
1. Numbered

Setext heading
--------------

| Name | Role |
|------|------|
| Xu Liuping | Chairman |

***

\`\`\`js
const x = **notbold**;
\`\`\`

Inline \`code\` and <span>html</span> and <https://example.com>.

[ref]: https://example.com/ref

红旗小镇
正式启动。
`;

  it("strips syntax, keeps content and paragraph structure", async () => {
    const r = await extractText(utf8(md), "hongqi.md");
    expect(r.format).toBe("markdown");
    expect(r.text).toBe(
      [
        "Hongqi Town launched",
        "",
        "The town was launched on August 1 by FAW, see here. Keep snake_case_names and 2 * 3 * 4 as they are.",
        "",
        "Quoted *literal* text",
        "",
        "First item",
        "Second item continues here",
        "Numbered",
        "",
        "Setext heading",
        "",
        "Name",
        "Role",
        "Xu Liuping",
        "Chairman",
        "",
        "const x = **notbold**;",
        "",
        "Inline code and html and https://example.com.",
        "",
        "红旗小镇正式启动。",
      ].join("\n"),
    );
  });

  it("table header cells are kept too", () => {
    expect(markdownToText("| Name | Role |\n|---|---|\n| A | B |")).toBe("Name\nRole\nA\nB");
  });
});

describe("extractText: docx", () => {
  it("reads a real (minimal) .docx", async () => {
    const bytes = makeDocx(["红旗小镇正式启动", "Hongqi Town & FAW <launch>", "", "第三段。"]);
    const r = await extractText(bytes, "hongqi.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(r.format).toBe("docx");
    expect(r.encoding).toBeNull();
    expect(r.text).toBe("红旗小镇正式启动\n\nHongqi Town & FAW <launch>\n\n第三段。");
  });

  it("a .docx misnamed .txt is still read, with a warning", async () => {
    const r = await extractText(makeDocx(["Hello"]), "hello.txt");
    expect(r.text).toBe("Hello");
    expect(r.warnings[0]).toMatch(/Word document despite its name/);
  });

  it("refuses other zip files, by kind", async () => {
    const plain = zipSync({ "a.txt": strToU8("hello") });
    const e1 = await refusal(extractText(plain, "archive.docx"));
    expect(e1.message).toMatch(/^archive\.docx looks like a ZIP archive, not a Word document/);
    const xlsx = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "xl/workbook.xml": strToU8("<workbook/>") });
    const e2 = await refusal(extractText(xlsx, "book.xlsx"));
    expect(e2.message).toMatch(/Excel workbook/);
  });

  it("refuses a .docx that is not a zip, or a damaged zip", async () => {
    const e1 = await refusal(extractText(utf8("just text"), "fake.docx"));
    expect(e1.code).toBe("invalid-docx");
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const e2 = await refusal(extractText(ole, "old.docx"));
    expect(e2.message).toMatch(/old Word \(\.doc\) file/);
    const docx = makeDocx(["Hello"]);
    const e3 = await refusal(extractText(docx.subarray(0, docx.length - 30), "cut.docx"));
    expect(e3.code).toBe("invalid-docx");
  });

  it("an empty Word document has no text", async () => {
    const e = await refusal(extractText(makeDocx([]), "blank.docx"));
    expect(e.message).toBe("blank.docx contains no text");
  });
});

describe("extractPasted", () => {
  it("normalises, strips controls with a warning, refuses empty", () => {
    const r = extractPasted("  Hello\u0007 world \r\n\r\n\r\nNext  ", { label: "The English text" });
    expect(r.text).toBe("Hello world\n\nNext");
    expect(r.warnings).toEqual(["1 stray control character(s) were removed from the English text"]);
    expect(() => extractPasted(" \u200b\n ", { label: "The Chinese text" })).toThrow("The Chinese text is empty");
  });

  it("pasted HTML source is stripped", () => {
    expect(extractPasted("<html><body><p>A</p><p>B</p></body></html>").text).toBe("A\n\nB");
  });
});

/**
 * Test-only helpers: legacy-encoding encoders (Node's TextEncoder only does UTF-8)
 * and a minimal .docx builder. Not imported by production code.
 *
 * The encoders invert WHATWG TextDecoder tables over all two-byte sequences; tests
 * anchor them with byte sequences known from the standards (红旗 = BA EC C6 EC in
 * GB18030, 中文 = A4 A4 A4 E5 in Big5) so a wrong table cannot pass silently.
 */
import { strToU8, zipSync } from "fflate";

const tables = new Map<string, Map<string, number[]>>();

function table(enc: string): Map<string, number[]> {
  let t = tables.get(enc);
  if (t) return t;
  t = new Map();
  const dec = new TextDecoder(enc);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const s = dec.decode(new Uint8Array([lead, trail]));
      if (s.length === 1 && s !== "\uFFFD" && !t.has(s)) t.set(s, [lead, trail]);
    }
  }
  tables.set(enc, t);
  return t;
}

/** Encode text in gb18030 / big5 / euc-kr (two-byte characters + ASCII only). */
export function encodeLegacy(text: string, enc: "gb18030" | "big5" | "euc-kr"): Uint8Array {
  const t = table(enc);
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const b = t.get(ch);
    if (!b) throw new Error(`${enc} test encoder has no mapping for ${ch} (U+${cp.toString(16)})`);
    out.push(...b);
  }
  return new Uint8Array(out);
}

export function utf16(text: string, endian: "le" | "be", bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? "\uFEFF" : "") + text, "utf16le");
  if (endian === "le") return new Uint8Array(le);
  const be = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A minimal but valid .docx with one w:p per paragraph. */
export function makeDocx(paragraphs: string[]): Uint8Array {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`)
    .join("");
  return zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        `</Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
        `</Relationships>`,
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
        `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ),
  });
}

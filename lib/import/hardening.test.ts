// Hostile uploads on the text-import path: lying zip sizes, entity declarations inside a
// .docx, and HTML/script payloads that must stay literal text.
import { describe, expect, it } from "vitest";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { extractPasted, extractText } from "./extract";
import { ImportError } from "./limits";
import { makeDocx } from "../../tests/import/helpers";

async function refusal(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("expected an ImportError");
}

/** makeDocx with word/document.xml rewritten. */
function docxWith(rewrite: (xml: string) => string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files = unzipSync(makeDocx(["Hello world."]));
  files["word/document.xml"] = strToU8(rewrite(strFromU8(files["word/document.xml"])));
  return zipSync({ ...files, ...extra });
}

/** Overwrite the uncompressed size every local and central header declares for big entries. */
function lieAboutSizes(zip: Uint8Array, declared: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 30 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint32(i + 22, true) > 10_000) view.setUint32(i + 22, declared, true);
    if (sig === 0x02014b50 && view.getUint32(i + 24, true) > 10_000) view.setUint32(i + 24, declared, true);
  }
  return out;
}

describe(".docx zip bombs", () => {
  const padding = new Uint8Array(2 * 1024 * 1024).fill(0x20); // 2 MB of spaces: deflates to a few KB

  it("an archive that declares a huge unpacked size is refused before inflating", async () => {
    const docx = docxWith((x) => x, { "word/media/pad.bin": padding });
    const e = await refusal(extractText(docx, "bomb.docx", undefined, { maxUnpackedBytes: 1024 * 1024 }));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/^bomb\.docx unpacks to 2 MB; the limit is 1 MB unpacked$/);
  });

  it("an archive that lies about its sizes is stopped by the real inflated size", async () => {
    const honest = docxWith((x) => x, { "word/media/pad.bin": padding });
    const lying = lieAboutSizes(honest, 100);
    expect(lying).not.toEqual(honest);
    const e = await refusal(extractText(lying, "liar.docx", undefined, { maxUnpackedBytes: 1024 * 1024 }));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/^liar\.docx unpacks to more than 1 MB \(it declares \d+ KB\); the limit is 1 MB unpacked$/);
    // Under the limit the same document is read normally.
    expect((await extractText(honest, "fine.docx", undefined, { maxUnpackedBytes: 4 * 1024 * 1024 })).text).toBe("Hello world.");
  });

  it("a small .docx whose markup would cost the Word reader seconds and gigabytes is refused while it unpacks", async () => {
    // ~1.2 million one-letter runs: 27 MB of XML that deflates to ~60 KB (mammoth: minutes, GBs)
    const runs = docxWith((x) => x.replace("<w:r>", "<w:r><w:t>a</w:t></w:r><w:r>".repeat(300_000) + "<w:r>"));
    expect(runs.length).toBeLessThan(200_000);
    const e = await refusal(extractText(runs, "runs.docx")); // by the scan while unpacking: mammoth never sees it
    expect(e.code).toBe("too-large");
    expect(e.message).toBe(
      "runs.docx holds more than 300,000 pieces of formatting (XML tags), which is more than Parallax reads from one Word document: split it, or save it as plain text (.txt) and import that",
    );
    // 100 MB of markup (spaces inside one text run) is refused by its size
    const big = docxWith((x) => x.replace("Hello world.", "Hello world." + " ".repeat(100 * 1024 * 1024)));
    expect((await refusal(extractText(big, "big.docx"))).message).toMatch(/^big\.docx holds more than 64 MB of document markup/);
  });

  it("entity declarations (billion laughs, external entities) in a .docx are refused, never expanded", async () => {
    const lol =
      '<!DOCTYPE w:document [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("") +
      "]>";
    const bomb = docxWith((x) => x.replace("?>", `?>${lol}`).replace("Hello world.", "&lol9;"));
    const t0 = Date.now();
    const e = await refusal(extractText(bomb, "laughs.docx"));
    expect(e.code).toBe("invalid-docx");
    expect(e.message).toMatch(/laughs\.docx has a DOCTYPE declaration in word\/document\.xml.*entity/);
    expect(Date.now() - t0).toBeLessThan(2000);

    const xxe = docxWith((x) => x.replace("?>", '?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace("Hello world.", "&xxe;"));
    const e2 = await refusal(extractText(xxe, "xxe.docx"));
    expect(e2.message).toMatch(/DOCTYPE declaration/);
    expect(e2.message).not.toMatch(/root:/);
  });
});

describe("markup in prose stays literal text", () => {
  const payloads = ['<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1">', '"><svg onload=alert(1)>'];

  it("pasted and uploaded plain text keep script and event-handler payloads verbatim", async () => {
    const en = `The council met on Monday. ${payloads.join(" ")} The vote passed.`;
    expect(extractPasted(en).text).toContain(payloads.join(" "));
    const fromFile = await extractText(new TextEncoder().encode(en), "report.txt", "text/plain");
    expect(fromFile.format).toBe("text");
    expect(fromFile.text).toContain(payloads.join(" "));
  });

  it("an uploaded HTML page is reduced to its text: scripts and handlers are dropped, not kept as markup", async () => {
    const html = `<!doctype html><html><body><p>Hello <script>window.__xss=1</script><img src=x onerror="window.__xss=1">world</p><svg onload="alert(1)"><text>x</text></svg></body></html>`;
    const r = await extractText(new TextEncoder().encode(html), "page.html", "text/html");
    expect(r.text).toBe("Hello world");
  });

  it("deeply nested HTML is read without overflowing the stack (5,000 nested divs were a 500)", async () => {
    const depth = 100_000;
    const html = `<!doctype html><html><body>${"<div>".repeat(depth)}Deep text.${"</div>".repeat(depth)}<p>After it.</p></body></html>`;
    const r = await extractText(new TextEncoder().encode(html), "deep.html", "text/html");
    expect(r.text).toBe("Deep text.\n\nAfter it.");
  });
});

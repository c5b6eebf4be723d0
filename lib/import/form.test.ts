import { describe, expect, it } from "vitest";
import { readFormBody, parseUploadForm, type UploadFormSpec } from "./form";
import { ImportError, importErrorStatus, MAX_FORM_FIELDS, MAX_UPLOAD_BYTES } from "./limits";

const URL_ = "http://app.test/api/import";

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<ImportError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error("expected an ImportError");
}

/** A multipart body streamed in chunks with no Content-Length, as a chunked upload arrives. */
function chunkedRequest(total: number, onPull?: (sent: number) => void): Request {
  const boundary = "----parallaxtest";
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="enFile"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(head);
    },
    pull(c) {
      if (sent >= total) {
        c.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
        c.close();
        return;
      }
      sent += chunk.length;
      onPull?.(sent);
      c.enqueue(chunk);
    },
  });
  return new Request(URL_, { method: "POST", body, duplex: "half", headers: { "content-type": `multipart/form-data; boundary=${boundary}` } } as RequestInit);
}

describe("readFormBody", () => {
  it("reads a normal multipart form", async () => {
    const fd = new FormData();
    fd.set("title", "T");
    fd.set("enFile", new File(["hello"], "a.txt", { type: "text/plain" }));
    const form = await readFormBody(new Request(URL_, { method: "POST", body: fd }));
    expect(form.get("title")).toBe("T");
    expect(await (form.get("enFile") as File).text()).toBe("hello");
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    let pulled = 0;
    const req = chunkedRequest(10_000_000, (n) => (pulled = n));
    const declared = new Request(req, { headers: { "content-type": req.headers.get("content-type")!, "content-length": String(70 * 1024 * 1024) } });
    const e = await refusal(readFormBody(declared));
    expect(e.code).toBe("too-large");
    expect(e.message).toBe("The upload is 70 MB; the limit is 64 MB per request");
    expect(importErrorStatus(e.code)).toBe(413);
    // Nothing beyond the stream's own first prefetch was pulled.
    expect(pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("cuts off a chunked body without Content-Length at the limit instead of buffering it", async () => {
    let pulled = 0;
    const e = await refusal(readFormBody(chunkedRequest(50 * 1024 * 1024, (n) => (pulled = n)), { maxBytes: 1024 * 1024 }));
    expect(e.code).toBe("too-large");
    expect(e.message).toMatch(/limit is 1 MB per request/);
    // The stream stopped shortly after the limit, far from the 50 MB the client would send.
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    // Under the limit the same kind of body is read.
    const ok = await readFormBody(chunkedRequest(256 * 1024), { maxBytes: 1024 * 1024 });
    expect((ok.get("enFile") as File).size).toBe(256 * 1024 + 0 /* no CRLF in content */);
  });

  it("refuses what is not a form, or a broken one, with a 400 message", async () => {
    const json = await refusal(readFormBody(new Request(URL_, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }), { what: "the texts" }));
    expect(json.code).toBe("bad-request");
    expect(json.message).toBe("Send the texts as a form (multipart/form-data)");
    expect(importErrorStatus(json.code)).toBe(400);
    const broken = await refusal(
      readFormBody(new Request(URL_, { method: "POST", body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", headers: { "content-type": "multipart/form-data; boundary=x" } })),
    );
    expect(broken.code).toBe("bad-request");
    expect(broken.message).toMatch(/could not be read/);
  });
});

const SPEC: UploadFormSpec<"title" | "enText", "enFile" | "zhFile"> = {
  text: { title: { label: "The title", maxChars: 20 }, enText: { label: "The English text", maxChars: 100 } },
  files: { enFile: { label: "The English file", max: 1 }, zhFile: { label: "The Chinese file", max: 1 } },
  maxFiles: 2,
  maxFileBytes: 1000,
  maxTotalBytes: 1500,
};

function form(entries: [string, string | File][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}
const file = (name: string, size: number) => new File([new Uint8Array(size).fill(0x61)], name, { type: "text/plain" });

describe("parseUploadForm", () => {
  it("returns the fields and files; blank text and the browser's empty 'no file' part count as absent", () => {
    const r = parseUploadForm(form([["title", "Hello"], ["enText", "  "], ["enFile", file("a.txt", 10)], ["zhFile", new File([], "")], ["other", "ignored"]]), SPEC);
    expect(r.text).toEqual({ title: "Hello", enText: undefined });
    expect(r.files.enFile.map((f) => f.name)).toEqual(["a.txt"]);
    expect(r.files.zhFile).toEqual([]);
  });

  it("refuses wrong field types, repeats and over-long text with messages naming the field", () => {
    expect(() => parseUploadForm(form([["title", file("t.txt", 3)]]), SPEC)).toThrow("The title must be text, not a file");
    expect(() => parseUploadForm(form([["enFile", "just text"]]), SPEC)).toThrow("The English file must be a file upload, not text");
    expect(() => parseUploadForm(form([["title", "a"], ["title", "b"]]), SPEC)).toThrow("The title was sent more than once");
    const long = (() => {
      try {
        parseUploadForm(form([["enText", "x".repeat(101)]]), SPEC);
      } catch (e) {
        return e as ImportError;
      }
    })();
    expect(long?.message).toBe("The English text is longer than 100 characters");
    expect(long?.code).toBe("too-much-text");
  });

  it("limits the number of files, per field and in all", () => {
    const perField = (() => {
      try {
        parseUploadForm(form([["enFile", file("a.txt", 1)], ["enFile", file("b.txt", 1)]]), SPEC);
      } catch (e) {
        return e as ImportError;
      }
    })();
    expect(perField?.code).toBe("too-many-files");
    expect(perField?.message).toBe("The English file: at most 1 file");
    expect(importErrorStatus("too-many-files")).toBe(413);
    expect(() => parseUploadForm(form([["enFile", file("a.txt", 1)], ["zhFile", file("b.txt", 1)]]), { ...SPEC, maxFiles: 1 })).toThrow(
      "2 files were sent; the limit is 1 per import",
    );
    expect(() => parseUploadForm(form([["sneaky", file("x.bin", 5)]]), SPEC)).toThrow(/Unexpected file field "sneaky"/);
  });

  it("limits each file and all files together, and refuses an empty chosen file", () => {
    expect(() => parseUploadForm(form([["enFile", file("big.txt", 1001)]]), SPEC)).toThrow("big.txt is 1001 bytes; the limit is 1000 bytes per file");
    expect(() => parseUploadForm(form([["enFile", file("a.txt", 800)], ["zhFile", file("b.txt", 800)]]), SPEC)).toThrow(
      "The files add up to 2 KB; the limit is 1 KB per import",
    );
    expect(() => parseUploadForm(form([["enFile", file("empty.txt", 0)]]), SPEC)).toThrow("empty.txt is empty");
    // defaults come from limits.ts
    expect(() => parseUploadForm(form([["enFile", file("huge.txt", MAX_UPLOAD_BYTES + 1)]]), { text: {}, files: { enFile: { label: "f", max: 1 } } })).toThrow(
      /limit is 20 MB per file/,
    );
  });
});

describe("forms with very many fields", () => {
  /** A multipart body of n text fields, streamed in chunks of `size` bytes (boundaries cut across chunk edges). */
  function manyFields(n: number, size: number): { req: Request; pulled: () => number } {
    const fd = new FormData();
    for (let i = 0; i < n; i++) fd.append(`f${i}`, "x");
    fd.append("en", "Hello.");
    const whole = new Request(URL_, { method: "POST", body: fd });
    let pulled = 0;
    const body = whole.body!.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          for (let i = 0; i < chunk.length; i += size) {
            pulled += Math.min(size, chunk.length - i);
            ctl.enqueue(chunk.subarray(i, i + size));
          }
        },
      }),
    );
    const req = new Request(URL_, { method: "POST", body, duplex: "half", headers: { "content-type": whole.headers.get("content-type")! } } as RequestInit);
    return { req, pulled: () => pulled };
  }

  it("refuses a form of more than MAX_FORM_FIELDS fields while it streams in, naming the limit", async () => {
    const { req, pulled } = manyFields(100_000, 7); // 7-byte chunks: every boundary is cut somewhere
    const err = await refusal(readFormBody(req));
    expect(err.message).toBe(`The form has more than ${MAX_FORM_FIELDS.toLocaleString("en-US")} fields: send the files alone`);
    expect(importErrorStatus(err.code)).toBe(400);
    expect(pulled()).toBeLessThan(200_000); // stopped near field 1,000 of 100,000 (~10 MB)
  });

  it("reads a form just under the limit and validates it in one pass", async () => {
    const { req } = manyFields(MAX_FORM_FIELDS - 1, 5);
    const form = await readFormBody(req);
    expect([...form.keys()].length).toBe(MAX_FORM_FIELDS);
    await refusal(readFormBody(manyFields(MAX_FORM_FIELDS, 5).req));
    const parsed = parseUploadForm(form, { text: { en: { label: "English text", maxChars: 100 } }, files: {} });
    expect(parsed.text.en).toBe("Hello.");
  });
});


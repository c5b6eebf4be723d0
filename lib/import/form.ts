/**
 * The upload boundary: reading a multipart request without ever holding more than
 * MAX_REQUEST_BYTES, and validating its fields and files (zod) before any file is decoded.
 * Every refusal is an ImportError whose message names the limit or the field, so routes
 * answer it with importErrorStatus(code). Web-standard Request/FormData only (no Next.js).
 */
import { z } from "zod";
import {
  formatBytes,
  ImportError,
  type ImportErrorCode,
  MAX_FORM_FIELDS,
  MAX_REQUEST_BYTES,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_FILES,
  MAX_UPLOAD_TOTAL_BYTES,
} from "./limits";

export interface ReadFormOptions {
  /** Defaults to MAX_REQUEST_BYTES. */
  maxBytes?: number;
  /** What the form carries, for the message when it is not a form ("the texts"). */
  what?: string;
}

/**
 * Parse a multipart (or urlencoded) request body, refusing it as "too-large" as soon as the
 * declared Content-Length or the bytes actually received exceed the limit: a client that
 * lies about or omits Content-Length (chunked upload) is cut off at the limit, not buffered.
 */
export async function readFormBody(req: Request, opts: ReadFormOptions = {}): Promise<FormData> {
  const maxBytes = opts.maxBytes ?? MAX_REQUEST_BYTES;
  const what = opts.what ?? "the files";
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type) && !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new ImportError("bad-request", `Send ${what} as a form (multipart/form-data)`);
  }
  const tooLarge = (size: string) =>
    new ImportError("too-large", `The upload is ${size}; the limit is ${formatBytes(maxBytes)} per request`);
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw tooLarge(formatBytes(Number(declared)));
  }
  if (!req.body) throw new ImportError("bad-request", `The form is empty: send ${what}`);

  let seen = 0;
  let over: "bytes" | "fields" | null = null;
  const fields = fieldCounter(type);
  const counted = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        seen += chunk.byteLength;
        over = seen > maxBytes ? "bytes" : fields(chunk) > MAX_FORM_FIELDS + 1 ? "fields" : null; // + the closing delimiter
        if (over) {
          ctl.error(new Error("request body over the limit"));
          return;
        }
        ctl.enqueue(chunk);
      },
    }),
  );
  try {
    return await new Response(counted, { headers: { "content-type": type } }).formData();
  } catch (e) {
    if (over === "fields") throw new ImportError("bad-request", `The form has more than ${MAX_FORM_FIELDS.toLocaleString("en-US")} fields: send ${what} alone`);
    if (over === "bytes") throw tooLarge(`over ${formatBytes(maxBytes)}`);
    const why = e instanceof Error && e.message ? ` (${e.message})` : "";
    throw new ImportError("bad-request", `The form could not be read${why}: send ${what} as multipart/form-data`);
  }
}

/**
 * Counts a form's fields as its bytes stream past: multipart parts by their boundary lines
 * ("--boundary", also across chunk edges), urlencoded fields by their "&". Returns a function
 * that takes the next chunk and answers the count so far.
 */
function fieldCounter(contentType: string): (chunk: Uint8Array) => number {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const needle = Buffer.from(boundary ? `--${boundary[1] ?? boundary[2]}` : "&", "latin1");
  let count = 0;
  let tail = Buffer.alloc(0);
  return (chunk) => {
    const data = Buffer.concat([tail, chunk]);
    for (let i = data.indexOf(needle); i !== -1; i = data.indexOf(needle, i + needle.length)) count++;
    // keep what could be the start of a needle cut by the chunk's end (never a whole one)
    tail = data.subarray(Math.max(0, data.length - needle.length + 1));
    return count;
  };
}

/** What a form may hold: text fields with their maximum length, file fields with their maximum count. */
export interface UploadFormSpec<T extends string, F extends string> {
  text: Record<T, { label: string; maxChars: number }>;
  files: Record<F, { label: string; max: number }>;
  /** Files in all file fields together (default MAX_UPLOAD_FILES). */
  maxFiles?: number;
  /** Each file (default MAX_UPLOAD_BYTES). */
  maxFileBytes?: number;
  /** All files together (default MAX_UPLOAD_TOTAL_BYTES). */
  maxTotalBytes?: number;
}

export interface UploadForm<T extends string, F extends string> {
  /** Each text field's value; undefined when absent or blank. */
  text: Record<T, string | undefined>;
  /** Each file field's files, without the empty placeholder a browser sends for "no file chosen". */
  files: Record<F, File[]>;
}

// FormData from undici (Node) and from Next.js's request adapter are both File-like; an
// instanceof check against one global File class would be brittle across realms.
function isFile(v: unknown): v is File {
  return typeof v === "object" && v !== null && typeof (v as File).arrayBuffer === "function" && typeof (v as File).size === "number" && typeof (v as File).name === "string";
}

/**
 * Validate the fields of an upload form against a spec: text fields are text (not files), sent
 * once, not too long; file fields are files, not too many; each file and all files together are
 * within the size limits; a chosen but empty file is refused. Fields the spec does not name are
 * ignored if they are text and refused if they carry a file.
 */
export function parseUploadForm<T extends string, F extends string>(form: FormData, spec: UploadFormSpec<T, F>): UploadForm<T, F> {
  const maxFiles = spec.maxFiles ?? MAX_UPLOAD_FILES;
  const maxFileBytes = spec.maxFileBytes ?? MAX_UPLOAD_BYTES;
  const maxTotalBytes = spec.maxTotalBytes ?? MAX_UPLOAD_TOTAL_BYTES;

  const shape: Record<string, z.ZodType> = {};
  for (const [name, { label, maxChars }] of Object.entries(spec.text) as [string, { label: string; maxChars: number }][]) {
    shape[name] = z
      .array(z.string({ error: `${label} must be text, not a file` }).max(maxChars, `${label} is longer than ${maxChars.toLocaleString("en-US")} characters`))
      .max(1, `${label} was sent more than once`)
      .transform((v) => (v[0] !== undefined && v[0].trim() !== "" ? v[0] : undefined));
  }
  for (const [name, { label, max }] of Object.entries(spec.files) as [string, { label: string; max: number }][]) {
    shape[name] = z
      .array(z.custom<File>(isFile, { message: `${label} must be a file upload, not text` }))
      // A file input with nothing chosen is sent as an empty part with an empty name.
      .transform((files) => files.filter((f) => !(f.size === 0 && f.name === "")))
      .pipe(z.array(z.custom<File>(isFile)).max(max, `${label}: at most ${max} file${max === 1 ? "" : "s"}`));
  }
  const raw: Record<string, unknown[]> = {};
  for (const name of Object.keys(shape)) raw[name] = form.getAll(name);
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let code: ImportErrorCode = "bad-request";
    if (issue?.code === "too_big") {
      if (issue.origin === "string") code = "too-much-text";
      else if (String(issue.path[0]) in spec.files) code = "too-many-files";
    }
    throw new ImportError(code, issue?.message ?? "Invalid form");
  }
  const data = parsed.data as Record<string, unknown>;

  // one pass over the entries (form.getAll per distinct name was quadratic: 50 s for 100,000 fields)
  for (const [k, v] of form.entries()) {
    if (k in shape || !isFile(v) || (v.size === 0 && v.name === "")) continue;
    throw new ImportError("bad-request", `Unexpected file field "${k}": this form takes ${Object.keys(spec.files).join(", ")}`);
  }

  const all = Object.keys(spec.files).flatMap((k) => data[k] as File[]);
  if (all.length > maxFiles) {
    throw new ImportError("too-many-files", `${all.length} files were sent; the limit is ${maxFiles} per import`);
  }
  for (const f of all) {
    const name = f.name || "The file";
    if (f.size === 0) throw new ImportError("empty", `${name} is empty`);
    if (f.size > maxFileBytes) {
      throw new ImportError("too-large", `${name} is ${formatBytes(f.size)}; the limit is ${formatBytes(maxFileBytes)} per file`);
    }
  }
  const total = all.reduce((s, f) => s + f.size, 0);
  if (total > maxTotalBytes) {
    throw new ImportError("too-large", `The files add up to ${formatBytes(total)}; the limit is ${formatBytes(maxTotalBytes)} per import`);
  }
  return {
    text: Object.fromEntries(Object.keys(spec.text).map((k) => [k, data[k]])) as Record<T, string | undefined>,
    files: Object.fromEntries(Object.keys(spec.files).map((k) => [k, data[k]])) as Record<F, File[]>,
  };
}

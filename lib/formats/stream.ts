import type { Writable } from "node:stream";
import { Unzip, UnzipInflate, Zip, ZipDeflate } from "fflate";
import { FormatError, type FormatName } from "./errors";
import { DEFAULT_MAX_BYTES } from "./model";

/** Collects small strings and hands them out in ~64 KB chunks. */
export class TextBatcher {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly limit = 64 * 1024) {}
  add(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }
  get full(): boolean {
    return this.size >= this.limit;
  }
  take(): string {
    const s = this.parts.join("");
    this.parts = [];
    this.size = 0;
    return s;
  }
}

/**
 * Write a chunk stream to a Node Writable, honouring back-pressure.
 * Does not end the writable unless `end` is true. Returns the number of bytes written.
 */
export async function pipeToWritable(
  chunks: AsyncIterable<string | Uint8Array>,
  out: Writable,
  { end = true }: { end?: boolean } = {},
): Promise<number> {
  let bytes = 0;
  for await (const c of chunks) {
    const buf = typeof c === "string" ? Buffer.from(c, "utf8") : c;
    bytes += buf.length;
    if (!out.write(buf)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          out.off("error", onError);
          resolve();
        };
        const onError = (e: Error) => {
          out.off("drain", onDrain);
          reject(e);
        };
        out.once("drain", onDrain);
        out.once("error", onError);
      });
    }
  }
  if (end) {
    await new Promise<void>((resolve, reject) => {
      out.once("error", reject);
      out.end(() => resolve());
    });
  }
  return bytes;
}

/** Concatenate a string-chunk stream (tests, small exports). */
export async function collectText(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const c of chunks) parts.push(c);
  return parts.join("");
}

/** Concatenate a byte-chunk stream (tests, small exports). */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunks) {
    parts.push(c);
    n += c.length;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- zip writing

const encoder = new TextEncoder();

/**
 * A streaming zip of several text files written side by side. All entries are
 * opened at once; fflate emits the first entry as it is deflated and keeps the
 * *compressed* chunks of later entries until the earlier ones end, so memory
 * holds at most the compressed size of the later files, never the raw text.
 */
export class ZipTextStreamer {
  private out: Uint8Array[] = [];
  private error: Error | null = null;
  private readonly zip: Zip;
  private readonly files: ZipDeflate[] = [];
  private readonly batches: TextBatcher[] = [];
  private readonly closed: boolean[] = [];

  constructor(
    names: string[],
    private readonly mtime: Date = new Date(),
  ) {
    this.zip = new Zip((err, data) => {
      if (err) this.error = err;
      else this.out.push(data);
    });
    this.open(names);
  }

  /**
   * Adds entries written side by side from now on; returns their numbers for `write`. Entries
   * added after earlier ones were closed (`close`) follow them in the archive, so a zip of many
   * file sets keeps only the set being written open.
   */
  open(names: string[]): number[] {
    return names.map((n) => {
      const f = new ZipDeflate(n, { level: 6 });
      f.mtime = this.mtime;
      this.zip.add(f);
      this.files.push(f);
      this.batches.push(new TextBatcher());
      this.closed.push(false);
      return this.files.length - 1;
    });
  }

  write(file: number, s: string): void {
    const b = this.batches[file];
    b.add(s);
    if (b.full) this.files[file].push(encoder.encode(b.take()));
  }

  /** Ends these entries (their text is complete). */
  close(files: number[]): void {
    for (const i of files) {
      if (this.closed[i]) continue;
      this.closed[i] = true;
      this.files[i].push(encoder.encode(this.batches[i].take()), true);
    }
  }

  end(): void {
    this.close(this.files.map((_, i) => i));
    this.zip.end();
  }

  /** Output produced so far (and forgets it). */
  drain(): Uint8Array[] {
    if (this.error) throw this.error;
    const o = this.out;
    this.out = [];
    return o;
  }
}

// ---------------------------------------------------------------- zip reading

export interface UnzipLimits {
  format: FormatName;
  /** Maximum uncompressed size of each entry. Default 50 MB. */
  maxBytes?: number;
  /** Maximum uncompressed size of all the entries kept together. Default 100 MB. */
  maxTotalBytes?: number;
  /** Maximum number of entries. Default 100. */
  maxEntries?: number;
  /** Which entries to inflate and return (default all); the others are skipped unread. */
  keep?: (name: string) => boolean;
}

/** An aligned-import zip unpacks to at most this much in all (100 zip entries of 49 MB grew a process by 5 GB). */
export const DEFAULT_MAX_UNZIPPED_TOTAL = 100 * 1024 * 1024;

const formatMB = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Unzip in memory with limits: counts the real inflated bytes (not the sizes the
 * archive declares), so a zip bomb fails early; directories are skipped.
 */
export function unzipFiles(zipBytes: Uint8Array, lim: UnzipLimits): Map<string, Uint8Array> {
  const max = lim.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxEntries = lim.maxEntries ?? 100;
  if (zipBytes.length < 4 || zipBytes[0] !== 0x50 || zipBytes[1] !== 0x4b) {
    throw new FormatError(lim.format, "not a zip archive");
  }
  const maxTotal = lim.maxTotalBytes ?? DEFAULT_MAX_UNZIPPED_TOTAL;
  const files = new Map<string, Uint8Array>();
  let entries = 0;
  let total = 0;
  const unzip = new Unzip((file) => {
    if (file.name.endsWith("/")) return;
    if (++entries > maxEntries) {
      throw new FormatError(lim.format, `zip has more than ${maxEntries} files`);
    }
    if (lim.keep && !lim.keep(file.name)) return; // never inflated
    if (file.compression !== 0 && file.compression !== 8) {
      throw new FormatError(lim.format, `${file.name}: unsupported zip compression ${file.compression}`);
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, data, final) => {
      // fflate hands an error thrown in this callback back to it: keep our own refusal's words
      if (err) throw err instanceof FormatError ? err : new FormatError(lim.format, `${file.name}: ${err.message}`);
      size += data.length;
      total += data.length;
      if (size > max) {
        throw new FormatError(lim.format, `${file.name}: uncompressed size over the ${max}-byte limit`, {
          file: file.name,
        });
      }
      if (total > maxTotal) {
        throw new FormatError(lim.format, `the zip unpacks to more than ${formatMB(maxTotal)} in all; the limit is ${formatMB(maxTotal)}`, { file: file.name });
      }
      parts.push(data);
      if (final) {
        const all = new Uint8Array(size);
        let o = 0;
        for (const p of parts) {
          all.set(p, o);
          o += p.length;
        }
        files.set(file.name, all);
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const STEP = 16 * 1024;
  try {
    for (let i = 0; i < zipBytes.length; i += STEP) {
      unzip.push(zipBytes.subarray(i, Math.min(zipBytes.length, i + STEP)), i + STEP >= zipBytes.length);
    }
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(lim.format, `unreadable zip: ${e instanceof Error ? e.message : String(e)}`);
  }
  return files;
}

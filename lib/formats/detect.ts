// Which reader an uploaded alignment needs, from its file names and contents.
import { FormatError } from "./errors";
import { readInterText, readInterTextFiles } from "./intertext";
import { readJsonl } from "./jsonl";
import type { ImportResult } from "./model";
import { MOSES_ENTRY, readMosesFiles } from "./moses";
import { unzipFiles } from "./stream";
import { readTmx } from "./tmx";
import { readTsv } from "./tsv";

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

const head = (f: UploadedFile) => Buffer.from(f.bytes.subarray(0, 4096)).toString("utf8").replace(/\0/g, "");

/** Reads one alignment: a TMX, TSV, JSONL or zip file, or the three InterText XML files. */
export function readAlignmentUpload(files: UploadedFile[]): ImportResult & { format: string } {
  if (files.length === 0) throw new FormatError("intertext", "Choose the alignment file(s) to import");
  const xml = files.filter((f) => /\.xml$/i.test(f.name));
  if (files.length === 3 && xml.length === 3) {
    // InterText: two documents and one link file (the one with <linkGrp>).
    const links = xml.find((f) => /<linkGrp\b/.test(head(f)));
    if (!links) throw new FormatError("intertext", "Of three InterText XML files one must be the link file (with <linkGrp>)");
    const docs = xml.filter((f) => f !== links);
    const isZh = (f: UploadedFile) => /_zh\.xml$|[._-]zh[._-]/i.test(f.name) || /\p{Script=Han}{4}/u.test(head(f));
    const zh = docs.find(isZh) ?? docs[0];
    const en = docs.find((f) => f !== zh)!;
    return { ...readInterText({ en: en.bytes, zh: zh.bytes, links: links.bytes, enName: en.name, zhName: zh.name }), format: "intertext" };
  }
  if (files.length !== 1) {
    throw new FormatError("intertext", "Upload one file (TMX, TSV, JSONL or zip) or the three InterText XML files");
  }
  const [f] = files;
  const ext = f.name.toLowerCase().split(".").pop();
  switch (ext) {
    case "tmx":
      return { ...readTmx(f.bytes, { file: f.name }), format: "tmx" };
    case "tsv":
    case "tab":
    case "txt":
      return { ...readTsv(f.bytes, { file: f.name }), format: "tsv" };
    case "jsonl":
    case "ndjson":
      return { ...readJsonl(f.bytes, { file: f.name }), format: "jsonl" };
    case "zip": {
      // inflated once, only the entries either reader needs (it was inflated twice, every entry)
      const entries = unzipFiles(f.bytes, { format: "zip", keep: (n) => /\.xml$/i.test(n) || MOSES_ENTRY.test(n) });
      try {
        return { ...readInterTextFiles(entries), format: "intertext" };
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        return { ...readMosesFiles(entries), format: "moses" };
      }
    }
    case "xml":
      if (/<tmx\b/.test(head(f))) return { ...readTmx(f.bytes, { file: f.name }), format: "tmx" };
      throw new FormatError("intertext", `${f.name}: an InterText alignment needs all three XML files (two documents and the link file)`);
    default:
      throw new FormatError("tsv", `${f.name}: Parallax imports alignments from .tmx, .tsv, .jsonl, .zip (Moses or InterText) or three InterText .xml files`);
  }
}

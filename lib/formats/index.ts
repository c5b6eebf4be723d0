/**
 * Corpus import/export: a neutral pair model and streaming writers/readers for
 * TMX 1.4b, TSV, JSON Lines, Moses (zip) and InterText XML (zip). Pure TypeScript.
 */
import { filterPairs, passesFilter } from "./filter";
import { writeInterTextDocumentsZip, writeInterTextZip, type InterTextDocument, type InterTextWriteOptions } from "./intertext";
import { writeJsonl } from "./jsonl";
import type { CorpusDocMeta, CorpusPair, ExportFilter, PairSource } from "./model";
import { writeMosesZip } from "./moses";
import { writeTmx, type TmxWriteOptions } from "./tmx";
import { writeTsv } from "./tsv";

export * from "./model";
export { FormatError, type FormatName } from "./errors";
export { decodeInput } from "./encoding";
export { filterPairs, passesFilter };
export { pipeToWritable, collectText, collectBytes, unzipFiles } from "./stream";
export { escapeXmlText, escapeXmlAttr, xmlSafe, parseXml } from "./xml";
export { writeTmx, readTmx, TMX_DEFAULT_LANGS, type TmxWriteOptions } from "./tmx";
export { checkTmxStructure } from "./tmx-structure";
export { writeTsv, readTsv, TSV_COLUMNS, type TsvWriteOptions } from "./tsv";
export { writeJsonl, readJsonl, pairToJson } from "./jsonl";
export { writeMosesZip, readMoses, readMosesZip, mosesLine, type MosesWriteOptions } from "./moses";
export {
  writeInterTextZip,
  writeInterTextDocumentsZip,
  readInterText,
  readInterTextZip,
  readInterTextZipDocuments,
  type InterTextDocument,
  interTextFileNames,
  type InterTextWriteOptions,
  type InterTextReadOptions,
  type InterTextInput,
} from "./intertext";

export const EXPORT_FORMATS = {
  tmx: { label: "TMX 1.4b", extension: "tmx", contentType: "application/x-tmx+xml; charset=utf-8", binary: false },
  tsv: { label: "TSV", extension: "tsv", contentType: "text/tab-separated-values; charset=utf-8", binary: false },
  jsonl: { label: "JSON Lines", extension: "jsonl", contentType: "application/jsonl; charset=utf-8", binary: false },
  moses: { label: "Moses (zip)", extension: "zip", contentType: "application/zip", binary: true },
  intertext: { label: "InterText XML (zip)", extension: "zip", contentType: "application/zip", binary: true },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export type ExportOptions = ExportFilter & TmxWriteOptions & InterTextWriteOptions & { baseName?: string };

/** A corpus given document pair by document pair (InterText writes one file set for each). */
export interface CorpusDocuments {
  documents: Iterable<InterTextDocument> | AsyncIterable<InterTextDocument>;
}

function isDocuments(source: PairSource | CorpusDocuments): source is CorpusDocuments {
  return typeof source === "object" && source !== null && "documents" in source;
}

/** Every document's pairs one after the other, numbered on (the formats that write one file). */
async function* flatten(source: CorpusDocuments): AsyncGenerator<CorpusPair> {
  let position = 0;
  for await (const d of source.documents as AsyncIterable<InterTextDocument>) {
    for await (const p of d.pairs as AsyncIterable<CorpusPair>) yield { ...p, position: position++, document: p.document ?? d.title };
  }
}

/**
 * One entry point for the export route/job: the chunk stream plus what to put in
 * the response headers. Pipe `chunks` into a Writable with `pipeToWritable`.
 * Given document by document (`{ documents }`), InterText writes one set of three files per
 * document pair, named after it; the other formats write them one after the other.
 */
export function exportCorpus(
  format: ExportFormat,
  source: PairSource | CorpusDocuments,
  meta: CorpusDocMeta,
  opts: ExportOptions = {},
): { chunks: AsyncGenerator<string | Uint8Array>; fileName: string; contentType: string } {
  const info = EXPORT_FORMATS[format];
  const pairs: PairSource = isDocuments(source) ? flatten(source) : source;
  const stem =
    meta.title
      .normalize("NFKC")
      .replace(/[\\/:*?"<>|\x00-\x1f]+/g, "_")
      .trim()
      .slice(0, 100) || "corpus";
  const fileName = `${stem}${format === "moses" ? ".moses" : format === "intertext" ? ".intertext" : ""}.${info.extension}`;
  let chunks: AsyncGenerator<string | Uint8Array>;
  switch (format) {
    case "tmx":
      chunks = writeTmx(pairs, meta, opts);
      break;
    case "tsv":
      chunks = writeTsv(pairs, opts);
      break;
    case "jsonl":
      chunks = writeJsonl(pairs, opts);
      break;
    case "moses":
      chunks = writeMosesZip(pairs, meta, opts);
      break;
    case "intertext":
      chunks = isDocuments(source) ? writeInterTextDocumentsZip(source.documents, meta, opts) : writeInterTextZip(pairs, meta, opts);
      break;
  }
  return { chunks, fileName, contentType: info.contentType };
}
export { readAlignmentUpload, type UploadedFile } from "./detect";

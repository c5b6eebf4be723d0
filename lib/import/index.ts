/** Document import: bytes or pasted text -> clean text for the aligner, or ImportError. */
export * from "./limits";
export { readFormBody, parseUploadForm, type UploadForm, type UploadFormSpec, type ReadFormOptions } from "./form";
export { decodeUpload, sniffBinaryFormat, type DecodedText, type DecodeOptions, type TextEncoding } from "./decode";
export { extractText, extractPasted, type ExtractedText, type ExtractOptions, type SourceFormat } from "./extract";
export { htmlToText } from "./html";
export { markdownToText } from "./markdown";
export { checkPair, weightedLength, MIN_LANGUAGE_CONFIDENCE, type PairCheck } from "./pair";

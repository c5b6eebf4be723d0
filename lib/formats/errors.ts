export type FormatName = "tmx" | "tsv" | "jsonl" | "moses" | "intertext" | "xml" | "zip" | "text";

/** A typed import/export error: which format, what went wrong, and where when known. */
export class FormatError extends Error {
  readonly format: FormatName;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /** Which input (file name / role such as "links"), when known. */
  readonly file?: string;

  constructor(
    format: FormatName,
    message: string,
    where: { line?: number; column?: number; file?: string } = {},
  ) {
    // Spelled out ("line 4, column 12") rather than "4:12": editors read these, not compilers.
    const loc = [
      where.file,
      where.line !== undefined ? `line ${where.line}` : undefined,
      where.line !== undefined && where.column !== undefined ? `column ${where.column}` : undefined,
    ]
      .filter((x) => x !== undefined)
      .join(", ");
    super(`${format.toUpperCase()}${loc ? ` ${loc}` : ""}: ${message}`);
    this.name = "FormatError";
    this.format = format;
    this.line = where.line;
    this.column = where.column;
    this.file = where.file;
  }
}

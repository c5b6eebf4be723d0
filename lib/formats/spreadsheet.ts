// Cells of the CSV and TSV files people open in a spreadsheet (the project report, the
// glossary): a text that starts with "=", "+", "-", "@" (or their full-width forms, which CJK
// input methods type), a tab or a carriage return is read by Excel, LibreOffice and Google
// Sheets as a formula (=HYPERLINK(...), @SUM(...)): OWASP's "CSV injection". Such a cell gets a
// leading apostrophe, which spreadsheets show as text and hide. The marking is reversible:
// `fromSpreadsheetCell` takes one apostrophe off again, so a file Parallax wrote reads back
// unchanged (a text that itself starts with apostrophes before such a character gets one more).
const TRIGGER = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const MARKED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text as a spreadsheet-safe cell (numbers are not texts: pass them as they are). */
export function spreadsheetCell(text: string): string {
  return TRIGGER.test(text) ? `'${text}` : text;
}

/** The text of a cell that `spreadsheetCell` wrote. */
export function fromSpreadsheetCell(cell: string): string {
  return MARKED.test(cell) ? cell.slice(1) : cell;
}

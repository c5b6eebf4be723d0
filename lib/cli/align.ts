/**
 * parallax align — align a Chinese and an English text.
 *
 *   npm run --silent align -- --zh FILE --en FILE [--presplit] [--mode auto|parallel|comparable]
 *                             [--format align|tsv|jsonl] [--out FILE]
 *
 * --presplit: each line is one sentence (line i = sentence i); otherwise sentences come from
 * lib/text splitSentences (clutter it marks is kept as excluded gap beads).
 * --format align: one bead per line "[zh ids]:[en ids]" (0-based, the gold format).
 * --format tsv: a header, then one bead per line: zh_ids en_ids score confidence zh en.
 * --format jsonl: a first line with the mode and statistics, then one bead per line.
 * The score (0–100) says how closely the two sides' meanings match; the confidence (0–1) is the
 * aligner's probability that the bead is right. Either is empty (TSV) or null (JSONL) when there
 * is none: no score for a gap, no confidence for excluded clutter.
 */
import fs from "node:fs";
import { align, type AlignInput, type AlignmentResult } from "../alignment";
import { writeAlign } from "../alignment/format";
import { splitSentences } from "../text/segment";
import { readTextFile, CliError, runMain, makeProgress } from "./common";

const USAGE =
  "usage: align --zh FILE --en FILE [--presplit] [--mode auto|parallel|comparable] [--format align|tsv|jsonl] [--out FILE]";

export interface AlignArgs {
  zh: string;
  en: string;
  presplit: boolean;
  mode: "auto" | "parallel" | "comparable";
  format: "align" | "tsv" | "jsonl";
  out?: string;
  quiet: boolean;
}

export function parseAlignArgs(argv: string[]): AlignArgs {
  const a: Partial<AlignArgs> = { presplit: false, mode: "auto", format: "align", quiet: false };
  for (let k = 0; k < argv.length; k++) {
    const f = argv[k];
    const val = () => {
      const v = argv[++k];
      if (v === undefined || v.startsWith("--")) throw new CliError(`${f} needs a value\n${USAGE}`);
      return v;
    };
    switch (f) {
      case "--zh":
        a.zh = val();
        break;
      case "--en":
        a.en = val();
        break;
      case "--presplit":
        a.presplit = true;
        break;
      case "--quiet":
        a.quiet = true;
        break;
      case "--mode": {
        const v = val();
        if (v !== "auto" && v !== "parallel" && v !== "comparable") throw new CliError(`bad --mode "${v}" (auto|parallel|comparable)`);
        a.mode = v;
        break;
      }
      case "--format": {
        const v = val();
        if (v !== "align" && v !== "tsv" && v !== "jsonl") throw new CliError(`bad --format "${v}" (align|tsv|jsonl)`);
        a.format = v;
        break;
      }
      case "--out":
        a.out = val();
        break;
      case "-h":
      case "--help":
        throw new CliError(USAGE, 0);
      default:
        throw new CliError(`unknown argument "${f}"\n${USAGE}`);
    }
  }
  if (!a.zh || !a.en) throw new CliError(`--zh and --en are required\n${USAGE}`);
  return a as AlignArgs;
}

function toInputs(text: string, lang: "zh" | "en", presplit: boolean): AlignInput[] {
  if (presplit) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines.map((t) => ({ text: t }));
  }
  return splitSentences(text, lang).map((s) => ({ text: s.text, excluded: s.excluded }));
}

const tsvCell = (s: string) => s.replace(/[\t\r\n]+/g, " ");
const confidenceCell = (c: number | null | undefined) => (c === null || c === undefined || !Number.isFinite(c) ? "" : c.toFixed(4));

export function formatResult(res: AlignmentResult, zh: AlignInput[], en: AlignInput[], format: AlignArgs["format"]): string {
  if (format === "align") return writeAlign(res.beads);
  if (format === "tsv") {
    const rows = ["zh_ids\ten_ids\tscore\tconfidence\tzh\ten"];
    for (const b of res.beads)
      rows.push(
        [
          `[${b.zh.join(",")}]`,
          `[${b.en.join(",")}]`,
          b.score === null ? "" : b.score.toFixed(1),
          confidenceCell(b.confidence),
          tsvCell(b.zh.map((i) => zh[i].text).join(" ")),
          tsvCell(b.en.map((j) => en[j].text).join(" ")),
        ].join("\t"),
      );
    return rows.join("\n") + "\n";
  }
  const lines = [JSON.stringify({ mode: res.mode, modeReason: res.modeReason, stats: res.stats })];
  for (const b of res.beads)
    lines.push(
      JSON.stringify({
        zh: b.zh,
        en: b.en,
        score: b.score,
        confidence: b.confidence ?? null,
        crossing: b.crossing,
        ...(b.excluded ? { excluded: true } : {}),
        zhText: b.zh.map((i) => zh[i].text),
        enText: b.en.map((j) => en[j].text),
        parts: b.parts,
      }),
    );
  return lines.join("\n") + "\n";
}

export function main(argv: string[]): void {
  const args = parseAlignArgs(argv);
  const zhText = readTextFile(args.zh, "--zh");
  const enText = readTextFile(args.en, "--en");
  const zh = toInputs(zhText, "zh", args.presplit);
  const en = toInputs(enText, "en", args.presplit);
  if (!zh.some((s) => s.text.trim())) throw new CliError(`--zh ${args.zh}: no sentences`);
  if (!en.some((s) => s.text.trim())) throw new CliError(`--en ${args.en}: no sentences`);
  const progress = args.quiet ? undefined : makeProgress(zh.length + en.length);
  const res = align(zh, en, { mode: args.mode, onProgress: progress?.update });
  progress?.done();
  const out = formatResult(res, zh, en, args.format);
  if (args.out) fs.writeFileSync(args.out, out);
  else process.stdout.write(out);
  if (!args.quiet && process.stderr.isTTY) process.stderr.write(`mode: ${res.modeReason}\n`);
}

if (process.argv[1] && /align\.ts$/.test(process.argv[1])) runMain(() => main(process.argv.slice(2)));

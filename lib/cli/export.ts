// `npm run --silent export -- --project NAME_OR_ID --format tmx|tsv|jsonl|moses|intertext --out FILE`
//   [--bitext ID] [--confirmed-only] [--min-score N] [--min-confidence PERCENT] [--drop-open-major] [--include-gaps]
//   [--zh-lang zh-CN] [--en-lang en-US] [--score-parts]   (TMX: xml:lang of each side, the heavy x-score-parts)
// Streams the corrected corpus of a project (or one document pair) from the database.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { CliError } from "./common";
import { EXPORT_FORMATS, type ExportFormat } from "../formats";

async function main() {
  const { values } = parseArgs({
    options: {
      project: { type: "string" },
      bitext: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      "confirmed-only": { type: "boolean" },
      "min-score": { type: "string" },
      "drop-open-major": { type: "boolean" },
      "include-gaps": { type: "boolean" },
      "min-confidence": { type: "string" },
      "zh-lang": { type: "string" },
      "en-lang": { type: "string" },
      "score-parts": { type: "boolean" },
    },
    strict: true,
  });
  const formats = Object.keys(EXPORT_FORMATS);
  if (!values.project) throw new CliError("--project NAME_OR_ID is required");
  if (!values.format || !formats.includes(values.format)) throw new CliError(`--format must be one of ${formats.join(", ")}`);
  if (!values.out) throw new CliError("--out FILE is required");
  const minScore = values["min-score"] === undefined ? undefined : Number(values["min-score"]);
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) throw new CliError("--min-score takes a number from 0 to 100");

  const minConfidence = values["min-confidence"] === undefined ? undefined : Number(values["min-confidence"]);
  if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 100)) throw new CliError("--min-confidence takes a percentage from 0 to 100");
  for (const [flag, lang] of [["zh-lang", "zh"], ["en-lang", "en"]] as const) {
    const v = values[flag];
    if (v !== undefined && !new RegExp(`^${lang}(-[A-Za-z]{2,4}){0,2}$`).test(v)) throw new CliError(`--${flag} takes a ${lang} language tag such as ${lang === "zh" ? "zh-CN" : "en-US"}`);
  }

  const { getDb } = await import("../db/client");
  const { exportSource, exportMeta, findProject, ExportNotFoundError } = await import("../db/export");
  const { exportCorpus, pipeToWritable } = await import("../formats");
  const db = getDb();
  try {
    const project = await findProject(db, values.project);
    const bitextId = values.bitext ? Number(values.bitext) : undefined;
    const meta = await exportMeta(db, project.id, bitextId);
    const format = values.format as ExportFormat;
    const { chunks } = exportCorpus(format, await exportSource(db, format, { projectId: project.id, bitextId }), meta, {
      confirmedOnly: values["confirmed-only"],
      minScore,
      ...(minConfidence !== undefined ? { minConfidence: minConfidence / 100 } : {}),
      ...(values["zh-lang"] || values["en-lang"] ? { langs: { zh: values["zh-lang"], en: values["en-lang"] } } : {}),
      scoreParts: values["score-parts"],
      dropOpenMajorFlags: values["drop-open-major"],
      includeGaps: values["include-gaps"],
    });
    const tmp = `${values.out}.partial`;
    const bytes = await pipeToWritable(chunks, fs.createWriteStream(tmp));
    fs.renameSync(tmp, values.out); // never leave a half-written file under the real name
    process.stderr.write(`wrote ${values.out} (${bytes.toLocaleString("en-US")} bytes)\n`);
  } catch (err) {
    if (err instanceof ExportNotFoundError) throw new CliError(err.message, 1);
    throw err;
  } finally {
    await db.$disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`error: ${err instanceof CliError ? err.message : (err as Error).stack}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});

// `npm run --silent export -- --project NAME_OR_ID --format tmx|tsv|jsonl|moses|intertext --out FILE`
//   [--bitext ID] [--confirmed-only] [--min-score N] [--drop-open-major] [--include-gaps]
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
    },
    strict: true,
  });
  const formats = Object.keys(EXPORT_FORMATS);
  if (!values.project) throw new CliError("--project NAME_OR_ID is required");
  if (!values.format || !formats.includes(values.format)) throw new CliError(`--format must be one of ${formats.join(", ")}`);
  if (!values.out) throw new CliError("--out FILE is required");
  const minScore = values["min-score"] === undefined ? undefined : Number(values["min-score"]);
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) throw new CliError("--min-score takes a number from 0 to 100");

  const { getDb } = await import("../db/client");
  const { corpusPairs, exportMeta, findProject, ExportNotFoundError } = await import("../db/export");
  const { exportCorpus, pipeToWritable } = await import("../formats");
  const db = getDb();
  try {
    const project = await findProject(db, values.project);
    const bitextId = values.bitext ? Number(values.bitext) : undefined;
    const meta = await exportMeta(db, project.id, bitextId);
    const { chunks } = exportCorpus(values.format as ExportFormat, corpusPairs(db, { projectId: project.id, bitextId }), meta, {
      confirmedOnly: values["confirmed-only"],
      minScore,
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

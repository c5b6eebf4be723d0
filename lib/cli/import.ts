// `npm run --silent import -- --project NAME --dir DIR [--mode auto|parallel|comparable] [--wait] [--json]`
//   (or --zip FILE instead of --dir)
// Batch import: every `<name>.en.<ext>` / `<name>.zh.<ext>` pair under DIR becomes a document
// pair of project NAME (created when missing) with an alignment job; every other file is
// reported with the reason. The jobs are run by workers (`npm run worker`; `npm start` runs
// one); --wait shows the batch's progress until every job has finished.
// Exit codes: 0 imported (and with --wait: all aligned), 1 nothing imported or some
// alignments failed, 2 bad arguments or an unreadable folder/zip.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliError } from "./common";
import { ConfigError } from "../db/config";
import {
  BatchError,
  readBatch,
  readBatchZip,
  type BatchFile,
  type BatchFileReport,
  type BatchFileStatus,
} from "../import/batch";
import { formatBytes, MAX_BATCH_FILES, MAX_BATCH_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES } from "../import/limits";

const MODES = ["auto", "parallel", "comparable"] as const;

/** Files under `dir` (recursively; hidden folders skipped, symbolic links not followed). */
export function readFolder(dir: string): { files: BatchFile[]; tooLarge: Set<string> } {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`--dir ${dir}: ${code === "ENOENT" ? "no such folder" : code === "EACCES" ? "permission denied" : String(e)}`);
  }
  if (!st.isDirectory()) throw new CliError(`--dir ${dir}: not a folder (use --zip for a zip file)`);
  const files: BatchFile[] = [];
  const tooLarge = new Set<string>();
  let total = 0;
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Hidden folders (.git) and macOS metadata are reported by name only, like in a zip.
        if (entry.name.startsWith(".") || entry.name === "__MACOSX") continue;
        walk(p);
        continue;
      }
      if (!entry.isFile()) continue;
      if (files.length >= MAX_BATCH_FILES) throw new CliError(`--dir ${dir}: more than ${MAX_BATCH_FILES} files: split them into smaller batches`, 2);
      const full = path.join(dir, p);
      const size = fs.statSync(full).size;
      if (size > MAX_UPLOAD_BYTES) {
        tooLarge.add(p);
        files.push({ path: p, bytes: new Uint8Array() });
        continue;
      }
      total += size;
      if (total > MAX_BATCH_UNCOMPRESSED_BYTES) {
        throw new CliError(`--dir ${dir}: the files add up to more than ${formatBytes(MAX_BATCH_UNCOMPRESSED_BYTES)}: split them into smaller batches`, 2);
      }
      files.push({ path: p, bytes: new Uint8Array(fs.readFileSync(full)) });
    }
  };
  walk("");
  return { files, tooLarge };
}

const STATUS_TITLE: Record<BatchFileStatus, string> = {
  paired: "paired",
  exists: "already in the project (not imported again)",
  unpaired: "unpaired (no counterpart)",
  duplicate: "duplicate names",
  ambiguous: "ambiguous (one name, several extensions)",
  unsupported: "unsupported format",
  unreadable: "unreadable",
  rejected: "rejected",
  ignored: "ignored",
};

function printReport(files: BatchFileReport[], out: (s: string) => void) {
  const order = Object.keys(STATUS_TITLE) as BatchFileStatus[];
  for (const status of order) {
    const list = files.filter((f) => f.status === status);
    if (list.length === 0) continue;
    out(`${STATUS_TITLE[status]}: ${list.length}`);
    if (status === "paired") continue; // the document pairs are listed with their jobs below
    for (const f of list) out(`  ${f.path}${f.reason ? ` — ${f.reason}` : ""}`);
  }
}

async function main() {
  const usage =
    "usage: npm run --silent import -- --project NAME (--dir FOLDER | --zip FILE) [--mode auto|parallel|comparable] [--wait] [--json]";
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        project: { type: "string" },
        dir: { type: "string" },
        zip: { type: "string" },
        mode: { type: "string" },
        wait: { type: "boolean" },
        json: { type: "boolean" },
        "no-worker-after": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  if (values.help) throw new CliError(usage, 0);
  if (!values.project?.trim()) throw new CliError("--project NAME is required (the project is created when missing)");
  if (!values.dir === !values.zip) throw new CliError("give either --dir FOLDER or --zip FILE");
  const mode = (values.mode ?? "auto") as (typeof MODES)[number];
  if (!MODES.includes(mode)) throw new CliError(`--mode must be one of ${MODES.join(", ")}`);
  const quietAfter = Number(values["no-worker-after"] ?? 15);
  // Progress and hints go to stderr, so --json output on stdout stays parseable.
  const say = (s: string) => process.stderr.write(`${s}\n`);
  const out = values.json ? say : (s: string) => process.stdout.write(`${s}\n`);

  let report;
  try {
    if (values.dir) {
      const { files, tooLarge } = readFolder(values.dir);
      if (files.length === 0) throw new CliError(`--dir ${values.dir}: the folder is empty`, 1);
      report = await readBatch(files, { tooLarge });
    } else {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(fs.readFileSync(values.zip!));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new CliError(`--zip ${values.zip}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder (use --dir)" : String(e)}`);
      }
      report = await readBatchZip(bytes, path.basename(values.zip!));
    }
  } catch (e) {
    if (e instanceof BatchError) throw new CliError(e.message, 2);
    throw e;
  }

  if (report.pairs.length === 0) {
    printReport(report.files, out);
    throw new CliError(
      `no document pairs found in ${values.dir ?? values.zip}: name the files <name>.en.<ext> and <name>.zh.<ext> (ext: txt, md, html or docx)`,
      1,
    );
  }

  const { getDb } = await import("../db/client");
  const { importBatch, BatchImportError } = await import("../db/batch-import");
  const db = getDb();
  try {
    let result;
    try {
      result = await importBatch(db, { projectName: values.project.trim(), createProject: true, mode }, report);
    } catch (e) {
      if (e instanceof BatchImportError) throw new CliError(e.message, 1);
      throw e;
    }
    printReport(result.files, out);
    out(`project "${result.projectName}" (${result.projectId})${result.projectCreated ? ", created" : ""}`);
    for (const w of result.warnings) for (const m of w.warnings) out(`  warning, ${w.name}: ${m}`);
    out(`${result.created.length} document pair(s) queued for alignment${result.created.length ? `: jobs ${result.created[0].jobId}–${result.created[result.created.length - 1].jobId}` : ""}`);
    if (values.json) process.stdout.write(JSON.stringify(result) + "\n");
    if (result.created.length === 0) throw new CliError("nothing imported: every pair is in the project already", 1);
    if (!values.wait) return;
    const ok = await waitForJobs(db, result.created.map((c) => c.jobId), quietAfter, say);
    if (!ok) process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

/** Polls the batch's jobs until all have finished; true when all are done. */
async function waitForJobs(db: import("../db/client").Db, jobIds: number[], quietAfterSec: number, say: (s: string) => void) {
  const started = Date.now();
  let warned = false;
  let last = "";
  const tty = process.stderr.isTTY;
  for (;;) {
    const jobs = await db.job.findMany({ where: { id: { in: jobIds } }, select: { id: true, status: true, progress: true, startedAt: true, error: true, bitext: { select: { title: true } } } });
    const n = (s: string) => jobs.filter((j) => j.status === s).length;
    const line = `aligned ${n("done")}/${jobIds.length} · running ${n("running")} · queued ${n("queued")} · failed ${n("failed")} · cancelled ${n("cancelled")}`;
    if (line !== last) {
      if (tty) process.stderr.write(`\r${line}   `);
      else say(line);
      last = line;
    }
    if (n("queued") + n("running") === 0) {
      if (tty) process.stderr.write("\n");
      for (const j of jobs.filter((x) => x.status === "failed")) say(`failed: ${j.bitext?.title ?? `job ${j.id}`} — ${j.error ?? "no message"}`);
      say(`batch finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return n("done") === jobIds.length;
    }
    // Nothing claimed for a while and nothing running: most likely no worker is up.
    if (!warned && Date.now() - started > quietAfterSec * 1000 && jobs.every((j) => j.startedAt === null)) {
      warned = true;
      say(`${tty ? "\n" : ""}no job has started after ${quietAfterSec} s: is a worker running? Start one with \`npm run worker\` (\`npm start\` runs one); still waiting (Ctrl-C stops waiting, the jobs stay queued)`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

main().catch((err) => {
  if (err instanceof CliError && err.exitCode === 0) {
    process.stdout.write(`${err.message}\n`);
    process.exit(0);
  }
  const known = err instanceof CliError || err instanceof ConfigError;
  process.stderr.write(`error: ${known ? err.message : (err as Error).stack}\n`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});

// `npm install` (postinstall): generates the Prisma clients for SQLite and PostgreSQL from
// the one schema in prisma/schema.prisma (see lib/db/schema-variants.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/db/config";
import { writePostgresSchema } from "../lib/db/schema-variants";

const prisma = path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js");

function generate(args: string[]) {
  const r = spawnSync(process.execPath, [prisma, "generate", ...args], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

generate([]);
generate(["--schema", writePostgresSchema()]);

// Where the database lives. SQLite is the zero-set-up default; DATABASE_URL overrides.
import path from "node:path";

export type DatabaseKind = "sqlite" | "postgresql";

export const PROJECT_ROOT = process.env.PARALLAX_ROOT ?? process.cwd();

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return `file:${path.join(PROJECT_ROOT, "data", "parallax.db")}`;
  if (url.startsWith("file:")) {
    // Relative SQLite paths are taken from the project root, not from prisma/.
    const file = url.slice("file:".length);
    return path.isAbsolute(file) ? url : `file:${path.resolve(PROJECT_ROOT, file)}`;
  }
  return url;
}

export function databaseKind(url = databaseUrl()): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new ConfigError(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(":")[0]}:…"`);
}

export function sqliteFile(url = databaseUrl()): string {
  return url.slice("file:".length);
}

/** A configuration problem the user can fix; printed as one line, without a stack trace. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

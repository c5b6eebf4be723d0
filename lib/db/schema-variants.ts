// One data model, two databases. prisma/schema.prisma is written for SQLite (the embedded
// default); the PostgreSQL schema is derived from it mechanically, so the models can never
// drift apart. Prisma needs one generated client per provider (the query compiler is
// provider-specific), hence the second schema.
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./config";

export const SQLITE_SCHEMA = path.join(PROJECT_ROOT, "prisma", "schema.prisma");
export const POSTGRES_DIR = path.join(PROJECT_ROOT, "generated", "postgresql");
export const POSTGRES_SCHEMA = path.join(POSTGRES_DIR, "schema.prisma");
export const SQLITE_MIGRATIONS = path.join(PROJECT_ROOT, "prisma", "migrations");
export const POSTGRES_MIGRATIONS = path.join(PROJECT_ROOT, "prisma", "migrations-postgresql");

/**
 * The PostgreSQL variant of a SQLite schema text: same models, other provider and output, and
 * Prisma's `relationJoins`: a read with `include` is then one statement (the related rows joined
 * as JSON) instead of one statement per relation. Each statement is a round trip to the server
 * on PostgreSQL (on SQLite a function call, and the feature is not supported there): the review
 * transactions read pairs with their sentences, corrections and flags several times each.
 */
export function postgresVariant(sqliteSchema: string, output = "./client"): string {
  const generator = /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/;
  if (/previewFeatures/.test(sqliteSchema)) throw new Error("prisma/schema.prisma: previewFeatures of the PostgreSQL client are set in lib/db/schema-variants.ts");
  const provider = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  const url = /(datasource\s+db\s*\{[^}]*?url\s*=\s*)"[^"]*"[^\n]*/;
  if (!generator.test(sqliteSchema) || !provider.test(sqliteSchema) || !url.test(sqliteSchema)) {
    throw new Error("prisma/schema.prisma must have a client generator with an output and a sqlite datasource with a url");
  }
  return sqliteSchema
    .replace(generator, `$1"${output}"\n  previewFeatures = ["relationJoins"]`)
    .replace(provider, `$1"postgresql"`)
    .replace(url, `$1"postgresql://localhost/parallax" // the driver adapter's URL (DATABASE_URL) wins at run time`);
}

/** Writes generated/postgresql/schema.prisma from prisma/schema.prisma; returns its path. */
export function writePostgresSchema(): string {
  fs.mkdirSync(POSTGRES_DIR, { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, postgresVariant(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  return POSTGRES_SCHEMA;
}

// Prisma CLI configuration: the WebAssembly schema engine and the better-sqlite3
// adapter, so that no native engine has to be downloaded (see README, "Database").
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The CLI tries to download native engines unless these name an existing file;
// in "js" engine mode they are never executed.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= __filename;

const url = process.env.DATABASE_URL ?? `file:${path.join(__dirname, "data", "parallax.db")}`;

export default defineConfig({
  schema: path.join(__dirname, "prisma", "schema.prisma"),
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});

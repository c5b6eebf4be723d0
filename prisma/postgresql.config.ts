// Prisma CLI configuration for the PostgreSQL variant of the schema (generated from
// prisma/schema.prisma by tools/generate-clients.ts). Used by `npm run db:migration` to
// write PostgreSQL migration SQL with `migrate diff`: the WebAssembly schema engine still
// opens a connection for that, but never changes the database (PARALLAX_PG_ADMIN_URL).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= __filename;

const url = process.env.PARALLAX_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  schema: path.join(__dirname, "..", "generated", "postgresql", "schema.prisma"),
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString: url }),
});

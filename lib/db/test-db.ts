// Tests get a throw-away, fully migrated SQLite database of their own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "./client";
import { migrate } from "./migrate";

export interface TempDatabase {
  db: Db;
  url: string;
  /** Migrations applied when it was created. */
  applied: string[];
  close: () => Promise<void>;
}

export function tempDatabase(name = "test"): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `parallax-${name}-`));
  const url = `file:${path.join(dir, `${name}.db`)}`;
  const applied = migrate(url);
  const db = createDb(url);
  return {
    db,
    url,
    applied,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

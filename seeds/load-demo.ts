// Loads the demo project (the Hongqi Town reports) into an empty database.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../lib/db/client";
import { alignBitext, createBitext } from "../lib/db/bitexts";
import { runBitextChecks } from "../lib/db/checks";
import { grantDemoToFirstAdmin } from "../lib/db/users";

export const DEMO_PROJECT_NAME = "Hongqi Town (demo)";
const SEED_DIR = path.join(__dirname);

export function readDemoTexts(dir = SEED_DIR) {
  const read = (lang: string) => fs.readFileSync(path.join(dir, `hongqi-town.${lang}.txt`), "utf8");
  return { en: read("en"), zh: read("zh") };
}

/** Creates and aligns the demo project unless it exists already; returns its id and whether it was created. */
export async function loadDemoProject(db: Db, dir = SEED_DIR): Promise<{ projectId: number; created: boolean }> {
  const existing = await db.project.findFirst({ where: { isDemo: true } });
  if (existing) return { projectId: existing.id, created: false };

  const texts = readDemoTexts(dir);
  const project = await db.project.create({
    data: {
      name: DEMO_PROJECT_NAME,
      description:
        "The launch of Hongqi Town: a Chinese news report and a loose, partial English rendering of it.",
      isDemo: true,
    },
  });
  const bitext = await createBitext(db, {
    projectId: project.id,
    title: "Hongqi green smart town launched",
    en: { text: texts.en, title: "Hongqi green smart town construction full start", sourceName: "hongqi-town.en.txt" },
    zh: { text: texts.zh, title: "红旗小镇正式启动 中国一汽打造未来智慧城市生态综合体", sourceName: "hongqi-town.zh.txt" },
    mode: "auto",
  });
  await alignBitext(db, bitext.id);
  await runBitextChecks(db, bitext.id);
  // the first account owns the demo (when the demo comes after it; else sign-up grants it)
  await grantDemoToFirstAdmin(db);
  return { projectId: project.id, created: true };
}

// Integration: a temporary SQLite database, migrated, with the demo seeds loaded and
// read back through the service layer.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./client";
import { tempDatabase, type TempDatabase } from "../../tests/db/test-db";
import { migrate } from "./migrate";
import { getBitextPairs, getProject, listProjects } from "./projects";
import { DEMO_PROJECT_NAME, loadDemoProject, readDemoTexts } from "../../seeds/load-demo";
import { splitSentences } from "../text/segment";

let temp: TempDatabase;
let db: Db;

beforeAll(() => {
  temp = tempDatabase("integration");
  db = temp.db;
});

afterAll(() => temp?.close());

describe("database on a fresh test database", () => {
  it("applies every migration once", async () => {
    expect(temp.applied.length).toBeGreaterThan(0);
    expect(await migrate(temp.url)).toEqual([]);
  });

  it("loads the demo project from the seeds exactly once", async () => {
    const first = await loadDemoProject(db);
    expect(first.created).toBe(true);
    const second = await loadDemoProject(db);
    expect(second).toEqual({ projectId: first.projectId, created: false });
    const projects = await listProjects(db);
    expect(projects.map((p) => p.name)).toEqual([DEMO_PROJECT_NAME]);
    expect(projects[0].bitextCount).toBe(1);
    expect(projects[0].pairCount).toBeGreaterThan(5);
  });

  it("stores the original texts byte for byte and every sentence in exactly one pair", async () => {
    const texts = readDemoTexts();
    expect(texts.en).toBe(fs.readFileSync(path.join(__dirname, "../../seeds/hongqi-town.en.txt"), "utf8"));
    const [project] = await listProjects(db);
    const full = await getProject(db, project.id);
    const bitext = full!.bitexts[0];
    expect(bitext.status).toBe("ready");
    expect(bitext.alignedMode).toBe("comparable");

    const docs = await db.document.findMany({ where: { bitextId: bitext.id }, include: { sentences: true } });
    expect(docs.find((d) => d.lang === "en")!.originalText).toBe(texts.en);
    expect(docs.find((d) => d.lang === "zh")!.originalText).toBe(texts.zh);
    for (const d of docs) {
      expect(d.sentences.length).toBe(splitSentences(d.originalText, d.lang as "en" | "zh").length);
      expect(d.sentences.every((s) => s.pairId !== null)).toBe(true);
    }

    const pairs = await getBitextPairs(db, bitext.id, { limit: 10_000 });
    expect(pairs.map((p) => p.position)).toEqual(pairs.map((_, i) => i));
    const seen = new Set<number>();
    for (const p of pairs) {
      expect(p.en.length + p.zh.length).toBeGreaterThan(0);
      for (const s of [...p.en, ...p.zh]) {
        expect(seen.has(s.id)).toBe(false);
        seen.add(s.id);
      }
    }
    expect(seen.size).toBe(docs.reduce((n, d) => n + d.sentences.length, 0));

    const text = pairs.flatMap((p) => [...p.en, ...p.zh].map((s) => s.text)).join("\n");
    expect(text).toContain("红旗");
    expect(text).toContain("Hongqi");
    // The Xu Liuping paragraph is aligned to Chinese text that names 徐留平.
    const xu = pairs.find((p) => p.en.some((s) => s.text.startsWith("Xu Liuping")));
    expect(xu?.zh.map((s) => s.text).join("")).toContain("徐留平");
  });
});

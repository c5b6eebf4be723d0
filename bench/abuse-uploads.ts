// `npm run bench:abuse` (first half; bench/abuse-import.ts is the second): the large hostile inputs of issue 15 against the production server
// (`npm start` on a fresh embedded database): each one is sent by a signed-in user, and the
// bench reports the answer, how long the server took to give it, and the peak memory of every
// process of the server while it worked on it (target: refused within a few seconds, no process
// past 1 GB). Cases: a .docx whose markup unpacks to 170 MB, a small .docx of a million runs, an
// aligned-import zip of 100 entries × 49 MB, ten batch zips of 190 MB each, a form of 100,000
// fields, and a page of 100,000 nested elements (valid: it is imported).
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { tempDatabase } from "../tests/db/test-db";
import { App, freePort } from "./lib/server";



/** Peak resident memory (MB) of each process in the process group, sampled every 100 ms. */
function rssWatcher(pgid: number) {
  const peak = new Map<number, { mb: number; what: string }>();
  const sample = () => {
    let out = "";
    try {
      out = execFileSync("ps", ["-eo", "pid=,pgid=,rss=,args="], { encoding: "utf8" });
    } catch {
      return;
    }
    for (const line of out.split("\n")) {
      const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      if (!m || Number(m[2]) !== pgid) continue;
      const mb = Number(m[3]) / 1024;
      const pid = Number(m[1]);
      if ((peak.get(pid)?.mb ?? 0) < mb) peak.set(pid, { mb, what: /worker\.ts/.test(m[4]) ? "worker" : /serve\.ts/.test(m[4]) ? "web" : "other" });
    }
  };
  const timer = setInterval(sample, 100);
  return {
    reset: () => peak.clear(),
    highest: () => {
      sample();
      return [...peak.values()].sort((a, b) => b.mb - a.mb)[0] ?? { mb: 0, what: "none" };
    },
    stop: () => clearInterval(timer),
  };
}

const DOCX_PARTS = (body: string) => ({
  "[Content_Types].xml": strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  ),
  "_rels/.rels": strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  ),
  "word/document.xml": strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
});

const spaces = (n: number) => new Uint8Array(n).fill(0x20);

interface Case {
  name: string;
  path: string;
  body: () => FormData;
}

function cases(projectId: number): Case[] {
  const textImport = (en: Blob, enName: string) => {
    const f = new FormData();
    f.set("projectId", String(projectId));
    f.set("title", enName);
    f.set("mode", "parallel");
    f.set("enFile", en, enName);
    f.set("zhText", "小镇开了一座博物馆。它有两条街。");
    return f;
  };
  return [
    {
      name: ".docx, markup unpacking to 170 MB",
      path: "/api/import",
      body: () => textImport(new Blob([zipSync(DOCX_PARTS(`<w:p><w:r><w:t xml:space="preserve">Hello ${" ".repeat(170 * 1024 * 1024)}</w:t></w:r></w:p>`), { level: 9 })]), "markup.docx"),
    },
    {
      name: ".docx of 1,000,000 one-letter runs",
      path: "/api/import",
      body: () => textImport(new Blob([zipSync(DOCX_PARTS(`<w:p>${"<w:r><w:t>a</w:t></w:r>".repeat(1_000_000)}</w:p>`), { level: 9 })]), "runs.docx"),
    },
    {
      name: "aligned-import zip, 100 entries × 49 MB",
      path: "/api/import/aligned",
      body: () => {
        const f = new FormData();
        f.set("projectId", String(projectId));
        f.set("title", "zip bomb");
        const pad = spaces(49 * 1024 * 1024); // one buffer for every entry
        const entries = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`part${i}.en`, pad]));
        f.append("files", new Blob([zipSync(entries, { level: 1 })]), "bomb.zip");
        return f;
      },
    },
    {
      name: "batch import, 10 zips × 190 MB",
      path: `/api/projects/${projectId}/batch`,
      body: () => {
        const f = new FormData();
        f.set("mode", "parallel");
        const pad = spaces(95 * 1024 * 1024);
        const one = zipSync({ "a.en.txt": pad, "a.zh.txt": pad }, { level: 1 });
        for (let i = 0; i < 10; i++) f.append("files", new Blob([one]), `z${i}.zip`);
        return f;
      },
    },
    {
      name: "form of 100,000 fields",
      path: "/api/import",
      body: () => {
        const f = new FormData();
        for (let i = 0; i < 100_000; i++) f.append(`f${i}`, "x");
        return f;
      },
    },
    {
      name: "HTML page of 100,000 nested elements (valid)",
      path: "/api/import",
      body: () => textImport(new Blob([`<html><body>${"<div>".repeat(100_000)}The town opened a museum. It has two streets.${"</div>".repeat(100_000)}</body></html>`]), "deep.html"),
    },
  ];
}

async function main() {
  const temp = tempDatabase("bench-abuse");
  await temp.db.$disconnect();
  const app = App.spawn({
    databaseUrl: temp.url,
    port: await freePort(),
    nextDir: process.env.PARALLAX_NEXT_DIR || ".next",
    logFile: path.join(os.tmpdir(), `parallax-bench-abuse-${process.pid}.log`),
  });
  const base = app.base;
  const rss = rssWatcher(app.pid);
  try {
    await app.ready();
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ name: "Mallory", email: "mallory@example.org", password: "violet harbour lanterns" }),
    });
    if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = signUp.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const project = await fetch(`${base}/api/import`, {
      method: "POST",
      headers: { cookie, origin: base },
      body: (() => {
        const f = new FormData();
        f.set("projectName", "abuse");
        f.set("title", "seed pair");
        f.set("mode", "parallel");
        f.set("enText", "The town opened a museum.");
        f.set("zhText", "小镇开了一座博物馆。");
        return f;
      })(),
    });
    const { projectId } = (await project.json()) as { projectId: number };

    const lines: string[] = [];
    for (const c of cases(projectId)) {
      const body = c.body();
      rss.reset();
      const t = performance.now();
      // a kept-alive socket the server closed after the last case fails at once (EPIPE): one retry on a new one
      const send = () =>
        fetch(`${base}${c.path}`, { method: "POST", body, headers: { cookie, origin: base } }).then(async (r) => ({ status: String(r.status), text: await r.text() }));
      const answer = await send()
        .catch((e: Error & { cause?: { code?: string } }) => (["EPIPE", "ECONNRESET"].includes(e.cause?.code ?? "") ? send() : Promise.reject(e)))
        .catch((e: Error & { cause?: { code?: string } }) => ({ status: `no answer (${e.cause?.code ?? e.message})`, text: "" }));
      const ms = performance.now() - t;
      const peak = rss.highest();
      const alive = await fetch(`${base}/sign-in`).then((r) => r.ok).catch(() => false);
      const res = { status: alive ? answer.status : `${answer.status}; the server is DOWN after it` };
      const text = answer.text;
      const message = (() => {
        try {
          return (JSON.parse(text) as { error?: string }).error ?? "";
        } catch {
          return text.slice(0, 80);
        }
      })();
      lines.push(`${c.name}: ${res.status} in ${ms.toFixed(0)} ms, peak RSS ${peak.mb.toFixed(0)} MB (${peak.what})${message ? ` — ${message.slice(0, 110)}` : ""}`);
      console.log(lines.at(-1));
    }
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    rss.stop();
    await app.stop();
    await temp.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

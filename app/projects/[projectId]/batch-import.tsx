"use client";
// Batch import: a zip (or the files themselves) of <name>.en.<ext> / <name>.zh.<ext> pairs.
// Shows the per-file report (what was paired, what was not and why) and tells the batch
// progress view to start polling.
import { useRouter } from "next/navigation";
import { useState } from "react";
import s from "./batch.module.css";
import { pluralNoun } from "@/lib/text/plural";

interface FileReport {
  path: string;
  status: string;
  name?: string;
  lang?: string;
  reason?: string;
}

interface Result {
  created: { name: string; bitextId: number; jobId: number }[];
  files: FileReport[];
  warnings?: { name: string; warnings: string[] }[];
  error?: string;
}

/** The event the progress view listens to (it polls while anything runs). */
export const BATCH_EVENT = "parallax:batch-imported";

const STATUS_LABEL: Record<string, string> = {
  paired: "paired",
  exists: "already in the project",
  unpaired: "unpaired",
  duplicate: "duplicate",
  ambiguous: "ambiguous",
  unsupported: "unsupported",
  unreadable: "unreadable",
  rejected: "rejected",
  ignored: "ignored",
};

export function BatchImport({ projectId }: { projectId: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    if ((data.getAll("files") as File[]).every((f) => f.size === 0 && f.name === "")) {
      setError("Choose a zip file (or the .en/.zh files) first");
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await fetch(`/api/projects/${projectId}/batch`, { method: "POST", body: data });
      const body = (await res.json().catch(() => ({}))) as Result;
      if (body.files) setResult(body);
      if (!res.ok) {
        setError(body.error ?? `The import failed (${res.status})`);
        return;
      }
      form.reset();
      window.dispatchEvent(new CustomEvent(BATCH_EVENT));
      router.refresh();
    } catch {
      setError("The server could not be reached: try again");
    } finally {
      setBusy(false);
    }
  }

  const counts = new Map<string, number>();
  for (const f of result?.files ?? []) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  const problems = (result?.files ?? []).filter((f) => f.status !== "paired");

  return (
    <section className={`card ${s.card}`} aria-label="Batch import">
      <form className={s.form} onSubmit={submit} aria-label="Batch import form">
        <strong>Batch import</strong>
        <label>
          Zip or files{" "}
          <input type="file" name="files" multiple accept=".zip,.txt,.md,.markdown,.html,.htm,.xhtml,.docx" aria-label="Zip or files" />
        </label>
        <label>
          Mode{" "}
          <select name="mode" defaultValue="auto">
            <option value="auto">auto</option>
            <option value="parallel">parallel (translation)</option>
            <option value="comparable">comparable (partial overlap)</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import and align"}
        </button>
      </form>
      <p className={s.hint}>
        Name the files <code>name.en.txt</code> and <code>name.zh.txt</code> (also .md, .html, .docx): each pair becomes a document pair
        called <em>name</em> and is aligned in the background. Nothing is guessed: files without a counterpart, with two candidates or that
        cannot be read are listed below and left out.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="region" aria-label="Batch report">
          <p className={s.summary}>
            <span>
              <strong>{result.created.length}</strong> {pluralNoun(result.created.length, "document pair")} imported
            </span>
            {[...counts]
              .filter(([st]) => st !== "paired")
              .map(([st, n]) => (
                <span key={st}>
                  <strong>{n}</strong> {STATUS_LABEL[st] ?? st}
                </span>
              ))}
          </p>
          {problems.length > 0 && (
            <div className={s.scroll}>
              <table className={s.files}>
                <thead>
                  <tr>
                    <th>file</th>
                    <th>status</th>
                    <th>why</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((f) => (
                    <tr key={f.path}>
                      <td className={s.path}>{f.path}</td>
                      <td>
                        <span className={s.state} data-state={f.status}>
                          {STATUS_LABEL[f.status] ?? f.status}
                        </span>
                      </td>
                      <td>{f.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(result.warnings ?? []).length > 0 && (
            <ul className="warnings">
              {result.warnings!.flatMap((w) => w.warnings.map((m, i) => <li key={`${w.name}-${i}`}>{`${w.name}: ${m}`}</li>))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

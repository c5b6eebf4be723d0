"use client";
// Paste or upload the two texts; the alignment then runs as a job whose progress is
// shown here, and the page moves to the review workspace when it is done.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

type Phase =
  | { kind: "editing" }
  | { kind: "uploading" }
  | { kind: "aligning"; jobId: number; projectId: number; bitextId: number; progress: number; stage: string }
  | { kind: "failed"; message: string };

/** The steps an import goes through, as the job names them (lib/jobs/stages.ts ALIGN_STAGES). */
const STEPS = ["splitting sentences", "aligning", "saving pairs", "checking translations"];

/** Which step a job's stage text names ("step 2 of 4: aligning (scoring)"): 0 while queued. */
function stepOf(stage: string): number {
  const m = /^step (\d+) of \d+/.exec(stage);
  return m ? Number(m[1]) : 0;
}

const ACCEPT = ".txt,.md,.markdown,.html,.htm,.docx,text/plain,text/markdown,text/html";

function Side({ lang, label, placeholder }: { lang: "en" | "zh"; label: string; placeholder: string }) {
  const [fileName, setFileName] = useState<string | null>(null);
  return (
    <fieldset className="import-side">
      <legend>{label}</legend>
      <textarea
        name={`${lang}Text`}
        aria-label={`${label} text`}
        placeholder={placeholder}
        rows={12}
        lang={lang === "zh" ? "zh-Hans" : "en"}
        disabled={fileName !== null}
      />
      <label className="file">
        or upload a file (.txt, .md, .html, .docx):{" "}
        <input
          type="file"
          name={`${lang}File`}
          aria-label={`${label} file`}
          accept={ACCEPT}
          onChange={(e) => setFileName(e.target.files?.[0]?.name ?? null)}
        />
      </label>
    </fieldset>
  );
}

export function ImportForm({ projectId, projectName }: { projectId?: number; projectName?: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const [error, setError] = useState<{ message: string; swapped?: boolean } | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);

  async function poll(jobId: number, projectId: number, bitextId: number) {
    for (;;) {
      await new Promise((r) => setTimeout(r, 600));
      const res = await fetch(`/api/jobs/${jobId}`, { cache: "no-store" });
      if (!res.ok) continue;
      const job = await res.json();
      if (job.status === "done") {
        router.push(`/projects/${projectId}/bitexts/${bitextId}`);
        return;
      }
      if (job.status === "failed" || job.status === "cancelled") {
        setPhase({ kind: "failed", message: job.error ?? `The alignment ${job.status}` });
        return;
      }
      // never back (a retried job starts over: its stage says so)
      setPhase((cur) => ({
        kind: "aligning",
        jobId,
        projectId,
        bitextId,
        progress: cur.kind === "aligning" && job.status === "running" && stepOf(job.stage ?? "") >= stepOf(cur.stage) ? Math.max(cur.progress, job.progress ?? 0) : (job.progress ?? 0),
        stage: job.status === "queued" ? "waiting for a worker" : (job.stage ?? job.status),
      }));
    }
  }

  async function submit(swap = false) {
    if (!formRef.current) return;
    setError(null);
    const data = new FormData(formRef.current);
    if (swap) data.set("swap", "1");
    setPhase({ kind: "uploading" });
    const res = await fetch("/api/import", { method: "POST", body: data });
    const body = await res.json().catch(() => ({ error: `The server answered ${res.status}` }));
    if (!res.ok) {
      setPhase({ kind: "editing" });
      setError({ message: body.error ?? `Import failed (${res.status})`, swapped: body.code === "swapped" });
      return;
    }
    setWarnings(body.warnings ?? []);
    setPhase({ kind: "aligning", jobId: body.jobId, projectId: body.projectId, bitextId: body.bitextId, progress: 0, stage: "queued" });
    void poll(body.jobId, body.projectId, body.bitextId);
  }

  const busy = phase.kind === "uploading" || phase.kind === "aligning";
  return (
    <form
      ref={formRef}
      className="import-form"
      aria-label="Import and align two texts"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="import-meta">
        {projectId ? (
          <input type="hidden" name="projectId" value={projectId} />
        ) : (
          <label>
            Project name <input name="projectName" required maxLength={120} defaultValue={projectName} />
          </label>
        )}
        <label>
          Title <input name="title" required maxLength={200} placeholder="e.g. Annual report 2024, chapter 3" />
        </label>
        <label>
          Alignment{" "}
          <select name="mode" defaultValue="auto">
            <option value="auto">auto (detect)</option>
            <option value="parallel">parallel: a translation</option>
            <option value="comparable">comparable: reports that partly overlap</option>
          </select>
        </label>
      </div>
      <div className="import-sides">
        <Side lang="en" label="English" placeholder="Paste the English text here" />
        <Side lang="zh" label="Chinese" placeholder="在此粘贴中文文本" />
      </div>
      {error && (
        <div className="card note error" role="alert">
          {error.message}
          {error.swapped && (
            <button type="button" className="secondary" onClick={() => void submit(true)}>
              Swap them and import
            </button>
          )}
        </div>
      )}
      {phase.kind === "failed" && (
        <div className="card note error" role="alert">
          The alignment failed: {phase.message}
        </div>
      )}
      {warnings.length > 0 && (
        <ul className="warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="import-actions">
        <button type="submit" disabled={busy}>
          {phase.kind === "uploading" ? "Uploading…" : phase.kind === "aligning" ? "Aligning…" : "Import and align"}
        </button>
        {phase.kind === "aligning" && (
          <span
            className="progress"
            role="progressbar"
            aria-label="Alignment progress"
            aria-valuenow={Math.round(phase.progress * 100)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <span className="bar" style={{ width: `${Math.round(phase.progress * 100)}%` }} />
            <span className="label">
              {Math.round(phase.progress * 100)}% {phase.stage}
            </span>
          </span>
        )}
      </div>
      {phase.kind === "aligning" && (
        <ol className="import-steps" aria-label="Import steps">
          <li data-state="done">uploaded</li>
          {STEPS.map((label, i) => {
            const at = stepOf(phase.stage);
            const state = i + 1 < at ? "done" : i + 1 === at ? "current" : "waiting";
            return (
              <li key={label} data-state={state} aria-current={state === "current" ? "step" : undefined}>
                {label}
              </li>
            );
          })}
        </ol>
      )}
    </form>
  );
}

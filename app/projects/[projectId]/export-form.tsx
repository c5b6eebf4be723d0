"use client";
// A plain GET form: the browser downloads the streamed file (works without script). Exports
// of more than `jobThreshold` pairs, or when "as a background job" is ticked, are posted
// instead and run as an export job: its progress is shown, then a download link.
import { useEffect, useState } from "react";

interface JobView {
  id: number;
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
  result?: { bytes?: number; fileName?: string; leftOut?: unknown[] } | null;
}

export function ExportForm({
  projectId,
  bitexts,
  formats,
  jobThreshold = Infinity,
}: {
  projectId: number;
  bitexts: { id: number; title: string; pairs?: number }[];
  /** EXPORT_FORMATS as [key, label] (lib/formats stays out of the browser bundle) */
  formats: [string, string][];
  jobThreshold?: number;
}) {
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!job || job.status === "done" || job.status === "failed" || job.status === "cancelled") return;
    const t = setTimeout(async () => {
      const res = await fetch(`/api/jobs/${job.id}`, { cache: "no-store" }).catch(() => null);
      if (res?.ok) setJob((await res.json()) as JobView);
      else setJob({ ...job });
    }, 800);
    return () => clearTimeout(t);
  }, [job]);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    const data = new FormData(e.currentTarget);
    const bitext = Number(data.get("bitext") || 0);
    const pairs = bitext ? (bitexts.find((b) => b.id === bitext)?.pairs ?? 0) : bitexts.reduce((n, b) => n + (b.pairs ?? 0), 0);
    if (data.get("asJob") !== "1" && pairs <= jobThreshold) return; // the browser downloads the stream
    e.preventDefault();
    setError(null);
    data.delete("asJob");
    const res = await fetch(`/api/projects/${projectId}/export`, { method: "POST", body: data });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) return setError(body.error ?? `The export could not be started (${res.status})`);
    setJob(body as JobView);
  }

  async function cancel() {
    if (!job) return;
    await fetch(`/api/jobs/${job.id}/cancel`, { method: "POST" });
    const res = await fetch(`/api/jobs/${job.id}`, { cache: "no-store" });
    if (res.ok) setJob((await res.json()) as JobView);
  }

  const active = job && (job.status === "queued" || job.status === "running");
  return (
    <form className="card export-form" method="get" action={`/api/projects/${projectId}/export`} aria-label="Export" onSubmit={submit}>
      <strong>Export the corrected corpus</strong>
      <label>
        Format{" "}
        <select name="format" defaultValue="tmx">
          {formats.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {bitexts.length > 1 && (
        <label>
          Document pair{" "}
          <select name="bitext" defaultValue="">
            <option value="">all</option>
            {bitexts.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <input type="checkbox" name="confirmedOnly" value="1" /> reviewed pairs only
      </label>
      <label>
        min. score <input type="number" name="minScore" min={0} max={100} step={1} placeholder="0" />
      </label>
      <label>
        <input type="checkbox" name="dropOpenMajorFlags" value="1" /> leave out pairs with open major/critical flags
      </label>
      <label>
        <input type="checkbox" name="includeGaps" value="1" /> include gaps
      </label>
      <label title={Number.isFinite(jobThreshold) ? `Exports of more than ${jobThreshold.toLocaleString("en")} pairs always run in the background` : undefined}>
        <input type="checkbox" name="asJob" value="1" /> as a background job
      </label>
      <button type="submit" disabled={!!active}>
        Download
      </button>
      {job && (
        <span role="status" aria-label="Export job">
          {active && (
            <>
              <span className="progress" role="progressbar" aria-label="Export progress" aria-valuenow={Math.round(job.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
                <span className="bar" style={{ width: `${Math.round(job.progress * 100)}%` }} />
                <span className="label">
                  {Math.round(job.progress * 100)}% {job.status === "queued" ? "waiting for a worker" : (job.stage ?? "")}
                </span>
              </span>{" "}
              <button type="button" className="secondary" onClick={cancel}>
                Cancel
              </button>
            </>
          )}
          {job.status === "done" && (
            <a className="button" href={`/api/jobs/${job.id}/download`} download>
              Download {job.result?.fileName ?? "the export"}
            </a>
          )}
          {job.status === "failed" && <span className="error">The export failed: {job.error}</span>}
          {job.status === "cancelled" && <span className="muted">The export was cancelled.</span>}
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

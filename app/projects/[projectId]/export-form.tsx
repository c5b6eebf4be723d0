"use client";
// The export dialog: format, document pair, the filters, each saying how many pairs it keeps
// (read from /api/projects/:id/export/counts as the choices change), and the TMX options
// (languages with a region, the heavy score parts). Inside it a plain GET form: the browser
// downloads the streamed file. Exports of more than `jobThreshold` pairs, or when "as a
// background job" is ticked, are posted instead and run as an export job: its progress is
// shown, then a download link.
import { useCallback, useEffect, useRef, useState } from "react";

interface JobView {
  id: number;
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
  result?: { bytes?: number; fileName?: string; leftOut?: unknown[] } | null;
}

interface Counts {
  all: number;
  kept: number;
  each: { confirmedOnly: number; minScore: number; minConfidence: number; dropOpenMajorFlags: number };
}

const ZH_LANGS: [string, string][] = [
  ["zh-CN", "zh-CN (Simplified, mainland China)"],
  ["zh-TW", "zh-TW (Traditional, Taiwan)"],
  ["zh-HK", "zh-HK (Traditional, Hong Kong)"],
  ["zh-SG", "zh-SG (Simplified, Singapore)"],
  ["zh", "zh (no region)"],
];
const EN_LANGS: [string, string][] = [
  ["en-US", "en-US (United States)"],
  ["en-GB", "en-GB (United Kingdom)"],
  ["en-AU", "en-AU (Australia)"],
  ["en-CA", "en-CA (Canada)"],
  ["en", "en (no region)"],
];

const n = (x: number) => x.toLocaleString("en");

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
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [format, setFormat] = useState("tmx");
  const [counts, setCounts] = useState<Counts | null>(null);
  /** a count for the current choices is on its way (the numbers shown are the previous ones) */
  const [counting, setCounting] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const seq = useRef(0);

  useEffect(() => {
    if (!job || job.status === "done" || job.status === "failed" || job.status === "cancelled") return;
    const t = setTimeout(async () => {
      const res = await fetch(`/api/jobs/${job.id}`, { cache: "no-store" }).catch(() => null);
      if (res?.ok) setJob((await res.json()) as JobView);
      else setJob({ ...job });
    }, 800);
    return () => clearTimeout(t);
  }, [job]);

  /** the form's fields as the counts endpoint takes them */
  const read = useCallback(() => {
    if (!form.current) return;
    const data = new FormData(form.current);
    data.delete("asJob");
    const next: Record<string, string> = {};
    for (const [k, v] of data) if (typeof v === "string" && v !== "") next[k] = v;
    setFields(next);
    setFormat(next.format ?? "tmx");
  }, []);

  // the counts follow the choices (debounced; an older answer never overwrites a newer one)
  const query = new URLSearchParams(Object.entries(fields).filter(([k]) => !["zhLang", "enLang", "scoreParts"].includes(k))).toString();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open || !fields.format) return;
    const mine = ++seq.current;
    setCounting(true);
    const t = setTimeout(async () => {
      const res = await fetch(`/api/projects/${projectId}/export/counts?${query}`, { cache: "no-store" }).catch(() => null);
      const answer = res?.ok ? ((await res.json()) as Counts) : null;
      if (mine !== seq.current) return;
      setCounts(answer);
      setCounting(false);
    }, 200);
    return () => clearTimeout(t);
  }, [open, query, projectId, fields.format]);

  function show() {
    setOpen(true);
    dialog.current?.showModal();
    read();
  }

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    const data = new FormData(e.currentTarget);
    const bitext = Number(data.get("bitext") || 0);
    const pairs = bitext ? (bitexts.find((b) => b.id === bitext)?.pairs ?? 0) : bitexts.reduce((s, b) => s + (b.pairs ?? 0), 0);
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
  const keeps = (k: keyof Counts["each"], shown: boolean) =>
    counts && shown ? (
      <span className="keeps" data-testid={`keeps-${k}`}>
        keeps {n(counts.each[k])} of {n(counts.all)}
      </span>
    ) : null;
  return (
    <>
      <button type="button" className="button secondary" onClick={show}>
        Export…
      </button>
      <dialog ref={dialog} className="export-dialog" aria-label="Export the corrected corpus" onClose={() => setOpen(false)}>
        <form
          ref={form}
          className="export-form"
          method="get"
          action={`/api/projects/${projectId}/export`}
          aria-label="Export"
          onSubmit={submit}
          onChange={read}
          onInput={read}
        >
          <header>
            <h2>Export the corrected corpus</h2>
            <button type="button" className="secondary close" onClick={() => dialog.current?.close()} aria-label="Close">
              ×
            </button>
          </header>
          <div className="row">
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
                  <option value="">all {bitexts.length}</option>
                  {bitexts.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          {format === "intertext" && bitexts.length > 1 && !fields.bitext && (
            <p className="muted hint">A zip with one set of three files (two documents and the links) per document pair, named after it.</p>
          )}
          {format === "tmx" && (
            <fieldset>
              <legend>TMX</legend>
              <label>
                Chinese{" "}
                <select name="zhLang" defaultValue="zh-CN">
                  {ZH_LANGS.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                English{" "}
                <select name="enLang" defaultValue="en-US">
                  {EN_LANGS.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              <label title="Every pair's score parts and matched word pairs (x-score-parts): several times the size of the text">
                <input type="checkbox" name="scoreParts" value="1" /> score parts (large)
              </label>
            </fieldset>
          )}
          <fieldset className="filters">
            <legend>Which pairs</legend>
            <label>
              <input type="checkbox" name="confirmedOnly" value="1" /> reviewed pairs only {keeps("confirmedOnly", true)}
            </label>
            <label>
              min. score <input type="number" name="minScore" min={0} max={100} step={1} placeholder="0" /> {keeps("minScore", !!fields.minScore)}
            </label>
            <label>
              min. confidence <input type="number" name="minConfidence" min={0} max={100} step={1} placeholder="0" aria-label="min. confidence (%)" /> %{" "}
              {keeps("minConfidence", !!fields.minConfidence)}
            </label>
            <label>
              <input type="checkbox" name="dropOpenMajorFlags" value="1" /> leave out pairs with open major/critical flags {keeps("dropOpenMajorFlags", true)}
            </label>
            {format !== "moses" && (
              <label>
                <input type="checkbox" name="includeGaps" value="1" defaultChecked={false} /> include gaps
                {format === "intertext" ? <span className="muted"> (InterText always keeps them)</span> : null}
              </label>
            )}
          </fieldset>
          <p className="total" role="status" aria-label="Pairs in the export" aria-busy={counting} data-testid="export-total">
            {counts ? (
              <>
                The export will hold <strong>{n(counts.kept)}</strong> of {n(counts.all)} pairs.
              </>
            ) : (
              "Counting the pairs…"
            )}
          </p>
          <div className="row end">
            <label title={Number.isFinite(jobThreshold) ? `Exports of more than ${jobThreshold.toLocaleString("en")} pairs always run in the background` : undefined}>
              <input type="checkbox" name="asJob" value="1" /> as a background job
            </label>
            <button type="submit" disabled={!!active}>
              Download
            </button>
          </div>
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
      </dialog>
    </>
  );
}

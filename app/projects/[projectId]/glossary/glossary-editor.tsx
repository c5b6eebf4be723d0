"use client";
// Add / delete glossary terms and upload a TSV; shows the TSV's line-numbered problems and
// what the re-run of the automatic checks found.
import { useRef, useState } from "react";
import type { GlossaryTermView, RecheckSummary } from "@/lib/db/glossary";
import type { GlossaryBody } from "@/lib/projects/schema";
import s from "./glossary.module.css";
import { plural, pluralNoun } from "@/lib/text/plural";

interface Problem {
  line: number;
  message: string;
}

type Answer = { terms: GlossaryTermView[]; checks: RecheckSummary; added?: number; skipped?: number; removed?: number };

async function call(url: string, init: Omit<RequestInit, "body"> & { body?: GlossaryBody }): Promise<Answer> {
  const body = init.body && JSON.stringify(init.body);
  const res = await fetch(url, { ...init, body, cache: "no-store", headers: body ? { "content-type": "application/json" } : undefined });
  const data = (await res.json().catch(() => ({}))) as Answer & { error?: string; problems?: Problem[] };
  if (!res.ok) throw Object.assign(new Error(data.error ?? `Request failed (${res.status})`), { problems: data.problems ?? [] });
  return data;
}

function checksText(c: RecheckSummary): string {
  const created = c.checked.reduce((a, b) => a + b.created, 0);
  const removed = c.checked.reduce((a, b) => a + b.removed, 0);
  const parts = [
    c.checked.length
      ? `Checks re-run on ${plural(c.checked.length, "document pair")}: ${plural(created, "new finding")}, ${removed} gone.`
      : "",
    c.deferred.length
      ? `${c.deferred.map((d) => `“${d.title}” (${plural(d.sentences, "sentence")})`).join(", ")} ${pluralNoun(c.deferred.length, "is", "are")} too large to re-check here; re-align to refresh their findings.`
      : "",
  ];
  return parts.filter(Boolean).join(" ");
}

export function GlossaryEditor({
  projectId,
  initialTerms,
  canEdit,
}: {
  projectId: number;
  initialTerms: GlossaryTermView[];
  /** viewers see the terms and download them, without the forms */
  canEdit: boolean;
}) {
  const base = `/api/projects/${projectId}/glossary`;
  const [terms, setTerms] = useState(initialTerms);
  const [en, setEn] = useState("");
  const [zh, setZh] = useState("");
  const [note, setNote] = useState("");
  const [tsv, setTsv] = useState("");
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string; problems?: Problem[] } | null>(null);
  const enInput = useRef<HTMLInputElement>(null);

  const run = async (what: () => Promise<Answer>, done: (a: Answer) => string) => {
    setBusy(true);
    setMessage(null);
    try {
      const a = await what();
      setTerms(a.terms);
      setMessage({ kind: "ok", text: `${done(a)} ${checksText(a.checks)}` });
      return true;
    } catch (e) {
      const err = e as Error & { problems?: Problem[] };
      setMessage({ kind: "error", text: err.message, problems: err.problems });
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={s.layout}>
      <section className={`card ${s.panel}`} aria-label="Terms">
        <h2>
          Terms <span className="muted">({terms.length})</span>
        </h2>
        {canEdit && (
          <form
            className={s.addForm}
            aria-label="Add a term"
            onSubmit={async (e) => {
              e.preventDefault();
              const ok = await run(
                () => call(base, { method: "POST", body: { en, zh, note } }),
                () => `Added ${en.trim()} = ${zh.trim()}.`,
              );
              if (ok) {
                setEn("");
                setZh("");
                setNote("");
                enInput.current?.focus();
              }
            }}
          >
            <label>
              English
              <input ref={enInput} value={en} onChange={(e) => setEn(e.target.value)} placeholder="Red Flag|Hongqi" maxLength={200} required />
            </label>
            <label>
              Chinese
              <input value={zh} onChange={(e) => setZh(e.target.value)} placeholder="红旗" maxLength={200} lang="zh-Hans" required />
            </label>
            <label>
              Note
              <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="optional" maxLength={200} />
            </label>
            <button type="submit" disabled={busy}>
              Add term
            </button>
          </form>
        )}

        {message && (
          <div className={`${s.message} ${message.kind === "error" ? s.error : s.ok}`} role={message.kind === "error" ? "alert" : "status"}>
            <p>{message.text}</p>
            {message.problems && message.problems.length > 0 && (
              <ul className={s.problems} aria-label="Problems in the file">
                {message.problems.map((p) => (
                  <li key={`${p.line}-${p.message}`}>
                    <strong>line {p.line}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}

        {terms.length === 0 ? (
          <p className="empty">{canEdit ? "No terms yet: add one above or upload a TSV." : "No terms yet."}</p>
        ) : (
          <table className={s.terms}>
            <thead>
              <tr>
                <th>English</th>
                <th>Chinese</th>
                <th>Note</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {terms.map((t) => (
                <tr key={t.id} data-term-id={t.id}>
                  <td>{t.en.split("|").join(" | ")}</td>
                  <td lang="zh-Hans" className={s.zh}>
                    {t.zh.split("|").join(" | ")}
                  </td>
                  <td className="muted">{t.note}</td>
                  <td>
                    {canEdit && (
                      <button
                        type="button"
                        className={s.delete}
                        disabled={busy}
                        aria-label={`Delete ${t.en} = ${t.zh}`}
                        onClick={() => void run(() => call(`${base}/${t.id}`, { method: "DELETE" }), () => `Deleted ${t.en} = ${t.zh}.`)}
                      >
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {!canEdit ? (
        <section className={`card ${s.panel}`} aria-label="Download the glossary">
          <h2>Download</h2>
          <p className="muted">Read-only: viewers can read and download the glossary; editors change it.</p>
          <a href={`${base}?format=tsv`} className={s.download}>
            Download the glossary (TSV)
          </a>
        </section>
      ) : (
        <section className={`card ${s.panel}`} aria-label="Upload a TSV">
          <h2>Upload a TSV</h2>
          <p className="muted">
            One term per line: <code>English⇥Chinese⇥note</code> (the note is optional). Lines starting with <code>#</code> and an{" "}
            <code>en⇥zh</code> header are ignored. A file with a bad line stores nothing; every bad line is listed with its number.
          </p>
          <form
            className={s.upload}
            aria-label="Glossary file"
            onSubmit={async (e) => {
              e.preventDefault();
              const ok = await run(
                () => call(base, { method: "POST", body: { tsv, replace } }),
                (a) => `${plural(a.added ?? 0, "term")} added${a.skipped ? `, ${a.skipped} already there` : ""}${a.removed ? `, ${a.removed} replaced` : ""}.`,
              );
              if (ok) setTsv("");
            }}
          >
            <label>
              File
              <input
                type="file"
                accept=".tsv,.txt,text/tab-separated-values,text/plain"
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  if (f) setTsv(await f.text());
                }}
              />
            </label>
            <label>
              or paste
              <textarea value={tsv} onChange={(e) => setTsv(e.target.value)} rows={7} placeholder={"en\tzh\tnote\nRed Flag\t红旗\tthe brand"} />
            </label>
            <div className={s.uploadButtons}>
              <label className={s.inline}>
                <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> replace the glossary
              </label>
              <button type="submit" disabled={busy || !tsv.trim()}>
                Upload
              </button>
              <a href={`${base}?format=tsv`} className={s.download}>
                Download the glossary (TSV)
              </a>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}

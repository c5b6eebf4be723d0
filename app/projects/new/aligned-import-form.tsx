"use client";
// Import an alignment made elsewhere (InterText, TMX, TSV, JSONL, Moses) for review. The server
// checks the file and answers 202 with the import job; the document pair's page shows the
// job's progress (with Cancel) and opens the review once the pairs are stored.
import { useRouter } from "next/navigation";
import { useState } from "react";

export function AlignedImportForm({ projectId }: { projectId?: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(form: HTMLFormElement) {
    setBusy(true);
    setError(null);
    const res = await fetch("/api/import/aligned", { method: "POST", body: new FormData(form) });
    const body = await res.json().catch(() => ({ error: `The server answered ${res.status}` }));
    if (!res.ok) {
      setBusy(false);
      return setError(body.error ?? `Import failed (${res.status})`);
    }
    // 202: stays busy while the page of the staged document pair loads
    router.push(`/projects/${body.projectId}/bitexts/${body.bitextId}`);
  }

  return (
    <form
      className="card aligned-import"
      aria-label="Import an existing alignment"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <strong>Or import an existing alignment</strong>
      <span className="muted">TMX, TSV, JSONL, a Moses or InterText zip, or the three InterText XML files</span>
      <div className="import-meta">
        {projectId ? (
          <input type="hidden" name="projectId" value={projectId} />
        ) : (
          <label>
            Project name <input name="projectName" required maxLength={120} />
          </label>
        )}
        <label>
          Title <input name="title" required maxLength={200} />
        </label>
        <label>
          Files <input type="file" name="files" multiple accept=".tmx,.tsv,.txt,.jsonl,.zip,.xml" aria-label="Alignment files" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Import alignment"}
        </button>
      </div>
      {error && (
        <div className="note error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

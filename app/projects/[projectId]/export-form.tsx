import { EXPORT_FORMATS } from "@/lib/formats";

/** A plain GET form: the browser downloads the streamed file, no script needed. */
export function ExportForm({ projectId, bitexts }: { projectId: number; bitexts: { id: number; title: string }[] }) {
  return (
    <form className="card export-form" method="get" action={`/api/projects/${projectId}/export`} aria-label="Export">
      <strong>Export the corrected corpus</strong>
      <label>
        Format{" "}
        <select name="format" defaultValue="tmx">
          {Object.entries(EXPORT_FORMATS).map(([key, f]) => (
            <option key={key} value={key}>
              {f.label}
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
      <button type="submit">Download</button>
    </form>
  );
}

"use client";
// The MQM core typology as a grouped <select>, with no default: the editor must choose (issue 14:
// a flag saved without a category used to become mistranslation/major silently).
import { FLAG_SEVERITIES, MQM_CATEGORIES } from "@/lib/db/vocabulary";

const DIMENSIONS = MQM_CATEGORIES.filter((c) => !c.includes("/"));

export function MqmCategorySelect({ value, onChange, id, ref }: { value: string; onChange: (v: string) => void; id?: string; ref?: React.Ref<HTMLSelectElement> }) {
  // a legacy category being edited stays choosable
  const legacy = value && !(MQM_CATEGORIES as readonly string[]).includes(value) ? value : null;
  return (
    <select ref={ref} id={id} required value={value} onChange={(e) => onChange(e.target.value)} aria-label="MQM category">
      <option value="" disabled>
        choose a category…
      </option>
      {legacy && <option value={legacy}>{legacy} (old category)</option>}
      {DIMENSIONS.map((d) => (
        <optgroup key={d} label={d}>
          {MQM_CATEGORIES.filter((c) => c === d || c.startsWith(`${d}/`)).map((c) => (
            <option key={c} value={c}>
              {c === d ? `${d} (general)` : c.slice(d.length + 1)}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

export function SeveritySelect({ value, onChange, id }: { value: string; onChange: (v: string) => void; id?: string }) {
  return (
    <select id={id} required value={value} onChange={(e) => onChange(e.target.value)} aria-label="Severity">
      <option value="" disabled>
        choose a severity…
      </option>
      {FLAG_SEVERITIES.map((s) => (
        <option key={s}>{s}</option>
      ))}
    </select>
  );
}

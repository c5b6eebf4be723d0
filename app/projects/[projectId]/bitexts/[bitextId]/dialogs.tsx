"use client";
// The two small dialogs of the workspace: the `?` map of every key (read from the key table),
// and "go to pair #" (g).
import { useRef, useState } from "react";
import { KEY_TABLE, type KeyBinding } from "./keys";
import { useFocusTrap } from "./use-focus-trap";
import s from "./review.module.css";

export function ShortcutsDialog({ canEdit, onClose }: { canEdit: boolean; onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box);
  const groups = new Map<string, KeyBinding[]>();
  for (const b of KEY_TABLE) if (canEdit || !b.edits) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
  return (
    <div className={s.overlay} role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className={s.helpBox} ref={box} onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className={s.helpGroups}>
          {[...groups].map(([group, list]) => (
            <table key={group} data-testid={`keys-${group}`}>
              <caption>{group}</caption>
              <tbody>
                {list.map((b) => (
                  <tr key={b.action} data-action={b.action}>
                    <td>
                      <kbd>{b.label}</kbd>
                    </td>
                    <td>{b.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
        <p className="muted">Shortcuts never fire while you type in a field. Press Esc or ? to close.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

/** "Go to pair #": a number in reading order; `go` answers an error to show, or null when done. */
export function GotoDialog({ max, go, onClose }: { max: number; go: (input: string) => string | null; onClose: () => void }) {
  const box = useRef<HTMLFormElement>(null);
  useFocusTrap(box);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <div className={s.overlay} onClick={onClose}>
      <form
        ref={box}
        className={s.helpBox}
        role="dialog"
        aria-modal="true"
        aria-label="Go to pair"
        noValidate
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
        onSubmit={(e) => {
          e.preventDefault();
          const problem = go(value);
          if (problem) setError(problem);
          else onClose();
        }}
      >
        <label>
          Go to pair # <span className="muted">(1–{max.toLocaleString("en")})</span>{" "}
          <input type="number" min={1} max={max} value={value} onChange={(e) => setValue(e.target.value)} aria-label="Pair number" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className={s.formButtons}>
          <button type="submit" className={s.primary}>
            Go
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

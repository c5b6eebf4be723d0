"use client";
// The review page's keyboard: one window listener that looks the key up in the key table
// (keys.ts) and runs the handler of its action. Never while typing in a field; viewers get no
// key that changes something; while the `?` map is open only Esc and ? (close it) work.
import { useEffect, useRef } from "react";
import { bindingFor } from "./keys";

export type KeyHandlers = Partial<Record<string, () => void>>;

const typing = (t: EventTarget | null) => {
  const el = t as HTMLElement | null;
  return !!el && (!!el.closest?.("input, textarea, select, [contenteditable='true']") || el.isContentEditable);
};

export function useReviewKeys(handlers: KeyHandlers, opts: { canEdit: boolean; helpOpen: boolean; closeHelp: () => void }) {
  const current = useRef({ handlers, opts });
  useEffect(() => {
    current.current = { handlers, opts };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typing(e.target)) return;
      const { handlers: h, opts: o } = current.current;
      const b = bindingFor(e);
      if (o.helpOpen) {
        if (b?.action === "escape" || b?.action === "help") {
          e.preventDefault();
          o.closeHelp();
        }
        return;
      }
      const run = b && (!b.edits || o.canEdit) ? h[b.action] : undefined;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

"use client";
// One button that runs a server action of the administration page (grant or take the
// administrator role, revoke an invitation), with the refusal shown next to it.
import { useActionState } from "react";
import type { ActionState } from "@/app/action-kit";

export function ActionButton({
  action,
  label,
  ariaLabel,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  label: string;
  ariaLabel: string;
}) {
  const [state, run, pending] = useActionState(action, { error: null });
  return (
    <form action={run}>
      <button type="submit" className="secondary" disabled={pending} aria-label={ariaLabel}>
        {label}
      </button>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </form>
  );
}

"use client";
// Revokes one pending invitation, with a refusal shown next to the button.
import { useActionState } from "react";
import type { ActionState } from "@/app/action-kit";

export function RevokeButton({ action, email }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; email: string }) {
  const [state, run, pending] = useActionState(action, { error: null });
  return (
    <form action={run}>
      <button type="submit" className="secondary" disabled={pending} aria-label={`Revoke the invitation of ${email}`}>
        Revoke
      </button>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </form>
  );
}

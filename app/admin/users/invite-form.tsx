"use client";
import { useActionState } from "react";
import type { InviteState } from "./actions";

export function InviteForm({ action, days }: { action: (prev: InviteState, form: FormData) => Promise<InviteState>; days: number }) {
  const [state, run, pending] = useActionState(action, { error: null, link: null, email: null });
  return (
    <form action={run} className="card inline-form" aria-label="Invite someone">
      <label>
        Email
        <input name="email" type="email" required placeholder="name@example.org" />
      </label>
      <button type="submit" disabled={pending}>
        Create an invitation link
      </button>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      {state.link && (
        <p className="form-ok" role="status">
          Send this link to {state.email} (it works once, for {days} days; it is not shown again):{" "}
          <code data-testid="invitation-link">{state.link}</code>
        </p>
      )}
    </form>
  );
}

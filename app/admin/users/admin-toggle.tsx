"use client";
// The administrator role of one account: a button to grant or take it, with the refusal
// (say, for the last administrator) shown next to it.
import { useActionState } from "react";
import type { AdminState } from "./actions";

export function AdminToggle({
  action,
  isAdmin,
  name,
}: {
  action: (prev: AdminState, form: FormData) => Promise<AdminState>;
  isAdmin: boolean;
  name: string;
}) {
  const [state, run, pending] = useActionState(action, { error: null });
  return (
    <form action={run}>
      <button type="submit" className="secondary" disabled={pending} aria-label={isAdmin ? `Remove ${name} as administrator` : `Make ${name} an administrator`}>
        {isAdmin ? "Remove as administrator" : "Make administrator"}
      </button>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </form>
  );
}

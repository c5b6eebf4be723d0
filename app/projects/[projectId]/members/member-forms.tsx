"use client";
// The owners' controls on the members page (server actions in ./actions.ts).
import { useActionState } from "react";
import type { MemberFormState } from "./actions";

type Action = (prev: MemberFormState, form: FormData) => Promise<MemberFormState>;
const START: MemberFormState = { error: null, ok: null };
const ROLES = ["viewer", "editor", "owner"] as const;

function Message({ state }: { state: MemberFormState }) {
  if (state.error) return <span className="error" role="alert">{state.error}</span>;
  if (state.ok) return <span className="muted" role="status">{state.ok}</span>;
  return null;
}

export function AddMemberForm({ action }: { action: Action }) {
  const [state, run, pending] = useActionState(action, START);
  return (
    <form action={run} className="card inline-form" aria-label="Add a member">
      <label>
        Email of an existing account
        <input name="email" type="email" required placeholder="name@example.org" />
      </label>
      <label>
        Role
        <select name="role" defaultValue="editor">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={pending}>
        Add member
      </button>
      <Message state={state} />
    </form>
  );
}

export function MemberControls({ name, role, change, remove }: { name: string; role: string; change: Action; remove: Action }) {
  const [changed, runChange, changing] = useActionState(change, START);
  const [removed, runRemove, removing] = useActionState(remove, START);
  return (
    <>
      <form action={runChange} aria-label={`Role of ${name}`}>
        <select name="role" defaultValue={role} aria-label={`Role of ${name}`}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={changing}>
          Change
        </button>
      </form>{" "}
      <form action={runRemove}>
        <button type="submit" className="secondary" disabled={removing} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </form>{" "}
      <Message state={changed.error || changed.ok ? changed : removed} />
    </>
  );
}

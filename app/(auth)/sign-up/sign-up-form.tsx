"use client";
import { useState } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/limits";
import { postAuth } from "../auth-client";

export function SignUpForm({ inviteToken, email, first }: { inviteToken: string | null; email: string | null; first: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="auth-form"
      aria-label={first ? "Create the first account" : "Create your account"}
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const password = String(data.get("password") ?? "");
        if (password !== String(data.get("confirm") ?? "")) {
          setError("The two passwords differ");
          return;
        }
        setBusy(true);
        setError(null);
        const r = await postAuth("/sign-up/email", {
          name: String(data.get("name") ?? ""),
          email: email ?? String(data.get("email") ?? ""),
          password,
          ...(inviteToken ? { inviteToken } : {}),
        });
        if (r.ok) {
          window.location.assign("/");
          return;
        }
        setBusy(false);
        setError(r.message);
      }}
    >
      <label>
        Your name <span className="hint">(shown with every change you make)</span>
        <input name="name" autoComplete="name" required maxLength={60} autoFocus />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required defaultValue={email ?? undefined} readOnly={email !== null} />
      </label>
      <label>
        Password <span className="hint">(at least {MIN_PASSWORD_LENGTH} characters)</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={128} />
      </label>
      <label>
        Password again
        <input name="confirm" type="password" autoComplete="new-password" required />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Creating the account…" : first ? "Create the administrator account" : "Create my account"}
      </button>
    </form>
  );
}

"use client";
import { useState } from "react";
import { postAuth } from "../auth-client";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="auth-form"
      aria-label="Sign in"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        const r = await postAuth("/sign-in/email", { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? ""), rememberMe: true });
        if (r.ok) {
          // a full load, so that every server component sees the new session cookie
          window.location.assign(next);
          return;
        }
        setBusy(false);
        setError(r.message);
      }}
    >
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

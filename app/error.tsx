"use client";
// Our own error page: Next.js's built-in one carries an inline <style> element without the CSP
// nonce, which the policy in proxy.ts blocks (and reports as a violation).
import Link from "next/link";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <div className="card empty">
        <p>The page could not be shown because of an error on the server{error.digest ? ` (reference ${error.digest})` : ""}.</p>
        <div className="page-actions" style={{ justifyContent: "center" }}>
          <button type="button" className="button" onClick={() => reset()}>
            Try again
          </button>
          <Link href="/" className="button secondary">
            All projects
          </Link>
        </div>
      </div>
    </>
  );
}

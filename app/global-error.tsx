"use client";
// Replaces the root layout when the layout itself fails. Next.js's built-in version carries an
// inline <style> element without the CSP nonce; style attributes are allowed (style-src-attr).
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "64px auto", maxWidth: 640, color: "#1d1d1f" }}>
        <h1>Parallax could not show this page</h1>
        <p>An error occurred on the server{error.digest ? ` (reference ${error.digest})` : ""}.</p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
      </body>
    </html>
  );
}

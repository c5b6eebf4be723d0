import type { Metadata } from "next";
import Link from "next/link";
import { signOut } from "./(auth)/actions";
import { getSessionUser } from "@/lib/auth/session";
import "./globals.css";

// Every page renders per request: the CSP nonce (proxy.ts) is only put on the scripts of a
// page rendered for that request, so a page prerendered at build time would not hydrate.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Parallax",
  description: "Align and review English–Chinese translations",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Para<span>llax</span>
          </Link>
          <span className="tagline">English–Chinese alignment and translation review</span>
          {user && (
            <nav className="account" aria-label="Account">
              <span className="who">
                Signed in as <strong data-testid="signed-in-as">{user.name}</strong>
              </span>
              {user.isAdmin && <Link href="/admin/users">Admin</Link>}
              <form action={signOut}>
                <button type="submit">Sign out</button>
              </form>
            </nav>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}

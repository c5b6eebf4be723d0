import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Parallax",
  description: "Align and review English–Chinese translations",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Para<span>llax</span>
          </Link>
          <span className="tagline">English–Chinese alignment and translation review</span>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}

// Our own 404 page: Next.js's built-in one carries an inline <style> element without the CSP
// nonce, which the policy in proxy.ts blocks (and reports as a violation).
import Link from "next/link";

export const metadata = { title: "Not found · Parallax" };

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <div className="card empty">
        <p>There is nothing at this address: the project or document pair may have been deleted, or the link is wrong.</p>
        <Link href="/" className="button">
          All projects
        </Link>
      </div>
    </>
  );
}

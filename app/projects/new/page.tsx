import Link from "next/link";
import { AlignedImportForm } from "./aligned-import-form";
import { ImportForm } from "./import-form";
import { pageUser } from "@/lib/auth/session";

export const metadata = { title: "New project · Parallax" };

export const dynamic = "force-dynamic";

export default async function NewProjectPage() {
  // anyone signed in may create a project, and becomes its owner
  await pageUser("/projects/new");
  return (
    <>
      <p className="muted">
        <Link href="/">Projects</Link> /
      </p>
      <h1>New project</h1>
      <p className="muted">Paste or upload an English text and its Chinese counterpart. Parallax splits and aligns them in the background.</p>
      <ImportForm />
      <AlignedImportForm />
    </>
  );
}

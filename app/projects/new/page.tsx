import Link from "next/link";
import { AlignedImportForm } from "./aligned-import-form";
import { ImportForm } from "./import-form";

export const metadata = { title: "New project · Parallax" };

export default function NewProjectPage() {
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

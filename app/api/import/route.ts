// POST /api/import: two texts (pasted or uploaded) become a document pair whose
// alignment runs as a background job. Returns at once with the job to poll.
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { ImportConflictError, importDocumentPair, importRequestSchema } from "@/lib/db/import";
import { errorResponse } from "@/app/api/pairs/shared";
import { requireProjectRole, requireUser, type SessionUser } from "@/lib/auth/session";
import {
  checkPair,
  extractPasted,
  extractText,
  importErrorStatus,
  isImportError,
  MAX_TEXT_CHARS,
  parseUploadForm,
  readFormBody,
  type ExtractedText,
  type UploadForm,
} from "@/lib/import";

export const runtime = "nodejs";

const LANG_LABEL = { en: "The English text", zh: "The Chinese text" } as const;

// Pasted text is checked against MAX_TEXT_CHARS after normalisation (extractPasted); the raw
// field may be longer (HTML markup, CRLF), up to extractPasted's own early cut-off.
const PASTE_MAX = MAX_TEXT_CHARS * 4;
const FORM_SPEC = {
  text: {
    projectId: { label: "projectId", maxChars: 20 },
    projectName: { label: "The project name", maxChars: 1000 },
    title: { label: "The title", maxChars: 1000 },
    mode: { label: "mode", maxChars: 20 },
    swap: { label: "swap", maxChars: 1 },
    enText: { label: "The English text", maxChars: PASTE_MAX },
    zhText: { label: "The Chinese text", maxChars: PASTE_MAX },
  },
  files: { enFile: { label: "The English file", max: 1 }, zhFile: { label: "The Chinese file", max: 1 } },
  maxFiles: 2,
};
type ImportForm = UploadForm<keyof typeof FORM_SPEC.text, keyof typeof FORM_SPEC.files>;

async function readSide(form: ImportForm, lang: "en" | "zh"): Promise<{ extracted: ExtractedText; sourceName: string | null } | null> {
  const [file] = form.files[`${lang}File`];
  if (file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { extracted: await extractText(bytes, file.name, file.type), sourceName: file.name };
  }
  const text = form.text[`${lang}Text`];
  if (text !== undefined) return { extracted: extractPasted(text, { label: LANG_LABEL[lang] }), sourceName: null };
  return null;
}

function bad(status: number, error: string, extra: object = {}) {
  return NextResponse.json({ error, ...extra }, { status });
}

export async function POST(req: Request) {
  // Signed-in users only, checked before the body is read. A new project makes its creator
  // its owner; adding to an existing project needs the editor role there.
  let user: SessionUser;
  try {
    user = await requireUser();
  } catch (err) {
    return errorResponse(err);
  }
  let form: ImportForm;
  try {
    // Size limits and field types are checked before any file is read or decoded.
    form = parseUploadForm(await readFormBody(req, { what: "the texts" }), FORM_SPEC);
  } catch (err) {
    if (isImportError(err)) return bad(importErrorStatus(err.code), err.message, { code: err.code });
    throw err;
  }
  const parsed = importRequestSchema.safeParse({
    projectId: form.text.projectId,
    projectName: form.text.projectName,
    title: form.text.title ?? "",
    mode: form.text.mode,
  });
  if (!parsed.success) return bad(400, parsed.error.issues[0]?.message ?? "Invalid request");
  if (parsed.data.projectId !== undefined) {
    try {
      await requireProjectRole(parsed.data.projectId, "editor", user);
    } catch (err) {
      return errorResponse(err);
    }
  }

  let en, zh;
  try {
    en = await readSide(form, "en");
    zh = await readSide(form, "zh");
  } catch (err) {
    if (isImportError(err)) return bad(importErrorStatus(err.code), err.message, { code: err.code });
    throw err;
  }
  if (!en) return bad(400, "Paste or upload the English text");
  if (!zh) return bad(400, "Paste or upload the Chinese text");

  if (form.text.swap === "1") [en, zh] = [zh, en];
  const check = checkPair(en.extracted.text, zh.extracted.text);
  if (check.swapped) return bad(422, check.errors[0] ?? "The two texts look swapped", { code: "swapped" });
  if (!check.ok) return bad(400, check.errors.join(" "), { code: "pair" });

  const db = getDb();
  const actor = { id: user.id };
  try {
    const result = await importDocumentPair(
      db,
      parsed.data,
      { en: { text: en.extracted.text, sourceName: en.sourceName }, zh: { text: zh.extracted.text, sourceName: zh.sourceName } },
      actor.id,
    );
    const warnings = [...en.extracted.warnings, ...zh.extracted.warnings, ...check.warnings];
    return NextResponse.json({ ...result, warnings }, { status: 202 });
  } catch (err) {
    if (err instanceof ImportConflictError) return bad(409, err.message);
    throw err;
  }
}

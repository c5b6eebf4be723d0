// POST /api/import: two texts (pasted or uploaded) become a document pair whose
// alignment runs as a background job. Returns at once with the job to poll.
import { importDocumentPair, importRequestSchema } from "@/lib/db/import";
import { requireProjectRole } from "@/lib/auth/session";
import {
  checkPair,
  extractPasted,
  extractText,
  MAX_TEXT_CHARS,
  parseUploadForm,
  readFormBody,
  type ExtractedText,
  type UploadForm,
} from "@/lib/import";
import { fail, json, route } from "@/app/api/route-kit";

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

export const POST = route({ scope: "user" }, async ({ req, db, access: { user } }) => {
  // Signed-in users only, checked before the body is read; size limits and field types are
  // checked before any file is read or decoded. A new project makes its creator its owner;
  // adding to an existing project needs the editor role there.
  const form = parseUploadForm(await readFormBody(req, { what: "the texts" }), FORM_SPEC);
  const parsed = importRequestSchema.safeParse({
    projectId: form.text.projectId,
    projectName: form.text.projectName,
    title: form.text.title ?? "",
    mode: form.text.mode,
  });
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "Invalid request");
  if (parsed.data.projectId !== undefined) await requireProjectRole(parsed.data.projectId, "editor", user);

  let en = await readSide(form, "en");
  let zh = await readSide(form, "zh");
  if (!en) return fail(400, "Paste or upload the English text");
  if (!zh) return fail(400, "Paste or upload the Chinese text");

  if (form.text.swap === "1") [en, zh] = [zh, en];
  const check = checkPair(en.extracted.text, zh.extracted.text);
  if (check.swapped) return fail(422, check.errors[0] ?? "The two texts look swapped", { code: "swapped" });
  if (!check.ok) return fail(400, check.errors.join(" "), { code: "pair" });

  const result = await importDocumentPair(
    db,
    parsed.data,
    { en: { text: en.extracted.text, sourceName: en.sourceName }, zh: { text: zh.extracted.text, sourceName: zh.sourceName } },
    user.id,
  );
  const warnings = [...en.extracted.warnings, ...zh.extracted.warnings, ...check.warnings];
  return json({ ...result, warnings }, 202);
});

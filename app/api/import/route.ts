// POST /api/import: two texts (pasted or uploaded) become a document pair whose
// alignment runs as a background job. Returns at once with the job to poll.
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { ImportConflictError, importDocumentPair, importRequestSchema } from "@/lib/db/import";
import { optionalActor } from "@/app/api/pairs/shared";
import { checkPair, extractPasted, extractText, isImportError, type ExtractedText } from "@/lib/import";

export const runtime = "nodejs";

const LANG_LABEL = { en: "The English text", zh: "The Chinese text" } as const;

async function readSide(form: FormData, lang: "en" | "zh"): Promise<{ extracted: ExtractedText; sourceName: string | null } | null> {
  const file = form.get(`${lang}File`);
  if (file instanceof File && file.size > 0) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { extracted: await extractText(bytes, file.name, file.type), sourceName: file.name };
  }
  const text = form.get(`${lang}Text`);
  if (typeof text === "string" && text.trim()) return { extracted: extractPasted(text, { label: LANG_LABEL[lang] }), sourceName: null };
  return null;
}

function bad(status: number, error: string, extra: object = {}) {
  return NextResponse.json({ error, ...extra }, { status });
}

export async function POST(req: Request) {
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return bad(400, "Send the texts as a form (multipart/form-data)");
  }
  const parsed = importRequestSchema.safeParse({
    projectId: form.get("projectId") || undefined,
    projectName: form.get("projectName") || undefined,
    title: form.get("title") ?? "",
    mode: form.get("mode") || undefined,
  });
  if (!parsed.success) return bad(400, parsed.error.issues[0]?.message ?? "Invalid request");

  let en, zh;
  try {
    en = await readSide(form, "en");
    zh = await readSide(form, "zh");
  } catch (err) {
    if (isImportError(err)) return bad(400, err.message, { code: err.code });
    throw err;
  }
  if (!en) return bad(400, "Paste or upload the English text");
  if (!zh) return bad(400, "Paste or upload the Chinese text");

  if (form.get("swap") === "1") [en, zh] = [zh, en];
  const check = checkPair(en.extracted.text, zh.extracted.text);
  if (check.swapped) return bad(422, check.errors[0] ?? "The two texts look swapped", { code: "swapped" });
  if (!check.ok) return bad(400, check.errors.join(" "), { code: "pair" });

  const db = getDb();
  const actor = await optionalActor();
  try {
    const result = await importDocumentPair(
      db,
      parsed.data,
      { en: { text: en.extracted.text, sourceName: en.sourceName }, zh: { text: zh.extracted.text, sourceName: zh.sourceName } },
      actor?.id ?? null,
    );
    const warnings = [...en.extracted.warnings, ...zh.extracted.warnings, ...check.warnings];
    return NextResponse.json({ ...result, warnings }, { status: 202 });
  } catch (err) {
    if (err instanceof ImportConflictError) return bad(409, err.message);
    throw err;
  }
}

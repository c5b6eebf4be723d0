"use server";
// The editor's name (until accounts exist): validated, its user created, kept in a cookie.
import { cookies } from "next/headers";
import { EDITOR_COOKIE } from "@/app/api/pairs/shared";
import { getDb } from "@/lib/db/client";
import { editorNameSchema, getOrCreateEditor } from "@/lib/db/users";

export async function setEditorName(raw: string): Promise<{ ok: true; name: string } | { ok: false; error: string }> {
  const parsed = editorNameSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Enter your name" };
  const user = await getOrCreateEditor(getDb(), parsed.data);
  (await cookies()).set(EDITOR_COOKIE, encodeURIComponent(user.name), {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
    httpOnly: false,
  });
  return { ok: true, name: user.name };
}

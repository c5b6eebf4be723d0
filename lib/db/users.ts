// Editors until accounts arrive: a display name chosen in the browser (kept in a cookie)
// maps to a User row, so every change is attributed. Accounts replace this later.
import { z } from "zod";
import type { Db } from "./client";

export const editorNameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(60, "Names are at most 60 characters")
  .regex(/^[\p{L}\p{N} .'_-]+$/u, "Use letters, digits, spaces, . ' _ or -");

function localEmail(name: string) {
  return `${name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ".")}@local`;
}

/** The user for an editor name, created on first use. */
export async function getOrCreateEditor(db: Db, rawName: string) {
  const name = editorNameSchema.parse(rawName);
  const email = localEmail(name);
  return db.user.upsert({ where: { email }, update: {}, create: { email, name } });
}

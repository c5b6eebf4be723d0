// String enumerations stored in the database (portable: no native enums), checked here.
import { z } from "zod";

export const LANGS = ["en", "zh"] as const;
export const ALIGN_MODES = ["auto", "parallel", "comparable"] as const;
export const BITEXT_STATUSES = ["pending", "aligning", "importing", "ready", "failed"] as const;
export const PAIR_ORIGINS = ["automatic", "manual"] as const;
export const PAIR_STATUSES = ["automatic", "confirmed", "flagged", "corrected"] as const;
export const MEMBER_ROLES = ["owner", "editor", "viewer"] as const;
export const FLAG_CATEGORIES = [
  "mistranslation",
  "omission",
  "addition",
  "untranslated",
  "terminology",
  "number",
  "name",
  "fluency",
  "style",
  "other",
] as const;
export const FLAG_SEVERITIES = ["minor", "major", "critical"] as const;
export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;

export const alignModeSchema = z.enum(ALIGN_MODES);
export type AlignMode = z.infer<typeof alignModeSchema>;
export type Lang = (typeof LANGS)[number];
export type PairStatus = (typeof PAIR_STATUSES)[number];

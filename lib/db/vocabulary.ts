// String enumerations stored in the database (portable: no native enums), checked here.
import { z } from "zod";

export const LANGS = ["en", "zh"] as const;
export const ALIGN_MODES = ["auto", "parallel", "comparable"] as const;
export const BITEXT_STATUSES = ["pending", "aligning", "importing", "ready", "failed"] as const;
export const PAIR_ORIGINS = ["automatic", "manual"] as const;
export const PAIR_STATUSES = ["automatic", "confirmed", "flagged", "corrected"] as const;
export const MEMBER_ROLES = ["owner", "editor", "viewer"] as const;
/**
 * The MQM core typology (MQM 2.0, themqm.org): a dimension ("accuracy") or one of its core
 * subtypes ("accuracy/mistranslation"). Editors' flags choose one of these; "linguistic" is MQM
 * 2.0's name for what MQM 1 called fluency. "other" keeps MQM's escape hatch.
 */
export const MQM_CATEGORIES = [
  "terminology",
  "terminology/wrong-term",
  "terminology/inconsistent",
  "accuracy",
  "accuracy/mistranslation",
  "accuracy/overtranslation",
  "accuracy/undertranslation",
  "accuracy/addition",
  "accuracy/omission",
  "accuracy/do-not-translate",
  "accuracy/untranslated",
  "linguistic",
  "linguistic/grammar",
  "linguistic/punctuation",
  "linguistic/spelling",
  "linguistic/unintelligible",
  "linguistic/character-encoding",
  "style",
  "style/awkward",
  "style/unidiomatic",
  "style/register",
  "style/inconsistent",
  "locale",
  "locale/number-format",
  "locale/date-time-format",
  "locale/currency-format",
  "locale/measurement-format",
  "locale/address-format",
  "audience",
  "audience/culture-specific",
  "audience/offensive",
  "design",
  "design/markup",
  "design/truncation",
  "design/missing-text",
  "other",
] as const;
export type MqmCategory = (typeof MQM_CATEGORIES)[number];

/**
 * Categories stored before the MQM typology (and still raised by the automatic checks, whose
 * findings keep their own names): each maps to its MQM core category for reports and exports.
 * number and name are MQM mistranslations (of a number, of an entity).
 */
export const LEGACY_CATEGORIES = {
  mistranslation: "accuracy/mistranslation",
  omission: "accuracy/omission",
  addition: "accuracy/addition",
  untranslated: "accuracy/untranslated",
  terminology: "terminology",
  number: "accuracy/mistranslation",
  name: "accuracy/mistranslation",
  fluency: "linguistic",
  style: "style",
  other: "other",
} as const satisfies Record<string, MqmCategory>;
type LegacyCategory = keyof typeof LEGACY_CATEGORIES;

/** Every category a stored flag may carry: the MQM ones and the legacy ones (still accepted). */
export const FLAG_CATEGORIES = [...new Set([...MQM_CATEGORIES, ...(Object.keys(LEGACY_CATEGORIES) as LegacyCategory[])])] as [
  MqmCategory | LegacyCategory,
  ...(MqmCategory | LegacyCategory)[],
];

/** The MQM core category of a stored one (legacy names mapped; unknown strings become "other"). */
export function mqmCategoryOf(stored: string): MqmCategory {
  if ((MQM_CATEGORIES as readonly string[]).includes(stored)) return stored as MqmCategory;
  return (LEGACY_CATEGORIES as Record<string, MqmCategory>)[stored] ?? "other";
}

/** MQM severities, mildest first; "neutral" marks a preference or a note (weight 0). */
export const FLAG_SEVERITIES = ["neutral", "minor", "major", "critical"] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];
/** MQM penalty points per error of each severity (the report states them). */
export const MQM_WEIGHTS: Record<FlagSeverity, number> = { neutral: 0, minor: 1, major: 5, critical: 25 };
export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;

export const alignModeSchema = z.enum(ALIGN_MODES);
export type AlignMode = z.infer<typeof alignModeSchema>;
export type Lang = (typeof LANGS)[number];
export type PairStatus = (typeof PAIR_STATUSES)[number];

// The review API's request and answer shapes, in one place: the route handlers validate with
// these schemas, the service layer takes their types, and the review page builds its request
// bodies from the same types. Plain zod: no Next.js, no Prisma.
import { z } from "zod";
import { FLAG_CATEGORIES, FLAG_SEVERITIES, LANGS, PAIR_STATUSES } from "../db/vocabulary";
import { EXPORT_FORMATS, type ExportFormat, type ExportOptions } from "../formats";

/** Database ids are 32-bit integers (PostgreSQL's integer): larger numbers are refused, not sent to the database. */
export const MAX_ID = 2 ** 31 - 1;
export const idSchema = z.number().int().positive().max(MAX_ID, "not an id");
/** A pair version as the client read it (see AlignmentPair.version). */
export const versionSchema = z.number().int().positive().max(MAX_ID, "not a version");
/** pairId -> the version the client read; JSON keys are strings, so both are accepted */
export const versionsSchema = z.record(z.string().regex(/^\d+$/, "keys must be pair ids"), versionSchema);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A string that is valid Unicode (JSON can carry half a surrogate pair; a database cannot store it). */
export const textSchema = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} can be at most ${max.toLocaleString("en")} characters`)
    .refine((t) => !LONE_SURROGATE.test(t), `${what} contains invalid Unicode (half of a surrogate pair)`);

/** Text of one sentence (line breaks are refused by the service: splitting is its own action). */
export const sentenceTextSchema = textSchema(20_000, "A sentence");

/**
 * One sentence's correction: its new text and the text the editor started from (`base`, the
 * sentence's current text as the client read it). A correction collides only with another
 * change of the same sentence's text since `base`.
 */
export const sentenceEditSchema = z.object({
  sentenceId: idSchema,
  text: sentenceTextSchema,
  base: sentenceTextSchema,
});
export type SentenceEdit = z.infer<typeof sentenceEditSchema>;

/**
 * A flag's category and severity must be chosen: no default anywhere (a flag saved without them
 * used to become mistranslation/major). Categories: the MQM core typology (MQM_CATEGORIES);
 * the legacy names stored before it are still accepted (mapped by mqmCategoryOf).
 */
export const flagFieldsSchema = {
  category: z.enum(FLAG_CATEGORIES, {
    error: (iss) => (iss.input === undefined || iss.input === "" ? "choose an MQM category" : `unknown category "${String(iss.input)}": choose an MQM core category`),
  }),
  severity: z.enum(FLAG_SEVERITIES, {
    error: (iss) => (iss.input === undefined || iss.input === "" ? "choose a severity (neutral, minor, major or critical)" : `unknown severity "${String(iss.input)}"`),
  }),
  note: textSchema(5000, "A note"),
};

/**
 * The text a flag is about: one sentence of the pair (its side and id), UTF-16 code-unit offsets
 * into its current text (end exclusive, never inside a surrogate pair) and the quoted text,
 * which must equal the sentence's text at those offsets (checked by the service).
 */
export const flagSpanSchema = z
  .object({
    side: z.enum(LANGS),
    sentenceId: idSchema,
    start: z.number().int().min(0),
    end: z.number().int().positive(),
    text: textSchema(20_000, "The quoted text").min(1, "the quoted text cannot be empty"),
  })
  .refine((s) => s.start < s.end, "span start must come before its end")
  .refine((s) => s.end - s.start === s.text.length, "the quoted text must be as long as the span");
export type FlagSpan = z.infer<typeof flagSpanSchema>;

/**
 * One review operation on a pair (POST /api/pairs/:pairId). `expectedVersion(s)` is the pair
 * version the client read: a change conflicts only when something it collides with changed
 * since (status with status, structure with structure; corrections compare texts, flags their
 * own versions).
 */
export const pairOpSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("status"), status: z.enum(PAIR_STATUSES), expectedVersion: versionSchema }),
  z.object({
    op: z.literal("flag.add"),
    category: flagFieldsSchema.category,
    severity: flagFieldsSchema.severity,
    note: flagFieldsSchema.note.default(""),
    /** a span-level flag: the text it is about */
    span: flagSpanSchema.optional(),
    expectedVersion: versionSchema.optional(),
  }),
  z.object({
    op: z.literal("flag.update"),
    flagId: idSchema,
    category: flagFieldsSchema.category.optional(),
    severity: flagFieldsSchema.severity.optional(),
    note: flagFieldsSchema.note.optional(),
    expectedVersion: versionSchema,
  }),
  z.object({ op: z.literal("flag.resolve"), flagId: idSchema, expectedVersion: versionSchema }),
  z.object({ op: z.literal("flag.reopen"), flagId: idSchema, expectedVersion: versionSchema }),
  z.object({
    op: z.literal("correct"),
    edits: z.array(sentenceEditSchema).min(1, "Give at least one sentence to correct").max(500),
    /** the editor saw another editor's text and chose to replace it (recorded in the history) */
    replaces: z.boolean().optional(),
    expectedVersion: versionSchema.optional(),
  }),
  z.object({
    op: z.literal("revert"),
    lang: z.enum(LANGS).optional(),
    /** only this sentence */
    sentenceId: idSchema.optional(),
    /** sentenceId -> its current text as the client read it: a later change of it conflicts */
    base: z.record(z.string().regex(/^\d+$/), sentenceTextSchema).optional(),
    expectedVersion: versionSchema.optional(),
  }),
  z.object({ op: z.literal("merge"), expectedVersions: versionsSchema }),
  z.object({ op: z.literal("split"), en: z.number().int().min(0), zh: z.number().int().min(0), expectedVersion: versionSchema }),
  z.object({ op: z.literal("unlink"), expectedVersion: versionSchema }),
  z.object({ op: z.literal("link"), otherPairId: idSchema, expectedVersions: versionsSchema }),
  z.object({ op: z.literal("move"), sentenceId: idSchema, direction: z.enum(["previous", "next"]), expectedVersions: versionsSchema }),
  z.object({ op: z.literal("sentence.split"), sentenceId: idSchema, offset: z.number().int().positive(), expectedVersion: versionSchema }),
  z.object({ op: z.literal("sentence.join"), sentenceIdA: idSchema, sentenceIdB: idSchema, expectedVersions: versionsSchema }),
  z.object({ op: z.literal("sentence.exclude"), sentenceId: idSchema, excluded: z.boolean(), expectedVersion: versionSchema.optional() }),
  z.object({ op: z.literal("check.dismiss"), flagId: idSchema }),
]);
export type PairOp = z.infer<typeof pairOpSchema>;
/** What the client sends (defaults not yet applied). */
export type PairOpInput = z.input<typeof pairOpSchema>;

/** Operations that change which sentences form which pairs. */
export const STRUCTURAL_OPS: ReadonlySet<PairOp["op"]> = new Set(["merge", "split", "unlink", "link", "move", "sentence.split", "sentence.join"]);

// ---------------------------------------------------------------------------
// Editor-style search and find-and-replace over corrections (lib/text/search.ts)

export const SEARCH_LANGS = ["both", "en", "zh"] as const;
export const searchSpecSchema = z.object({
  q: z.string().min(1, "give something to search for").max(500),
  caseSensitive: z.boolean().default(false),
  /** English: no letter or digit right before or after; Chinese: ICU word boundaries (see lib/text/search.ts) */
  wholeWord: z.boolean().default(false),
  /** a JavaScript regular expression (u flag); run with a time budget */
  regex: z.boolean().default(false),
  lang: z.enum(SEARCH_LANGS).default("both"),
});
export type SearchSpecInput = z.input<typeof searchSpecSchema>;

/** POST /api/bitexts/:id/replace/preview */
export const replacePreviewSchema = z.object({
  find: searchSpecSchema,
  /** with regex: $1…$99, $<name>, $& and $$ as in String.prototype.replace; else literal */
  replacement: textSchema(2000, "The replacement"),
});
/** POST /api/bitexts/:id/replace: the sentences of the preview, each with the text it showed */
export const replaceApplySchema = replacePreviewSchema.extend({
  sentences: z.array(z.object({ sentenceId: idSchema, base: sentenceTextSchema })).min(1, "the preview listed no sentence").max(2000),
});
export type ReplacePreviewInput = z.input<typeof replacePreviewSchema>;
export type ReplaceApplyInput = z.input<typeof replaceApplySchema>;

// ---------------------------------------------------------------------------
// Conflicts (409 answers)

/** One sentence whose text another editor changed since the client's `base`. */
export interface SentenceConflict {
  sentenceId: number;
  /** the text the editor started from */
  base: string;
  /** the text stored now */
  theirs: string;
  /** who stored it, and when (ISO) */
  by: string | null;
  at: string | null;
}

export interface ConflictInfo {
  entity: { type: "pair" | "flag" | "bitext" | "sentence"; id: number };
  changedBy: string | null;
  changedAt: string | null;
  /** for corrections: each sentence in conflict, with the other version */
  sentences?: SentenceConflict[];
}

// ---------------------------------------------------------------------------
// Live review: changes since a point of the audit log, and who is where

export const changesQuerySchema = z.object({
  /** the last audit row id the client has seen; absent: only the current position */
  after: z.coerce.number().int().min(0).max(MAX_ID).optional(),
  /** the caller's own tab, left out of the presence list */
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});

export interface ChangeEntry {
  auditId: number;
  action: string;
  actor: string | null;
  actorId: number | null;
  at: string;
  /** pairs whose rows changed (read them again) */
  pairIds: number[];
  /** pairs the change removed */
  deletedPairIds: number[];
  /** the pair order changed (merge, split, undo of one, re-alignment): read the index again */
  structural: boolean;
}

export interface PresenceEntry {
  clientId: string;
  userId: number;
  name: string;
  pairId: number | null;
  editing: boolean;
}

export interface ChangesAnswer {
  /** the newest audit row id of this document pair: pass it as `after` next time */
  latest: number;
  changes: ChangeEntry[];
  /** more changes than one answer holds: reload everything */
  truncated: boolean;
  presence: PresenceEntry[];
}

export const presenceBodySchema = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId: 8 to 64 letters, digits, _ or -"),
  pairId: idSchema.nullable(),
  editing: z.boolean().default(false),
  /** the tab is closing: forget it */
  leaving: z.boolean().optional(),
});
export type PresenceBody = z.input<typeof presenceBodySchema>;

// ---------------------------------------------------------------------------
// Exports (GET/POST /api/projects/:id/export, GET …/export/counts)

const EXPORT_FORMAT_KEYS = Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]];
const exportFlag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");
/** A language tag with a region or script: zh-CN, zh-TW, zh-Hant, en-US, en-GB… (or the bare language). */
const langTag = (lang: "zh" | "en") =>
  z.string().regex(new RegExp(`^${lang}(-[A-Za-z]{2,4}){0,2}$`), `must be a ${lang} language tag such as ${lang === "zh" ? "zh-CN" : "en-US"}`);

/** The export fields; empty form fields mean "not set", JSON booleans count as "true"/"false". */
export const exportFieldsSchema = z.preprocess(
  (raw) =>
    Object.fromEntries(
      Object.entries(raw as Record<string, unknown>)
        .filter(([, v]) => v !== "" && v !== null && v !== undefined)
        .map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]),
    ),
  z.object({
    format: z.enum(EXPORT_FORMAT_KEYS),
    bitext: z.coerce.number().int().positive().max(MAX_ID).optional(),
    confirmedOnly: exportFlag.optional(),
    dropOpenMajorFlags: exportFlag.optional(),
    includeGaps: exportFlag.optional(),
    minScore: z.coerce.number().min(0).max(100).optional(),
    /** percent (0–100), like the review page's confidence filter */
    minConfidence: z.coerce.number().min(0).max(100).optional(),
    /** TMX: the xml:lang of each side (default zh-CN / en-US) */
    zhLang: langTag("zh").optional(),
    enLang: langTag("en").optional(),
    /** TMX: write each pair's score parts (x-score-parts, heavy) */
    scoreParts: exportFlag.optional(),
  }),
);
export type ExportFields = z.infer<typeof exportFieldsSchema>;

/** The writers' options for these fields (confidence as a probability, the TMX languages). */
export function exportOptionsOf(fields: ExportFields): ExportOptions {
  const { format: _f, bitext: _b, minConfidence, zhLang, enLang, ...rest } = fields;
  return {
    ...rest,
    ...(minConfidence !== undefined ? { minConfidence: minConfidence / 100 } : {}),
    ...(zhLang || enLang ? { langs: { ...(zhLang ? { zh: zhLang } : {}), ...(enLang ? { en: enLang } : {}) } } : {}),
  };
}

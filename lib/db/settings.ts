// Installation-wide values kept in the database, so that every app instance on one database
// agrees on them: the auth secret (when BETTER_AUTH_SECRET is not set) and which account
// was the first. A value is written once; the first writer wins and everyone reads it.
import crypto from "node:crypto";
import type { Db } from "./client";

export const AUTH_SECRET_KEY = "auth.secret";
export const FIRST_ADMIN_KEY = "auth.first-admin";

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

export async function getSetting(db: Db, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
}

/** Stores `value` under `key` unless the key exists; true when this call stored it. */
export async function claimSetting(db: Db, key: string, value: string): Promise<boolean> {
  try {
    await db.setting.create({ data: { key, value } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** The stored value of `key`, storing `make()` first when there is none (race-safe). */
export async function settingOnce(db: Db, key: string, make: () => string): Promise<string> {
  const existing = await getSetting(db, key);
  if (existing !== null) return existing;
  await claimSetting(db, key, make());
  const stored = await getSetting(db, key);
  if (stored === null) throw new Error(`The setting ${key} could not be stored`);
  return stored;
}

/**
 * The secret that signs session cookies when BETTER_AUTH_SECRET is not set: 256 random bits
 * made on first use and kept in the database. There is no default secret.
 */
export function ensureAuthSecret(db: Db): Promise<string> {
  return settingOnce(db, AUTH_SECRET_KEY, () => crypto.randomBytes(32).toString("base64url"));
}

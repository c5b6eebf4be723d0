// Databases from before accounts: the accounts migration keeps every user, membership and
// author, and those users (no password) cannot sign in, so the first sign-up still makes the
// administrator.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "./client";
import { listMigrations, migrate, migrationsDir } from "./migrate";
import { tempDatabase } from "../../tests/db/test-db";
import { claimFirstAdmin, createUser, listUsers, needsFirstAccount, setAdmin } from "./users";

describe("accounts migration on an existing database", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parallax-accounts-migration-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps users, memberships and authors; old users cannot sign in", async () => {
    const file = path.join(dir, "old.db");
    const url = `file:${file}`;
    const all = listMigrations(migrationsDir("sqlite"));
    const accounts = all.findIndex((m) => m.name.endsWith("_accounts"));
    expect(accounts).toBeGreaterThan(0);
    await migrate(url, all.slice(0, accounts));

    // what the name-cookie editors left behind
    const raw = new Database(file);
    raw.exec(`
      INSERT INTO "User" ("id", "email", "name", "isAdmin") VALUES (7, 'ada.lovelace@local', 'Ada Lovelace', 0);
      INSERT INTO "Project" ("id", "name", "updatedAt") VALUES (3, 'Old project', CURRENT_TIMESTAMP);
      INSERT INTO "ProjectMember" ("projectId", "userId", "role") VALUES (3, 7, 'owner');
      INSERT INTO "AuditLog" ("projectId", "entityType", "entityId", "action", "actorId") VALUES (3, 'project', 3, 'create', 7);
    `);
    raw.close();

    expect(await migrate(url)).toEqual(all.slice(accounts).map((m) => m.name));
    const db = createDb(url);
    try {
      const ada = await db.user.findUniqueOrThrow({ where: { id: 7 }, include: { memberships: true, auditLogs: true } });
      expect(ada.name).toBe("Ada Lovelace");
      expect(ada.emailVerified).toBe(false);
      expect(ada.memberships).toEqual([expect.objectContaining({ projectId: 3, role: "owner" })]);
      expect(ada.auditLogs).toHaveLength(1);
      expect(await listUsers(db)).toEqual([expect.objectContaining({ id: 7, canSignIn: false, projects: 1 })]);
      // nobody can sign in yet: the next sign-up is the first account
      expect(await needsFirstAccount(db)).toBe(true);
      expect(await claimFirstAdmin(db, 7)).toBe(true);
      expect(await claimFirstAdmin(db, 7)).toBe(false);
    } finally {
      await db.$disconnect();
    }
  });
});

describe("administrators", () => {
  it("are made and unmade by administrators, and the last one stays, even when two remove each other at once", async () => {
    const temp = tempDatabase("admins");
    const db = temp.db;
    try {
      const ann = await createUser(db, { name: "Ann", email: "ann@admins.test" });
      expect(await claimFirstAdmin(db, ann.id)).toBe(true);
      const bob = await createUser(db, { name: "Bob", email: "bob@admins.test" });
      const isAdmin = async (id: number) => (await db.user.findUniqueOrThrow({ where: { id } })).isAdmin;

      await expect(setAdmin(db, { userId: ann.id, isAdmin: true, actorId: bob.id })).rejects.toThrow(/Only administrators/);
      await expect(setAdmin(db, { userId: ann.id, isAdmin: false, actorId: ann.id })).rejects.toThrow(/only administrator/);
      expect(await isAdmin(ann.id)).toBe(true);

      await setAdmin(db, { userId: bob.id, isAdmin: true, actorId: ann.id });
      expect(await isAdmin(bob.id)).toBe(true);
      // Each takes the role from the other at the same moment: one of the two is refused.
      const both = await Promise.allSettled([
        setAdmin(db, { userId: bob.id, isAdmin: false, actorId: ann.id }),
        setAdmin(db, { userId: ann.id, isAdmin: false, actorId: bob.id }),
      ]);
      expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await db.user.count({ where: { isAdmin: true } })).toBe(1);
    } finally {
      await temp.close();
    }
  });
});

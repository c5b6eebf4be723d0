// Invitations: after the first account, signing up needs one. An administrator invites an
// email address and gets a link with a random token; only the token's SHA-256 is stored, so
// the database alone cannot be used to sign up. An invitation is used once, before it expires.
import crypto from "node:crypto";
import type { Db } from "./client";
import { emailSchema } from "./users";

export const INVITATION_DAYS = 7;

export class InvitationError extends Error {
  override name = "InvitationError";
}

export type InvitationStatus = "pending" | "accepted" | "expired" | "revoked";

export interface InvitationRow {
  id: number;
  email: string;
  status: InvitationStatus;
  invitedBy: string | null;
  acceptedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export function hashInvitationToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens are 32 random bytes in base64url (43 characters). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function statusOf(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationStatus {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  return inv.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/**
 * Invites an email address; returns the token for the sign-up link (shown once, never
 * stored). A pending invitation for the same address is revoked: the newest link counts.
 */
export async function createInvitation(
  db: Db,
  input: { email: string; invitedById: number; days?: number; now?: Date },
): Promise<{ token: string; invitation: InvitationRow }> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw new InvitationError(parsed.error.issues[0]?.message ?? "Enter a valid email address");
  const email = parsed.data;
  const now = input.now ?? new Date();
  const days = input.days ?? INVITATION_DAYS;
  if (!(days > 0 && days <= 90)) throw new InvitationError("An invitation lasts from 1 to 90 days");
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new InvitationError(`${email} has an account already: add it to projects from their members page`);
  }
  const token = crypto.randomBytes(32).toString("base64url");
  const created = await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    return tx.invitation.create({
      data: { email, tokenHash: hashInvitationToken(token), invitedById: input.invitedById, expiresAt: new Date(now.getTime() + days * 86_400_000) },
      include: { invitedBy: { select: { name: true } } },
    });
  });
  return {
    token,
    invitation: {
      id: created.id,
      email,
      status: "pending",
      invitedBy: created.invitedBy?.name ?? null,
      acceptedBy: null,
      createdAt: created.createdAt,
      expiresAt: created.expiresAt,
    },
  };
}

/** The pending invitation a token stands for, or null (unknown, used, revoked or expired). */
export async function findPendingInvitation(db: Db, token: string, now = new Date()): Promise<{ id: number; email: string; expiresAt: Date } | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const inv = await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
  if (!inv || statusOf(inv, now) !== "pending") return null;
  return { id: inv.id, email: inv.email, expiresAt: inv.expiresAt };
}

/**
 * Uses the invitation for the account just created. One conditional update: of two
 * sign-ups with the same link, exactly one succeeds. False when the link is no longer valid
 * or was made for another address.
 */
export async function acceptInvitation(db: Db, input: { token: string; email: string; userId: number; now?: Date }): Promise<boolean> {
  if (!TOKEN_SHAPE.test(input.token)) return false;
  const now = input.now ?? new Date();
  const r = await db.invitation.updateMany({
    where: {
      tokenHash: hashInvitationToken(input.token),
      email: input.email.trim().toLowerCase(),
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
    },
    data: { acceptedAt: now, acceptedById: input.userId },
  });
  return r.count === 1;
}

export async function revokeInvitation(db: Db, id: number, now = new Date()): Promise<boolean> {
  // a number, never a filter object: {"gt": 0} from a caller must not revoke every invitation
  if (!Number.isSafeInteger(id) || id <= 0) throw new InvitationError("No such invitation");
  const r = await db.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
  return r.count === 1;
}

export async function listInvitations(db: Db, now = new Date()): Promise<InvitationRow[]> {
  const rows = await db.invitation.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    include: { invitedBy: { select: { name: true } }, acceptedBy: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    status: statusOf(r, now),
    invitedBy: r.invitedBy?.name ?? null,
    acceptedBy: r.acceptedBy?.name ?? null,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
  }));
}

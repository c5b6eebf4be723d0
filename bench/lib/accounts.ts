// Accounts for the benchmarks, made the way people get them: the first account signs up over
// HTTP (and becomes the administrator); the administrator invites each editor (the invitation
// service the admin pages use); each editor signs up over HTTP with the invitation and signs in
// over HTTP from a loopback address of its own, so the per-address rate limits on sign-up and
// sign-in apply to each person separately and are never loosened for the benchmark.
import type { Db } from "../../lib/db/client";
import { createInvitation } from "../../lib/db/invitations";
import { addMember } from "../../lib/db/members";
import { HttpClient, loopbackAddress } from "./http";

export interface Person {
  index: number;
  userId: number;
  name: string;
  email: string;
  client: HttpClient;
}

const PASSWORD = "load-test-password-1";
const SESSION_COOKIE = "parallax.session_token";

interface AuthAnswer {
  user?: { id: string | number };
  message?: string;
  code?: string;
}

async function authPost(client: HttpClient, path: string, body: object): Promise<number> {
  // Better Auth checks the Origin of state-changing requests against the app's public URL.
  const r = await client.post<AuthAnswer>(`/api/auth${path}`, body, { origin: client.origin });
  if (r.status !== 200) {
    const msg = typeof r.body === "object" && r.body ? (r.body.message ?? r.body.code) : String(r.body).slice(0, 200);
    throw new Error(`${path} from ${client.localAddress ?? "127.0.0.1"} answered ${r.status}: ${msg}`);
  }
  const id = Number((r.body as AuthAnswer).user?.id);
  if (!Number.isSafeInteger(id)) throw new Error(`${path} answered without a user id`);
  return id;
}

/** The first account (the administrator), signed up and signed in from 127.0.0.1. */
export async function signUpAdmin(base: string): Promise<Person> {
  const client = new HttpClient(base, "127.0.0.1");
  const email = "admin@load.test";
  const userId = await authPost(client, "/sign-up/email", { name: "Load Admin", email, password: PASSWORD });
  if (!client.hasCookie(SESSION_COOKIE)) throw new Error("the administrator's sign-up set no session cookie");
  return { index: -1, userId, name: "Load Admin", email, client };
}

async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * `count` editors of the project: invited by the administrator, signed up over HTTP with the
 * invitation, made editors by the membership service, then signed in over HTTP (a fresh
 * session, as on another day). Editor i talks to bases[i % bases.length].
 */
export async function createEditors(
  db: Db,
  input: { bases: string[]; projectId: number; count: number; admin: Person; role?: "editor" | "owner" | "viewer"; tag?: string },
): Promise<Person[]> {
  const tag = input.tag ?? "load";
  const indexes = Array.from({ length: input.count }, (_, i) => i);
  return inParallel(indexes, 4, async (i) => {
    const base = input.bases[i % input.bases.length];
    const address = loopbackAddress(i);
    const name = `Editor ${String(i + 1).padStart(2, "0")}`;
    const email = `editor${i + 1}@${tag}.test`;
    const { token } = await createInvitation(db, { email, invitedById: input.admin.userId });
    const signUp = new HttpClient(base, address);
    const userId = await authPost(signUp, "/sign-up/email", { name, email, password: PASSWORD, inviteToken: token });
    signUp.close();
    await addMember(db, { projectId: input.projectId, email, role: input.role ?? "editor", actorId: input.admin.userId });
    const client = new HttpClient(base, address);
    const signedIn = await authPost(client, "/sign-in/email", { email, password: PASSWORD });
    if (signedIn !== userId) throw new Error(`${email} signed in as user ${signedIn}, expected ${userId}`);
    if (!client.hasCookie(SESSION_COOKIE)) throw new Error(`${email}: sign-in set no session cookie`);
    return { index: i, userId, name, email, client };
  });
}

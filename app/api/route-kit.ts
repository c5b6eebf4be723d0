// The one wrapper for the route handlers under app/api (all but Better Auth's own): parses the
// ids in the path, checks the session and the role, validates the query and the body with a
// zod schema, calls the handler, and maps every typed error to one HTTP answer (errorResponse:
// 400 / 401 / 403 / 404 / 409 / 413 / 415, 503 with retry-after for a busy database). JSON
// answers are never cached. A handler returns data (sent as JSON, 200) or a Response of its
// own: json(data, 202), fail(status, message), a download or a stream.
import { NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { getDb, isDatabaseBusy, type Db } from "@/lib/db/client";
import {
  AuthRequiredError,
  ForbiddenError,
  requireBitextRole,
  requireJobRole,
  requirePairRole,
  requireProjectRole,
  requireUser,
  type ProjectAccess,
  type SessionUser,
} from "@/lib/auth/session";
import type { ProjectRole } from "@/lib/db/members";
import { NotFoundError, ValidationError, VersionConflictError, type Actor } from "@/lib/db/review";
import { MAX_ID, type ConflictInfo } from "@/lib/review/schema";
import { ConflictError as AlignConflictError, NotFoundError as AlignNotFoundError } from "@/lib/db/alignment-jobs";
import { BatchImportError } from "@/lib/db/batch-import";
import { ExportNotFoundError, ExportNotReadyError } from "@/lib/db/export";
import { GlossaryError, GlossaryNotFoundError } from "@/lib/db/glossary";
import { ImportConflictError } from "@/lib/db/import";
import { JobStateError } from "@/lib/db/jobs";
import { FormatError } from "@/lib/formats/errors";
import { BatchError, ImportError, importErrorStatus } from "@/lib/import/limits";

export function json(data: unknown, status = 200) {
  return NextResponse.json(data, { status, headers: { "cache-control": "no-store" } });
}

export function fail(status: number, error: string, extra: Record<string, unknown> = {}) {
  return json({ error, ...extra }, status);
}

/** A positive safe integer from a route parameter, else null. */
function idParam(raw: string | undefined): number | null {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 && n <= MAX_ID ? n : null;
}

/** "path: message; …" for the issues of a failed validation. */
export function zodMessage(err: ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
}

/** Maps the typed errors of lib/ to answers; anything else is rethrown (500). */
export function errorResponse(err: unknown): Response {
  if (err instanceof VersionConflictError) {
    return fail(409, err.message, {
      conflict: {
        entity: err.entity,
        changedBy: err.changedBy?.name ?? null,
        changedAt: err.changedAt ? err.changedAt.toISOString() : null,
        ...(err.sentences.length ? { sentences: err.sentences } : {}),
      } satisfies ConflictInfo,
    });
  }
  if (err instanceof AuthRequiredError) return fail(401, err.message, { code: "signed-out" });
  if (err instanceof ForbiddenError) return fail(403, err.message, { code: "forbidden", role: err.role });
  if (err instanceof ZodError) return fail(400, zodMessage(err));
  if (err instanceof ImportError) return fail(importErrorStatus(err.code), err.message, { code: err.code });
  if (err instanceof FormatError) return fail(400, err.message, { code: "format", file: err.file ?? null, line: err.line ?? null, column: err.column ?? null });
  if (err instanceof BatchError) return fail(400, err.message, { code: "bad-batch" });
  if (err instanceof GlossaryError) return fail(400, err.message, { problems: err.problems });
  if (err instanceof ValidationError) return fail(400, err.message);
  for (const [status, types] of STATUS_OF) {
    if (types.some((type) => err instanceof type)) return fail(status, (err as Error).message);
  }
  if (isDatabaseBusy(err)) {
    console.error("database busy:", (err as Error).message);
    const res = fail(503, "The server is too busy to answer right now; nothing was changed. Try again in a moment.");
    res.headers.set("retry-after", "2");
    return res;
  }
  throw err;
}

/** Errors answered with their status and their message alone. */
const STATUS_OF: [number, (new (...args: never[]) => Error)[]][] = [
  [404, [NotFoundError, AlignNotFoundError, GlossaryNotFoundError, ExportNotFoundError, BatchImportError]],
  [409, [AlignConflictError, ImportConflictError, JobStateError, ExportNotReadyError]],
];

// ---------------------------------------------------------------------------
// Scopes: what the id in the path names, and the check that gives the access to it.

type JobAccess = Awaited<ReturnType<typeof requireJobRole>>;

interface Scopes {
  pair: { param: "pairId"; access: ProjectAccess & { bitextId: number; pairId: number } };
  bitext: { param: "bitextId"; access: ProjectAccess & { bitextId: number } };
  project: { param: "projectId"; access: ProjectAccess };
  job: { param: "jobId"; access: JobAccess };
  /** any signed-in user; no id in the path */
  user: { param: never; access: { user: SessionUser } };
}
type Scope = keyof Scopes;

interface ScopeRule {
  param: string | null;
  /** named in "Bad … id" */
  what: string;
  /** a fixed answer for a malformed id instead of 400 "Bad … id" */
  badId?: [status: number, error: string];
  check: (id: number, role: ProjectRole) => Promise<{ user: SessionUser }>;
}

const SCOPE: Record<Scope, ScopeRule> = {
  pair: { param: "pairId", what: "pair", check: requirePairRole },
  bitext: { param: "bitextId", what: "document pair", check: requireBitextRole },
  project: { param: "projectId", what: "project", check: requireProjectRole },
  // a job that is not there and one that is not yours look the same
  job: { param: "jobId", what: "job", badId: [404, "No such job"], check: requireJobRole },
  user: { param: null, what: "", check: async () => ({ user: await requireUser() }) },
};

export interface RouteCtx<S extends Scope, B, Q, X extends string> {
  req: Request;
  /** the id of the scope (0 for the "user" scope, which has none) */
  id: number;
  /** further ids in the path (spec.ids) */
  ids: Record<X, number>;
  access: Scopes[S]["access"];
  actor: Actor & { name: string };
  db: Db;
  body: B;
  query: Q;
}

type RouteSpec<S extends Scope, B, Q, X extends string> = {
  scope: S;
  /** further ids in the path: parameter name -> what it is ("term": "Bad project or term id") */
  ids?: Record<X, string>;
  /** validates the query string (the last value of a repeated name counts) */
  query?: z.ZodType<Q>;
  /** validates the body, read after the role check */
  body?: z.ZodType<B>;
  /** reads the body for `body` (default: JSON, null when it is not); may throw a ValidationError (400) */
  readBody?: (req: Request) => Promise<unknown>;
  /** the 400 message for a query or body that fails validation (default "Bad request: …") */
  invalid?: string | ((err: ZodError) => string);
} & (S extends "user" ? { role?: undefined } : { role: ProjectRole });

/** The context Next.js passes a handler of the segment: its dynamic parameters. */
export interface SegmentCtx<P extends string> {
  params: Promise<Record<P, string>>;
}

/**
 * A route handler for `/…/[pairId]`, `/…/[bitextId]`, `/…/[projectId]`, `/…/[jobId]` or a
 * path without an id (scope "user"). The role is checked before the query or the body is read:
 * a viewer's change is refused (403) before its body is parsed.
 */
export function route<S extends Scope, B = undefined, Q = undefined, X extends string = never>(
  spec: RouteSpec<S, B, Q, X>,
  handler: (ctx: RouteCtx<S, B, Q, X>) => Promise<unknown>,
): ((req: Request, ctx: SegmentCtx<Scopes[S]["param"] | X>) => Promise<Response>) & { routeSpec: RouteAccess } {
  return Object.assign(handle(spec, handler), { routeSpec: { scope: spec.scope, role: spec.role ?? null } });
}

/** What a handler made by route() checks, readable by the authorization suite (app/api/authorization.test.ts). */
export interface RouteAccess {
  scope: Scope;
  /** the least project role (null: any signed-in user) */
  role: ProjectRole | null;
}

function handle<S extends Scope, B, Q, X extends string>(
  spec: RouteSpec<S, B, Q, X>,
  handler: (ctx: RouteCtx<S, B, Q, X>) => Promise<unknown>,
): (req: Request, ctx: SegmentCtx<Scopes[S]["param"] | X>) => Promise<Response> {
  const scope = SCOPE[spec.scope];
  const extra = Object.entries<string>(spec.ids ?? ({} as Record<X, string>));
  const badId = scope.badId ?? [400, `Bad ${[scope.what, ...extra.map(([, what]) => what)].join(" or ")} id`];
  const invalid = (err: ZodError) =>
    fail(400, typeof spec.invalid === "string" ? spec.invalid : spec.invalid ? spec.invalid(err) : `Bad request: ${zodMessage(err)}`);

  return async (req, ctx) => {
    const params: Record<string, string | undefined> = await ctx.params;
    const id = scope.param === null ? 0 : idParam(params[scope.param]);
    const ids = Object.fromEntries(extra.map(([name]) => [name, idParam(params[name])]));
    if (id === null || Object.values(ids).includes(null)) return fail(...badId);
    try {
      const access = (await scope.check(id, spec.role ?? "viewer")) as Scopes[S]["access"];
      const query = spec.query?.safeParse(Object.fromEntries(new URL(req.url).searchParams));
      if (query && !query.success) return invalid(query.error);
      const body = spec.body?.safeParse(await (spec.readBody ?? readJson)(req));
      if (body && !body.success) return invalid(body.error);
      const out = await handler({
        req,
        id,
        ids: ids as Record<X, number>,
        access,
        actor: { id: access.user.id, name: access.user.name },
        db: getDb(),
        body: body?.data as B,
        query: query?.data as Q,
      });
      return out instanceof Response ? out : json(out);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

function readJson(req: Request): Promise<unknown> {
  return req.json().catch(() => null);
}

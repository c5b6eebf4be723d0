// One wrapper for the route handlers: parses the id in the path, checks the session and the
// project role, validates the query and the JSON body with a shared zod schema, calls the
// handler, and maps every typed error to one HTTP answer (errorResponse: 400 / 401 / 403 / 404 /
// 409, 503 for a busy database). Answers are JSON and never cached.
import type { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { requireBitextRole, requirePairRole, type ProjectAccess } from "@/lib/auth/session";
import { actorOf, errorResponse, fail, idParam, json, zodMessage } from "@/app/api/pairs/shared";
import type { Actor } from "@/lib/db/review";

type Role = "viewer" | "editor" | "owner";

interface Scopes {
  pair: ProjectAccess & { bitextId: number; pairId: number };
  bitext: ProjectAccess & { bitextId: number };
}
const SCOPE = {
  pair: { param: "pairId", what: "pair", check: (id: number, role: Role) => requirePairRole(id, role) },
  bitext: { param: "bitextId", what: "document pair", check: (id: number, role: Role) => requireBitextRole(id, role) },
} as const;

export interface RouteCtx<S extends keyof Scopes, B, Q> {
  req: Request;
  id: number;
  access: Scopes[S];
  actor: Actor & { name: string };
  db: Db;
  body: B;
  query: Q;
}

interface RouteSpec<S extends keyof Scopes, B, Q> {
  scope: S;
  role: Role;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
}

/**
 * A route handler for `/…/[pairId]` or `/…/[bitextId]`. The handler returns data (sent as JSON)
 * or a Response of its own.
 */
export function route<S extends keyof Scopes, B = undefined, Q = undefined>(
  spec: RouteSpec<S, B, Q>,
  handler: (ctx: RouteCtx<S, B, Q>) => Promise<unknown>,
) {
  const scope = SCOPE[spec.scope];
  return async (req: Request, { params }: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const id = idParam((await params)[scope.param] ?? "");
    if (!id) return fail(400, `Bad ${scope.what} id`);
    try {
      // the role first: a viewer's change is refused (403) before its body is read
      const access = (await scope.check(id, spec.role)) as Scopes[S];
      const query = spec.query ? spec.query.safeParse(Object.fromEntries(new URL(req.url).searchParams)) : null;
      if (query && !query.success) return fail(400, `Bad request: ${zodMessage(query.error)}`);
      const body = spec.body ? spec.body.safeParse(await req.json().catch(() => null)) : null;
      if (body && !body.success) return fail(400, `Bad request: ${zodMessage(body.error)}`);
      const out = await handler({
        req,
        id,
        access,
        actor: actorOf(access.user),
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

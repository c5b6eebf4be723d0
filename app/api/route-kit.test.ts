// The route wrapper on its own: the session and the database are stand-ins, so these check
// what every route handler shares — the answers for a bad id, the role before the body, the
// validation messages, the error mapping (503 for a busy database) and no-store; and the align
// route, which reads its body itself.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AuthRequiredError, ForbiddenError } from "@/lib/auth/guard";
import { NotFoundError, VersionConflictError } from "@/lib/db/review";
import { ImportError } from "@/lib/import/limits";

const session = vi.hoisted(() => ({
  requireUser: vi.fn(),
  requireProjectRole: vi.fn(),
  requireBitextRole: vi.fn(),
  requirePairRole: vi.fn(),
  requireJobRole: vi.fn(),
}));
vi.mock("@/lib/auth/session", async () => ({ ...(await import("@/lib/auth/guard")), ...session }));
const db = vi.hoisted(() => ({ bitext: { findUnique: async () => null } }));
vi.mock("@/lib/db/client", async (actual) => ({ ...(await actual<typeof import("@/lib/db/client")>()), getDb: () => db }));

const { route } = await import("./route-kit");
const align = await import("./bitexts/[bitextId]/align/route");
const rows = await import("./bitexts/[bitextId]/pairs/rows/route");
const glossary = await import("./projects/[projectId]/glossary/route");

const user = { id: 7, name: "Ada", email: "ada@example.com", isAdmin: false };
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
const post = (body: string) => new Request("http://app.test/api/x", { method: "POST", body, headers: { "content-type": "application/json" } });

beforeEach(() => {
  for (const fn of Object.values(session)) fn.mockReset();
  session.requireBitextRole.mockResolvedValue({ user, projectId: 1, role: "editor", canEdit: true, canManage: false, bitextId: 2 });
  session.requirePairRole.mockResolvedValue({ user, projectId: 1, role: "editor", canEdit: true, canManage: false, bitextId: 2, pairId: 3 });
  session.requireProjectRole.mockResolvedValue({ user, projectId: 1, role: "editor", canEdit: true, canManage: false });
  session.requireJobRole.mockResolvedValue({ user, projectId: 1 });
  session.requireUser.mockResolvedValue(user);
});

describe("route", () => {
  it("answers a bad id before anything else, in each scope's words", async () => {
    const pair = route({ scope: "pair", role: "viewer" }, async () => ({}));
    for (const raw of ["0", "-1", "1.5", "abc", "9007199254740993", "2147483648", "99999999999999999999"]) {
      const res = await pair(new Request("http://app.test/"), params({ pairId: raw }));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "Bad pair id" });
    }
    const job = await route({ scope: "job", role: "viewer" }, async () => ({}))(new Request("http://app.test/"), params({ jobId: "x" }));
    expect([job.status, await job.json()]).toEqual([404, { error: "No such job" }]);
    const term = route({ scope: "project", role: "editor", ids: { termId: "term" } }, async ({ ids }) => ids);
    const bad = await term(new Request("http://app.test/"), params({ projectId: "1", termId: "0" }));
    expect([bad.status, await bad.json()]).toEqual([400, { error: "Bad project or term id" }]);
    const good = await term(new Request("http://app.test/"), params({ projectId: "1", termId: "4" }));
    expect(await good.json()).toEqual({ termId: 4 });
    expect(session.requirePairRole).not.toHaveBeenCalled();
    expect(session.requireJobRole).not.toHaveBeenCalled();
  });

  it("checks the role before it reads the body", async () => {
    session.requirePairRole.mockRejectedValue(new ForbiddenError("Viewers can read and export but not change this project", "viewer"));
    const handler = vi.fn(async () => ({}));
    const req = post("{not json");
    const res = await route({ scope: "pair", role: "editor", body: z.object({ op: z.string() }) }, handler)(req, params({ pairId: "3" }));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "Viewers can read and export but not change this project", code: "forbidden", role: "viewer" });
    expect(req.bodyUsed).toBe(false);
    expect(handler).not.toHaveBeenCalled();
    expect(session.requirePairRole).toHaveBeenCalledWith(3, "editor");
  });

  it("validates the body and the query, with the route's own message when it has one", async () => {
    const body = route({ scope: "pair", role: "editor", body: z.object({ op: z.literal("confirm") }) }, async ({ body, actor, access }) => ({ body, actor, bitextId: access.bitextId }));
    const bad = await body(post("null"), params({ pairId: "3" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^Bad request: /);
    const ok = await body(post('{"op":"confirm"}'), params({ pairId: "3" }));
    expect(await ok.json()).toEqual({ body: { op: "confirm" }, actor: { id: 7, name: "Ada" }, bitextId: 2 });

    const report = route({ scope: "project", role: "viewer", query: z.object({ format: z.enum(["json", "csv"]).default("json") }), invalid: "format must be csv or json" }, async ({ query }) => query);
    const wrong = await report(new Request("http://app.test/?format=xml"), params({ projectId: "1" }));
    expect([wrong.status, await wrong.json()]).toEqual([400, { error: "format must be csv or json" }]);
    expect(await (await report(new Request("http://app.test/"), params({ projectId: "1" }))).json()).toEqual({ format: "json" });
  });

  it("sends data as JSON that is never cached, and a Response of the handler's own as it is", async () => {
    const data = await route({ scope: "user" }, async ({ access }) => ({ name: access.user.name }))(new Request("http://app.test/"), params({}));
    expect(data.status).toBe(200);
    expect(data.headers.get("cache-control")).toBe("no-store");
    expect(await data.json()).toEqual({ name: "Ada" });
    const own = await route({ scope: "job", role: "viewer" }, async () => new Response("a,b", { status: 201, headers: { "content-type": "text/csv" } }))(new Request("http://app.test/"), params({ jobId: "5" }));
    expect([own.status, own.headers.get("content-type"), await own.text()]).toEqual([201, "text/csv", "a,b"]);
  });

  it("maps typed errors to one answer each, 503 with retry-after for a busy database, and rethrows the rest", async () => {
    const throwing = (err: unknown) => route({ scope: "job", role: "viewer" }, async () => Promise.reject(err))(new Request("http://app.test/"), params({ jobId: "5" }));
    const answer = async (err: unknown) => {
      const res = await throwing(err);
      return { status: res.status, body: await res.json(), cache: res.headers.get("cache-control"), retry: res.headers.get("retry-after") };
    };
    expect(await answer(new AuthRequiredError())).toMatchObject({ status: 401, body: { code: "signed-out" }, cache: "no-store" });
    expect(await answer(new NotFoundError("Pair 3 no longer exists"))).toMatchObject({ status: 404, body: { error: "Pair 3 no longer exists" } });
    expect(await answer(new VersionConflictError("Changed meanwhile", { type: "pair", id: 3 }, { id: 8, name: "Bo" }, new Date(0)))).toMatchObject({
      status: 409,
      body: { error: "Changed meanwhile", conflict: { entity: { type: "pair", id: 3 }, changedBy: "Bo", changedAt: "1970-01-01T00:00:00.000Z" } },
    });
    expect(await answer(new ImportError("too-large", "Too big"))).toMatchObject({ status: 413, body: { error: "Too big", code: "too-large" } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await answer(Object.assign(new Error("Timed out fetching a new connection"), { code: "P2024" }))).toMatchObject({
      status: 503,
      body: { error: expect.stringMatching(/^The server is too busy/) },
      cache: "no-store",
      retry: "2",
    });
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    await expect(throwing(new Error("a bug"))).rejects.toThrow("a bug");
  });
});

describe("a route with a body reader of its own (align)", () => {
  const send = async (body: string) => {
    const res = await align.POST(post(body), params({ bitextId: "2" }));
    return [res.status, (await res.json()).error];
  };
  it("takes no body as the defaults and refuses what is not JSON or not a mode, in its own words", async () => {
    expect(await send("")).toEqual([404, "No document pair 2"]); // read, validated, then the service's own not-found
    expect(await send("{mode")).toEqual([400, 'Send the options as JSON, e.g. {"mode":"parallel"}']);
    expect(await send('{"mode":"fast"}')).toEqual([400, "mode must be auto, parallel or comparable"]);
  });

  it("answers ids past the database's integers and half surrogate pairs with 400, never reaching the database", async () => {
    for (const ids of ["99999999999999999999", "1,2147483648", "1e3"]) {
      const res = await rows.GET(new Request(`http://app.test/api/bitexts/2/pairs/rows?ids=${ids}`), params({ bitextId: "2" }));
      expect(res.status, ids).toBe(400);
      expect((await res.json()).error).toMatch(/ids must be comma-separated pair ids/);
    }
    for (const body of ['{"en":"\\ud800town","zh":"小镇"}', '{"en":"town","zh":"小镇","note":"\\udfff"}', '{"tsv":"town\\t\\ud83d"}']) {
      const res = await glossary.POST(post(body), params({ projectId: "1" }));
      expect(res.status, body).toBe(400);
      expect((await res.json()).error).toMatch(/invalid Unicode/);
    }
  });
});

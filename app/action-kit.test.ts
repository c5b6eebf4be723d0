// Server actions are public endpoints: every argument is checked before the action runs, and
// refusals come back as the form's message (the abuse test found 11 argument-type cases
// answered with 500, and {"gt":0} as an invitation id revoking every invitation).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionForm, actionId, runAction } from "./action-kit";
import { ForbiddenError } from "@/lib/auth/session";
import { MemberError } from "@/lib/db/members";

const schema = z.object({ projectId: actionId, form: actionForm });
const refused = (error: string): { error: string | null } => ({ error });

describe("runAction", () => {
  it("refuses arguments of the wrong type before running the action", async () => {
    let ran = 0;
    const body = async () => {
      ran++;
      return { error: null };
    };
    const form = new FormData();
    for (const projectId of [{ gt: 0 }, "1", 0, -3, 1.5, Number.NaN, 2 ** 53, null, undefined, [1], true]) {
      const answer = await runAction(schema, { projectId, form }, refused, body);
      expect(answer.error, JSON.stringify(projectId)).toMatch(/^This request is not valid/);
    }
    for (const f of ["email=x", { email: "x" }, null]) {
      expect((await runAction(schema, { projectId: 1, form: f }, refused, body)).error).toMatch(/not valid: Send the form's fields/);
    }
    expect(ran).toBe(0);
    expect(await runAction(schema, { projectId: 7, form }, refused, body)).toEqual({ error: null });
    expect(ran).toBe(1);
  });

  it("answers refusals with their message and rethrows faults", async () => {
    const ok = { projectId: 1, form: new FormData() };
    expect(await runAction(schema, ok, refused, async () => Promise.reject(new ForbiddenError("Only the project's owners can do this")))).toEqual({
      error: "Only the project's owners can do this",
    });
    expect(await runAction(schema, ok, refused, async () => Promise.reject(new MemberError("A project needs at least one owner")))).toEqual({
      error: "A project needs at least one owner",
    });
    await expect(runAction(schema, ok, refused, async () => Promise.reject(new TypeError("bug")))).rejects.toThrow("bug");
  });
});

// Random sequences of review operations (seeded), checking the bitext invariants after each,
// that failures are only the typed errors, and that every sentence survives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NotFoundError,
  ValidationError,
  VersionConflictError,
  addFlag,
  checkBitextInvariants,
  correctSentences,
  joinSentences,
  linkPairs,
  mergeWithNext,
  moveSentence,
  realignUnconfirmed,
  resolveFlag,
  revertCorrection,
  setPairStatus,
  splitPair,
  splitSentence,
  undoLast,
  unlinkPair,
  updateFlag,
} from "./review";
import { diagonalAligner, fakeScore, freshEnv, pairsWithSides, prng, type TestEnv } from "./review/test-helpers";

const opts = { score: fakeScore };
let env: TestEnv;
beforeAll(async () => {
  env = await freshEnv();
});
afterAll(async () => {
  await env?.close();
});

const STATUSES = ["automatic", "confirmed", "flagged", "corrected"] as const;
const CATEGORIES = ["mistranslation", "omission", "terminology", "style", "bogus"];

describe("random review sessions", () => {
  it("keeps the invariants through 200 seeded operations by two editors", async () => {
    const rnd = prng(20261122);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const { db, bitextId } = env;
    const docs = await db.document.findMany({ where: { bitextId } });
    const counts = async () => Promise.all(docs.map((d) => db.sentence.count({ where: { documentId: d.id } })));
    let expectedCounts = await counts();
    const tally: Record<string, { ok: number; rejected: number }> = {};

    for (let step = 0; step < 200; step++) {
      const actor = pick([env.alice, env.bob]);
      const ps = await pairsWithSides(db, bitextId);
      const p = pick(ps);
      const i = ps.indexOf(p);
      const next = ps[i + 1];
      // one in ten calls uses a stale version, to exercise the conflict path
      const stale = rnd() < 0.1;
      const ver = (x: { version: number }) => (stale ? Math.max(1, x.version - 1) : x.version);
      const vs = (...xs: ({ id: number; version: number } | undefined)[]) =>
        Object.fromEntries(xs.filter((x) => x).map((x) => [x!.id, ver(x!)]));
      const sentence = p.sentences.length ? pick(p.sentences) : undefined;
      const ops: Record<string, () => Promise<unknown>> = {
        status: () => setPairStatus(db, actor, { pairId: p.id, status: pick(STATUSES), expectedVersion: ver(p) }, opts),
        flag: () => addFlag(db, actor, { pairId: p.id, category: pick(CATEGORIES), severity: "minor", expectedVersion: ver(p) }, opts),
        flagEdit: async () => {
          const f = p.flags.length ? pick(p.flags) : undefined;
          if (!f) return undefined;
          return rnd() < 0.5
            ? resolveFlag(db, actor, { flagId: f.id, expectedVersion: f.version }, opts)
            : updateFlag(db, actor, { flagId: f.id, note: `n${step}`, expectedVersion: f.version }, opts);
        },
        correct: () =>
          sentence
            ? correctSentences(db, actor, { edits: [{ sentenceId: sentence.id, text: `Fix ${step}. Other ${step}.`, base: stale ? "stale" : sentence.text }] }, opts)
            : Promise.resolve(),
        revert: () => revertCorrection(db, actor, { pairId: p.id, expectedVersion: ver(p) }, opts),
        merge: () => mergeWithNext(db, actor, { pairId: p.id, expectedVersions: vs(p, next) }, opts),
        split: () =>
          splitPair(db, actor, { pairId: p.id, en: Math.floor(rnd() * (p.en.length + 1)), zh: Math.floor(rnd() * (p.zh.length + 1)), expectedVersion: ver(p) }, opts),
        move: () =>
          sentence
            ? moveSentence(db, actor, { sentenceId: sentence.id, direction: pick(["previous", "next"] as const), expectedVersions: vs(p, ps[i - 1], next) }, opts)
            : Promise.resolve(),
        unlink: () => unlinkPair(db, actor, { pairId: p.id, expectedVersion: ver(p) }, opts),
        link: () => {
          const other = pick(ps);
          return linkPairs(db, actor, { pairIdA: p.id, pairIdB: other.id, expectedVersions: vs(p, other) }, opts);
        },
        splitSentence: () =>
          sentence
            ? splitSentence(db, actor, { sentenceId: sentence.id, offset: 1 + Math.floor(rnd() * Math.max(1, sentence.text.length - 1)), expectedVersion: ver(p) }, opts)
            : Promise.resolve(),
        joinSentences: async () => {
          if (!sentence) return;
          const neighbour = await db.sentence.findFirst({ where: { documentId: sentence.documentId, position: sentence.position + 1 } });
          if (!neighbour?.pairId) return;
          const q = ps.find((x) => x.id === neighbour.pairId);
          return joinSentences(db, actor, { sentenceIdA: sentence.id, sentenceIdB: neighbour.id, expectedVersions: vs(p, q) }, opts);
        },
        undo: () => undoLast(db, actor, { bitextId }),
        realign: () => realignUnconfirmed(db, actor, { bitextId }, diagonalAligner, opts),
      };
      const weights: [string, number][] = [
        ["status", 3], ["flag", 2], ["flagEdit", 2], ["correct", 2], ["revert", 1], ["merge", 3], ["split", 3],
        ["move", 3], ["unlink", 2], ["link", 3], ["splitSentence", 2], ["joinSentences", 2], ["undo", 3], ["realign", 0.3],
      ];
      let r = rnd() * weights.reduce((n, [, w]) => n + w, 0);
      const name = weights.find(([, w]) => (r -= w) < 0)![0];
      tally[name] ??= { ok: 0, rejected: 0 };
      try {
        await ops[name]();
        tally[name].ok++;
      } catch (err) {
        const typed = err instanceof ValidationError || err instanceof VersionConflictError || err instanceof NotFoundError;
        if (!typed) throw new Error(`step ${step} ${name}: untyped error ${(err as Error).stack}`);
        tally[name].rejected++;
      }
      const violations = await checkBitextInvariants(db, bitextId);
      expect(violations, `after step ${step} (${name})`).toEqual([]);
      // sentences are never lost: counts change only by sentence split/join (and their undo)
      const now = await counts();
      if (!["splitSentence", "joinSentences", "undo"].includes(name)) expect(now, `after step ${step} (${name})`).toEqual(expectedCounts);
      expectedCounts = now;
    }
    // the session exercised every operation, successfully and not
    for (const name of ["status", "flag", "merge", "split", "move", "unlink", "link", "splitSentence", "joinSentences", "undo"]) {
      expect(tally[name]?.ok ?? 0, `${name} never succeeded: ${JSON.stringify(tally)}`).toBeGreaterThan(0);
    }
    const audits = await db.auditLog.findMany({ where: { bitextId, action: { notIn: ["create", "align"] } } });
    expect(audits.every((a) => a.actorId === env.alice.id || a.actorId === env.bob.id)).toBe(true);
  }, 300_000);
});

// Verification from the database after a load or crash run: every acknowledged write stored
// exactly once, nothing stored for a write that was refused or failed, no half-applied merge
// or split, and the bitext invariants. A write whose request got no answer (the crash test
// killed the server with it in flight) may be stored or not, but if stored then completely.
//
// What is checked, for the writes of the run (audit rows of the bitext newer than `auditFloor`):
//  1. audit rows: acknowledged auditIds are distinct and each exists once, with the action,
//     actor and entity of the request; any other row belongs to an unanswered request of
//     the same editor (crash test) — in the load test there is none;
//  2. flags: the editors' flags are exactly those of the stored flag additions; a flag's
//     note is the token of its last stored change, its version 1 + its stored updates; no
//     flag, note or audit row carries the token of a write that was not stored;
//  3. corrections: each stored correction's token is in exactly one row, with the expected
//     text; the number of rows is what the stored corrections create; no other tokens;
//  4. pairs: the pairs now are the initial ones plus those created by stored splits minus
//     those removed by stored merges; each pair's version follows an unbroken chain through
//     the audit rows (before → after versions) from 1 to its current value, so no two
//     changes were made from the same version and no change bypassed the audit log;
//  5. invariants: checkBitextInvariants, plus each sentence in exactly one pair of this
//     bitext and pair positions unique (counted directly).
import type { Db } from "../../lib/db/client";
import { checkBitextInvariants } from "../../lib/db/review/read";
import type { Op, WriteRecord } from "./workload";

export interface VerifyInput {
  bitextId: number;
  /** the largest audit id before the run */
  auditFloor: number;
  /** pair ids of the bitext before the run */
  initialPairIds: number[];
  records: WriteRecord[];
}

export interface VerifyResult {
  problems: string[];
  stats: {
    auditRows: number;
    acknowledged: number;
    /** unanswered requests that were stored (crash test) */
    unansweredStored: number;
    unansweredNotStored: number;
    editorFlags: number;
    corrections: number;
    pairs: number;
  };
}

const ACTION: Record<Op, string> = { confirm: "status", flag: "flag.add", note: "flag.update", correct: "correct", merge: "merge", split: "split" };

interface AuditRow {
  id: number;
  action: string;
  actorId: number | null;
  entityType: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}

interface PairSnap {
  id: number;
  version: number;
}

function snapPairs(v: unknown): PairSnap[] {
  const pairs = (v as { snapshot?: { pairs?: PairSnap[] } } | null)?.snapshot?.pairs;
  return Array.isArray(pairs) ? pairs : [];
}

function metaOf(row: AuditRow): Record<string, unknown> {
  return ((row.after as { meta?: Record<string, unknown> } | null)?.meta ?? {}) as Record<string, unknown>;
}

/** The pair an audit row's request was posted to (the flag's pair for flag changes). */
function pairOfRow(row: AuditRow): number | null {
  if (row.action === "flag.add" || row.action === "flag.update") return Number(metaOf(row).pairId);
  return row.entityId;
}

export async function verifyRun(db: Db, input: VerifyInput): Promise<VerifyResult> {
  const problems: string[] = [];
  const problem = (msg: string) => {
    if (problems.length < 200) problems.push(msg);
    else if (problems.length === 200) problems.push("… more problems not shown");
  };
  const { bitextId, records } = input;

  // ---- 1. audit rows ----------------------------------------------------------------------
  const rows: AuditRow[] = await db.auditLog.findMany({
    where: { bitextId, id: { gt: input.auditFloor } },
    orderBy: { id: "asc" },
    select: { id: true, action: true, actorId: true, entityType: true, entityId: true, before: true, after: true },
  });
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const acked = records.filter((r) => r.outcome === "ok");
  const unanswered = records.filter((r) => r.outcome === "unknown");
  /** the stored audit row of each record that was stored (acknowledged or unanswered) */
  const stored = new Map<WriteRecord, AuditRow>();
  const claimed = new Map<number, WriteRecord>();
  for (const rec of acked) {
    if (rec.auditId === undefined || rec.auditId === null) {
      problem(`acknowledged ${rec.op} #${rec.seq} on pair ${rec.pairId} came without an auditId`);
      continue;
    }
    const other = claimed.get(rec.auditId);
    if (other) {
      problem(`audit row ${rec.auditId} acknowledged twice: ${other.op} #${other.seq} and ${rec.op} #${rec.seq}`);
      continue;
    }
    claimed.set(rec.auditId, rec);
    const row = rowById.get(rec.auditId);
    if (!row) {
      problem(`LOST: acknowledged ${rec.op} #${rec.seq} on pair ${rec.pairId} (audit row ${rec.auditId}) is not in the database`);
      continue;
    }
    stored.set(rec, row);
  }
  // Rows nobody acknowledged: each must be the one unanswered request of its editor.
  const unansweredByActor = new Map<number, WriteRecord[]>();
  for (const rec of unanswered) unansweredByActor.set(rec.userId, [...(unansweredByActor.get(rec.userId) ?? []), rec]);
  for (const row of rows) {
    if (claimed.has(row.id)) continue;
    const candidates = (unansweredByActor.get(row.actorId ?? -1) ?? []).filter((rec) => !stored.has(rec) && ACTION[rec.op] === row.action && pairOfRow(row) === rec.pairId);
    const rec = candidates.find((c) => c.op !== "note" || c.flagId === row.entityId);
    if (!rec) {
      problem(`UNACKNOWLEDGED write stored: audit row ${row.id} (${row.action} on ${row.entityType} ${row.entityId} by user ${row.actorId}) matches no acknowledged or unanswered request`);
      continue;
    }
    stored.set(rec, row);
  }
  for (const [rec, row] of stored) {
    if (row.action !== ACTION[rec.op]) problem(`audit row ${row.id} is ${row.action}, but ${rec.op} #${rec.seq} was requested`);
    if (row.actorId !== rec.userId) problem(`audit row ${row.id} names user ${row.actorId}, but editor user ${rec.userId} made ${rec.op} #${rec.seq}`);
    if (pairOfRow(row) !== rec.pairId) problem(`audit row ${row.id} is on pair ${pairOfRow(row)}, but ${rec.op} #${rec.seq} was posted to pair ${rec.pairId}`);
    if (rec.op === "note" && row.entityId !== rec.flagId) problem(`audit row ${row.id} updated flag ${row.entityId}, but note #${rec.seq} was for flag ${rec.flagId}`);
    if (rec.op === "flag" && rec.outcome === "ok" && row.entityId !== rec.flagId) problem(`audit row ${row.id} created flag ${row.entityId}, but the answer to #${rec.seq} said flag ${rec.flagId}`);
    if (rec.op === "merge" && Number(metaOf(row).merged) !== rec.otherPairId) problem(`merge #${rec.seq} of ${rec.pairId} with ${rec.otherPairId} is stored as merging ${String(metaOf(row).merged)}`);
    if (rec.op === "split" && rec.outcome === "ok" && Number(metaOf(row).created) !== rec.createdPairId) {
      problem(`split #${rec.seq} answered pair ${rec.createdPairId} as created, the audit row says ${String(metaOf(row).created)}`);
    }
  }
  const isStored = (rec: WriteRecord) => stored.has(rec);

  // ---- 2. flags ----------------------------------------------------------------------------
  const flags = await db.flag.findMany({
    where: { pair: { bitextId }, source: "editor" },
    select: { id: true, note: true, version: true, pairId: true },
  });
  const flagById = new Map(flags.map((f) => [f.id, f]));
  const addedFlags = new Map<number, WriteRecord>();
  for (const [rec, row] of stored) if (rec.op === "flag" && row.entityId !== null) addedFlags.set(row.entityId, rec);
  for (const [id, rec] of addedFlags) if (!flagById.has(id)) problem(`LOST: flag ${id} added by #${rec.seq} is not in the database`);
  for (const f of flags) if (!addedFlags.has(f.id)) problem(`UNACKNOWLEDGED flag ${f.id} (note "${f.note.slice(0, 60)}") was added by no stored request`);
  const changesByFlag = new Map<number, { auditId: number; token: string; update: boolean }[]>();
  for (const [rec, row] of stored) {
    if (rec.op !== "flag" && rec.op !== "note") continue;
    const id = row.entityId ?? -1;
    changesByFlag.set(id, [...(changesByFlag.get(id) ?? []), { auditId: row.id, token: rec.token ?? "", update: rec.op === "note" }]);
    if (rec.op === "note") {
      const patch = (metaOf(row).patch ?? {}) as { note?: string };
      if (!patch.note?.includes(rec.token ?? "\0")) problem(`audit row ${row.id} of note #${rec.seq} does not carry its note ${rec.token}`);
    }
  }
  for (const f of flags) {
    const changes = (changesByFlag.get(f.id) ?? []).sort((a, b) => a.auditId - b.auditId);
    if (!changes.length) continue;
    const lastToken = changes[changes.length - 1].token;
    if (!f.note.includes(lastToken)) problem(`flag ${f.id} has note "${f.note}", expected the last stored change ${lastToken}`);
    const updates = changes.filter((c) => c.update).length;
    if (f.version !== 1 + updates) problem(`flag ${f.id} has version ${f.version} after ${updates} stored note updates (expected ${1 + updates})`);
  }
  const tokenInFlags = new Map<string, number>();
  const tokenRe = /\[LT-\d+\]/g;
  for (const f of flags) for (const t of f.note.match(tokenRe) ?? []) tokenInFlags.set(t, (tokenInFlags.get(t) ?? 0) + 1);
  const noteTokensInAudit = new Set<string>();
  for (const row of rows) {
    if (row.action !== "flag.update") continue;
    const note = ((metaOf(row).patch ?? {}) as { note?: string }).note ?? "";
    for (const t of note.match(tokenRe) ?? []) noteTokensInAudit.add(t);
  }
  for (const rec of records) {
    if ((rec.op !== "flag" && rec.op !== "note") || !rec.token) continue;
    if (isStored(rec)) {
      if (rec.op === "flag" && (tokenInFlags.get(rec.token) ?? 0) > 1) problem(`DUPLICATED: flag token ${rec.token} is on ${tokenInFlags.get(rec.token)} flags`);
      continue;
    }
    if (tokenInFlags.has(rec.token)) problem(`UNACKNOWLEDGED ${rec.op} #${rec.seq} (${rec.outcome}) left a flag with its token ${rec.token}`);
    if (rec.op === "note" && noteTokensInAudit.has(rec.token)) problem(`UNACKNOWLEDGED note #${rec.seq} (${rec.outcome}) left an audit row with its token ${rec.token}`);
  }

  // ---- 3. corrections ------------------------------------------------------------------------
  const corrections = await db.correction.findMany({
    where: { sentence: { document: { bitextId } } },
    select: { id: true, correctedText: true },
  });
  const rowsByToken = new Map<string, { id: number; correctedText: string }[]>();
  for (const c of corrections) for (const t of c.correctedText.match(tokenRe) ?? []) rowsByToken.set(t, [...(rowsByToken.get(t) ?? []), c]);
  let expectedCorrectionRows = 0;
  for (const rec of records) {
    if (rec.op !== "correct" || !rec.token) continue;
    const found = rowsByToken.get(rec.token) ?? [];
    if (isStored(rec)) {
      expectedCorrectionRows += rec.expectedRows ?? 0;
      if (found.length === 0) problem(`LOST: correction #${rec.seq} (${rec.token}) has no correction row`);
      else if (found.length > 1) problem(`DUPLICATED: correction #${rec.seq} (${rec.token}) is in ${found.length} rows`);
      else if (found[0].correctedText !== rec.expectedText) {
        problem(`correction #${rec.seq} stored "${found[0].correctedText.slice(0, 80)}", expected "${(rec.expectedText ?? "").slice(0, 80)}"`);
      }
    } else if (found.length) {
      problem(`UNACKNOWLEDGED correction #${rec.seq} (${rec.outcome}) left ${found.length} correction row(s)`);
    }
  }
  if (corrections.length !== expectedCorrectionRows) {
    problem(`${corrections.length} correction rows in the bitext, the stored corrections create ${expectedCorrectionRows}`);
  }

  // ---- 4. pairs: set and version chains -----------------------------------------------------
  const pairs = await db.alignmentPair.findMany({ where: { bitextId }, select: { id: true, version: true } });
  const expectedIds = new Set(input.initialPairIds);
  for (const [rec, row] of [...stored].sort((a, b) => a[1].id - b[1].id)) {
    if (rec.op === "split") expectedIds.add(Number(metaOf(row).created));
    if (rec.op === "merge") expectedIds.delete(Number(metaOf(row).merged));
  }
  const actualIds = new Set(pairs.map((p) => p.id));
  for (const id of expectedIds) if (!actualIds.has(id)) problem(`pair ${id} should exist (initial or created by a stored split, and merged by none) but does not`);
  for (const id of actualIds) if (!expectedIds.has(id)) problem(`pair ${id} exists but is neither initial nor created by a stored split (or a stored merge removed it)`);

  // A change that bumps a pair's version must bump exactly the version the previous stored
  // change left (audit ids follow commit order per pair: the claim locks the row until
  // commit). Changes that claim the pair also read that version before; a flag update only
  // bumps the pair when the flag changes its status and does not claim it, so on PostgreSQL
  // its "before" may predate a change committed meanwhile: only its increment is checked.
  const chain = new Map<number, number>(input.initialPairIds.map((id) => [id, 1]));
  for (const row of rows) {
    const before = new Map(snapPairs(row.before).map((p) => [p.id, p.version]));
    for (const p of snapPairs(row.after)) {
      const was = before.get(p.id);
      const cur = chain.get(p.id);
      if (was === undefined) {
        if (cur !== undefined) problem(`pair ${p.id} appears as created by audit row ${row.id} (${row.action}) but existed before`);
        else if (p.version !== 1) problem(`pair ${p.id} was created by audit row ${row.id} with version ${p.version}`);
        chain.set(p.id, p.version);
        continue;
      }
      if (p.version === was) continue;
      if (cur === undefined) problem(`pair ${p.id} changed by audit row ${row.id} (${row.action}) is neither initial nor created by an earlier stored change`);
      else if (p.version !== cur + 1) problem(`pair ${p.id}: audit row ${row.id} (${row.action}) left version ${p.version}, one change after version ${cur} it should be ${cur + 1}`);
      else if (row.action !== "flag.update" && was !== cur) problem(`pair ${p.id}: audit row ${row.id} (${row.action}) claimed version ${was}, but the previous stored change left ${cur}`);
      chain.set(p.id, p.version);
    }
    if (row.action === "merge") {
      const merged = Number(metaOf(row).merged);
      if (chain.get(merged) !== before.get(merged)) problem(`pair ${merged} merged by audit row ${row.id} was claimed at version ${before.get(merged)}, the previous stored change left ${chain.get(merged)}`);
      chain.delete(merged);
    }
  }
  for (const p of pairs) {
    const v = chain.get(p.id);
    if (v !== undefined && v !== p.version) problem(`pair ${p.id} has version ${p.version}, but its last stored change left version ${v}`);
  }

  // ---- 5. invariants -------------------------------------------------------------------------
  for (const v of await checkBitextInvariants(db, bitextId)) problem(`invariant: ${v}`);
  const docs = await db.document.findMany({ where: { bitextId }, select: { id: true } });
  const loose = await db.sentence.count({
    where: { documentId: { in: docs.map((d) => d.id) }, OR: [{ pairId: null }, { pair: { bitextId: { not: bitextId } } }] },
  });
  if (loose) problem(`invariant: ${loose} sentence(s) of the bitext are in no pair of it`);
  const dupPositions = await db.alignmentPair.groupBy({ by: ["position"], where: { bitextId }, _count: { _all: true }, having: { position: { _count: { gt: 1 } } } });
  if (dupPositions.length) problem(`invariant: ${dupPositions.length} pair position(s) are used more than once (e.g. ${dupPositions[0].position})`);

  const unansweredStored = unanswered.filter(isStored).length;
  return {
    problems,
    stats: {
      auditRows: rows.length,
      acknowledged: acked.length,
      unansweredStored,
      unansweredNotStored: unanswered.length - unansweredStored,
      editorFlags: flags.length,
      corrections: corrections.length,
      pairs: pairs.length,
    },
  };
}

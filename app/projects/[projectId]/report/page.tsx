// The project report: size, review progress, editors' flags and the MQM-style penalty,
// automatic findings (apart), score distribution and the worst pairs; CSV / JSON downloads.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getProjectReport, MQM_WEIGHTS, type WorstPair } from "@/lib/db/report";
import { CHECKS } from "@/lib/qa";
import { pageProject, sessionProjectRole } from "@/lib/auth/session";
import { ScoreHistogram, SeverityBars, SeverityLegend, ShareBar } from "./charts";
import s from "./report.module.css";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  const p = Number.isSafeInteger(id) && (await sessionProjectRole(id)) ? await getDb().project.findUnique({ where: { id }, select: { name: true } }) : null;
  return { title: p ? `Report: ${p.name} · Parallax` : "Report · Parallax" };
}

const n = (x: number) => x.toLocaleString("en");
const fmt = (x: number | null, digits = 1) => (x === null ? "—" : x.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 }));

export default async function ReportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const id = Number((await params).projectId);
  if (!Number.isSafeInteger(id)) notFound();
  await pageProject(id, `/projects/${id}/report`);
  const r = await getProjectReport(getDb(), id);
  if (!r) notFound();
  const t = r.totals;
  const ef = r.editorFlags;
  const cf = r.checkFindings;
  const rule = new Map(CHECKS.map((c) => [c.id, c.rule]));
  const api = `/api/projects/${id}/report`;

  return (
    <div className={s.page}>
      <p className="muted">
        <Link href="/">Projects</Link> / <Link href={`/projects/${id}`}>{r.project.name}</Link> /
      </p>
      <div className={s.head}>
        <h1>Report</h1>
        <div className={s.downloads}>
          <a className="button" href={`${api}?format=csv`} download>
            Download CSV
          </a>
          <a className="button secondary" href={`${api}?format=json`} download>
            Download JSON
          </a>
        </div>
      </div>
      <p className="muted">
        {r.project.name} · {plural(t.bitexts, "document pair")} · generated {r.generatedAt.slice(0, 16).replace("T", " ")} UTC
      </p>

      <dl className={s.kpis} aria-label="Totals">
        <div>
          <dt>Pairs</dt>
          <dd data-testid="report-pairs">{n(t.pairs)}</dd>
          <p>
            {n(t.gaps)} gaps{t.clutter ? ` · ${n(t.clutter)} excluded` : ""}
          </p>
        </div>
        <div>
          <dt>Words</dt>
          <dd data-testid="report-words">{n(t.words)}</dd>
          <p>
            {n(t.enWords)} English words + {n(t.zhChars)} Chinese characters
          </p>
        </div>
        <div>
          <dt>Reviewed</dt>
          <dd data-testid="report-reviewed">{fmt(t.reviewedPct)}%</dd>
          <p>
            <ShareBar pct={t.reviewedPct} label={`${t.reviewedPct}% reviewed`} /> {n(t.reviewed)} of {n(t.pairs - t.clutter)} pairs
          </p>
        </div>
        <div>
          <dt>Editor penalty / 1,000 words</dt>
          <dd data-testid="report-penalty">{fmt(ef.penaltyPer1000, 2)}</dd>
          <p>
            {n(ef.penalty)} points from {n(ef.open + ef.resolved)} flags · open only: {fmt(ef.openPenaltyPer1000, 2)}
          </p>
        </div>
        <div>
          <dt>Automatic findings</dt>
          <dd data-testid="report-findings">{n(cf.open)}</dd>
          <p>
            open · {n(cf.dismissed)} dismissed · {fmt(cf.penaltyPer1000, 2)} points / 1,000 words
          </p>
        </div>
        <div>
          <dt>Mean score</dt>
          <dd>{fmt(t.meanScore)}</dd>
          <p>alignment score of the matched pairs</p>
        </div>
      </dl>

      <div className={s.grid}>
        <section className={`card ${s.panel}`} aria-label="Editors' flags">
          <h2>Editors&rsquo; flags by category</h2>
          <p className="muted">
            {n(ef.open)} open, {n(ef.resolved)} resolved · critical {ef.bySeverity.critical}, major {ef.bySeverity.major}, minor {ef.bySeverity.minor},
            neutral {ef.bySeverity.neutral} · {n(ef.spans)} on a span · MQM core categories
          </p>
          <SeverityBars
            label="Editors' flags by category and severity"
            empty="No editor has flagged anything yet."
            rows={Object.entries(ef.byCategory).map(([k, counts]) => ({ key: k, label: k, counts }))}
          />
          <SeverityLegend />
        </section>
        <section className={`card ${s.panel}`} aria-label="Automatic findings">
          <h2>Automatic findings by check</h2>
          <p className="muted">
            {n(cf.open)} open ({cf.bySeverity.critical} critical, {cf.bySeverity.major} major, {cf.bySeverity.minor} minor), {n(cf.dismissed)} dismissed.
            Not part of the editors&rsquo; penalty.
          </p>
          <SeverityBars
            label="Open automatic findings by check and severity"
            empty="No open automatic findings."
            rows={Object.entries(cf.byCheck)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, c]) => ({ key: k, label: k, counts: c, note: c.dismissed ? `(+${c.dismissed} dismissed)` : undefined }))}
          />
          <SeverityLegend />
        </section>
        <section className={`card ${s.panel}`} aria-label="Scores">
          <h2>Alignment scores</h2>
          <p className="muted">Matched pairs per score range (gaps are not scored).</p>
          <ScoreHistogram bins={r.scoreHistogram} />
        </section>
        <section className={`card ${s.panel}`} aria-label="Document pairs">
          <h2>Document pairs</h2>
          <table className={s.table}>
            <thead>
              <tr>
                <th>Document pair</th>
                <th className={s.num}>Pairs</th>
                <th className={s.num}>Words</th>
                <th className={s.num}>Reviewed</th>
                <th className={s.num} title="Editors' penalty per 1,000 English words">Penalty</th>
                <th className={s.num}>Findings</th>
              </tr>
            </thead>
            <tbody>
              {r.bitexts.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link href={`/projects/${id}/bitexts/${b.id}`}>{b.title}</Link>
                  </td>
                  <td className={s.num}>{n(b.pairs)}</td>
                  <td className={s.num}>{n(b.words)}</td>
                  <td className={s.num}>{fmt(b.reviewedPct)}%</td>
                  <td className={s.num}>{fmt(b.editorFlags.penaltyPer1000, 2)}</td>
                  <td className={s.num}>{n(b.checkFindings.open)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      {r.spanFlags.length > 0 && (
        <section className={`card ${s.panel}`} aria-label="Span flags">
          <h2>Flagged spans</h2>
          <ul>
            {r.spanFlags.slice(0, 50).map((f, i) => (
              <li key={i}>
                {f.bitextTitle} · pair {f.pair} · {f.category} ({f.severity}) · {f.side} {f.start}–{f.end}
                {f.detached ? " (detached)" : ""}: <q lang={f.side === "zh" ? "zh-CN" : "en"}>{f.text}</q>
              </li>
            ))}
          </ul>
          {r.spanFlags.length > 50 && <p className="muted">… and {n(r.spanFlags.length - 50)} more in the CSV/JSON download.</p>}
        </section>
      )}

      <div className={s.grid}>
        <WorstTable title="Most penalised pairs" label="Most penalised pairs" pairs={r.worstPairs.mostPenalised} empty="No flags or findings." penalty />
        <WorstTable title="Lowest alignment scores" label="Lowest scores" pairs={r.worstPairs.lowestScore} empty="No scored pairs." />
      </div>

      <section className={`card ${s.panel} ${s.method}`} aria-label="Method">
        <h2>How the penalty is computed</h2>
        <ul>
          <li>
            MQM weights per flag: neutral {MQM_WEIGHTS.neutral}, minor {MQM_WEIGHTS.minor}, major {MQM_WEIGHTS.major}, critical{" "}
            {MQM_WEIGHTS.critical} points. A flag on a span counts once, like a flag on the whole pair.
          </li>
          <li>
            The headline penalty counts <strong>editors&rsquo; flags, open and resolved</strong>: a resolved flag is an error the review found in
            the translation as delivered. The penalty of the flags still open is shown beside it.
          </li>
          <li>Automatic findings never enter it; their penalty (open findings, dismissed ones left out) is shown apart.</li>
          <li>
            Normalised per 1,000 <strong>English (target) words</strong> ({n(t.enWords)} here); words are counted in the current (corrected)
            text, excluded sentences left out.
          </li>
        </ul>
        <details>
          <summary>The automatic checks</summary>
          <dl className={s.checks}>
            {CHECKS.map((c) => (
              <div key={c.id}>
                <dt>
                  <code>{c.id}</code> <span className="muted">({c.category})</span>
                </dt>
                <dd>{rule.get(c.id)}</dd>
              </div>
            ))}
          </dl>
        </details>
      </section>
    </div>
  );
}

function WorstTable({ title, label, pairs, empty, penalty }: { title: string; label: string; pairs: WorstPair[]; empty: string; penalty?: boolean }) {
  return (
    <section className={`card ${s.panel}`} aria-label={label}>
      <h2>{title}</h2>
      {pairs.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className={s.table}>
          <thead>
            <tr>
              <th>Pair</th>
              <th>Text</th>
              <th className={s.num}>Score</th>
              {penalty && <th className={s.num} title="Editors' flags (open + resolved)">Editor pts</th>}
              {penalty && <th className={s.num} title="Open automatic findings">Check pts</th>}
            </tr>
          </thead>
          <tbody>
            {pairs.map((p) => (
              <tr key={p.pairId}>
                <td className={s.pairNo}>
                  <Link href={p.href} title={`Review pair ${p.number} of ${p.bitextTitle}`}>
                    #{p.number}
                  </Link>
                </td>
                <td className={s.text}>
                  {p.en && <span>{p.en}</span>}
                  {p.zh && (
                    <span lang="zh-Hans" className={s.zh}>
                      {p.zh}
                    </span>
                  )}
                  {penalty && (p.editorFlags.length > 0 || p.checkFindings.length > 0) && (
                    <span className={s.flags}>{[...p.editorFlags, ...p.checkFindings.map((c) => `⚙ ${c}`)].join(" · ")}</span>
                  )}
                </td>
                <td className={s.num}>{p.score === null ? "gap" : Math.round(p.score)}</td>
                {penalty && <td className={s.num}>{p.editorPenalty}</td>}
                {penalty && <td className={s.num}>{p.checkPenalty}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

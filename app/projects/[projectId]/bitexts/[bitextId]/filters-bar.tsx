"use client";
// The filter bar: search, score and confidence ranges, status, editors' flags, automatic checks,
// gaps, crossing, and the sort ("needs attention first" by default). `tools` is the place for
// more controls in the bar (search options, for one).
import type { ReactNode, RefObject } from "react";
import { plural } from "@/lib/text/plural";
import { FLAG_CATEGORIES, FLAG_SEVERITIES, NO_FILTERS, STATUSES, isFiltered, type CheckInfo, type Filters } from "./client-api";
import { ConfidenceFilter } from "./confidence-filter";
import s from "./review.module.css";

export const SORTS: [Filters["sort"], string][] = [
  ["attention", "needs attention first"],
  ["position", "reading order"],
  ["score-asc", "score, lowest first"],
  ["score-desc", "score, highest first"],
  ["confidence-asc", "confidence, lowest first"],
  ["confidence-desc", "confidence, highest first"],
];

interface Props {
  filters: Filters;
  setFilters: (f: Filters | ((f: Filters) => Filters)) => void;
  checks: CheckInfo[];
  shown: number;
  total: number;
  loading: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  tools?: ReactNode;
}

export function FiltersBar({ filters, setFilters, checks, shown, total, loading, searchRef, tools }: Props) {
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const filtered = isFiltered(filters);
  const categories = [...new Set(checks.map((c) => c.category))];
  return (
    <form
      className={s.filters}
      aria-label="Filters"
      onSubmit={(e) => e.preventDefault()}
      // Esc leaves the filter being set, so the review keys work again (the filter stays)
      onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLElement).blur?.()}
    >
      <label className={s.search}>
        <span className={s.srOnly}>Search</span>
        <input ref={searchRef} type="search" placeholder="Search English / 中文   /" value={filters.q} onChange={(e) => set("q", e.target.value)} onKeyDown={(e) => e.key === "Escape" && (e.target as HTMLInputElement).blur()} />
      </label>
      {tools}
      <label title="Needs attention first: pairs to review, or with an open flag or finding, before reviewed ones (gaps and open problems first, then the weaker of confidence and score); web clutter last">
        Sort
        <select value={filters.sort} onChange={(e) => set("sort", e.target.value as Filters["sort"])}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Score
        <input type="number" min={0} max={100} value={filters.minScore} placeholder="0" onChange={(e) => set("minScore", e.target.value)} aria-label="Minimum score" />–
        <input type="number" min={0} max={100} value={filters.maxScore} placeholder="100" onChange={(e) => set("maxScore", e.target.value)} aria-label="Maximum score" />
      </label>
      <ConfidenceFilter min={filters.minConfidence} max={filters.maxConfidence} onChange={set} />
      <label>
        Status
        <select value={filters.status} onChange={(e) => set("status", e.target.value)}>
          <option value="">any</option>
          {STATUSES.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
      </label>
      <label>
        Editor flags
        <select value={filters.category} onChange={(e) => set("category", e.target.value)} aria-label="Flag category">
          <option value="">any category</option>
          {FLAG_CATEGORIES.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <select value={filters.severity} onChange={(e) => set("severity", e.target.value)} aria-label="Flag severity">
          <option value="">any severity</option>
          {FLAG_SEVERITIES.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
      </label>
      <label>
        Checks
        <select value={filters.check} onChange={(e) => set("check", e.target.value)} aria-label="Check filter">
          <option value="">any pair</option>
          <option value="any">with an open finding</option>
          <option value="none">without an open finding</option>
          <optgroup label="by category">
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </optgroup>
          <optgroup label="by check">
            {checks.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className={s.check}>
        <input type="checkbox" checked={filters.gaps} onChange={(e) => set("gaps", e.target.checked)} /> only gaps
      </label>
      <label className={s.check}>
        <input type="checkbox" checked={filters.crossing} onChange={(e) => set("crossing", e.target.checked)} /> only crossing
      </label>
      {filtered && (
        <button type="button" className={s.link} onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}>
          Clear filters
        </button>
      )}
      <span className={s.shown} data-testid="shown">
        {filtered ? `${shown.toLocaleString("en")} of ${plural(total, "pair")}` : ""}
        {loading ? " …" : ""}
      </span>
    </form>
  );
}

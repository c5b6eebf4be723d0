"use client";
// Search options beside the search box: case-sensitive, whole word, regular expression, and which
// language (the index filter's qCase / qWord / qRegex / qLang, see lib/text/search.ts).
import s from "./review-ops.module.css";

export interface SearchOptionsValue {
  qCase: boolean;
  qWord: boolean;
  qRegex: boolean;
  /** "" (both), "en" or "zh" */
  qLang: string;
}

export function SearchOptions({ value, onChange }: { value: SearchOptionsValue; onChange: (patch: Partial<SearchOptionsValue>) => void }) {
  const toggle = (k: "qCase" | "qWord" | "qRegex", label: string, title: string) => (
    <button type="button" aria-pressed={value[k]} title={title} onClick={() => onChange({ [k]: !value[k] })}>
      {label}
    </button>
  );
  return (
    <span className={s.toggles} role="group" aria-label="Search options" data-testid="search-options">
      {toggle("qCase", "Aa", "Match case")}
      {toggle("qWord", "W", "Whole words (Chinese: word boundaries of a dictionary segmentation)")}
      {toggle("qRegex", ".*", "Regular expression")}
      <select value={value.qLang} onChange={(e) => onChange({ qLang: e.target.value })} aria-label="Search in">
        <option value="">both</option>
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </span>
  );
}

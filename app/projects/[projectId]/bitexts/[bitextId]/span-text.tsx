"use client";
// A sentence with its flagged spans highlighted (segments from span-highlight.ts).
import type { SpanMark } from "./span-highlight";
import { spanSegments } from "./span-highlight";
import s from "./review-ops.module.css";

export function SpanText({ text, spans }: { text: string; spans: SpanMark[] }) {
  return (
    <>
      {spanSegments(text, spans).map((seg, i) => {
        if (!seg.marks.length) return <span key={i}>{seg.text}</span>;
        const worst = seg.marks[seg.marks.length - 1];
        return (
          <mark
            key={i}
            className={s.span}
            data-span-flag={seg.marks.map((m) => m.flagId).join(" ")}
            data-severity={worst.severity}
            data-resolved={seg.marks.every((m) => m.resolved)}
            title={seg.marks.map((m) => `${m.category} (${m.severity})`).join("; ")}
          >
            {seg.text}
          </mark>
        );
      })}
    </>
  );
}

"use client";
// Windowed list: only the rows near the viewport are in the DOM. Row heights start from an
// estimate and are replaced by measured heights (one ResizeObserver for all rows); offsets
// are prefix sums over the ids, found by binary search. When a row above the viewport turns
// out taller or shorter than assumed, the scroll position is corrected so nothing jumps.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";

interface Props {
  ids: number[];
  estimate: number;
  /** index (in ids) of the focused row; kept in view when it changes */
  focusIndex: number;
  renderRow: (id: number, index: number) => ReactNode;
  /** the rows in and around the viewport (to fetch them) */
  onRange: (start: number, end: number) => void;
  className?: string;
  label: string;
  activeDescendant?: string;
  empty?: ReactNode;
}

const OVERSCAN_PX = 600;

function firstAtOrAfter(offsets: Float64Array, n: number, y: number): number {
  // largest i in [0, n) with offsets[i] <= y
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function VirtualList({ ids, estimate, focusIndex, renderRow, onRange, className, label, activeDescendant, empty }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<number, number>());
  const [tick, setTick] = useState(0);
  const [view, setView] = useState({ top: 0, height: 900 });

  const offsets = useMemo(() => {
    void tick;
    const o = new Float64Array(ids.length + 1);
    for (let i = 0; i < ids.length; i++) o[i + 1] = o[i] + (heights.current.get(ids[i]) ?? estimate);
    return o;
  }, [ids, tick, estimate]);
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  const indexRef = useRef(indexOf);
  indexRef.current = indexOf;

  // one observer for every rendered row
  const observer = useMemo(() => {
    if (typeof ResizeObserver === "undefined") return null;
    return new ResizeObserver((entries) => {
      const el = ref.current;
      let changed = false;
      let correction = 0;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const id = Number(target.dataset.vid);
        const h = entry.borderBoxSize?.[0]?.blockSize ?? target.getBoundingClientRect().height;
        if (!h) continue;
        const old = heights.current.get(id) ?? estimate;
        if (Math.abs(h - old) < 0.5) continue;
        heights.current.set(id, h);
        changed = true;
        const i = indexRef.current.get(id);
        if (el && i !== undefined && offsetsRef.current[i] + old <= el.scrollTop + 1) correction += h - old;
      }
      if (!changed) return;
      if (el && correction) el.scrollTop += correction;
      setTick((t) => t + 1);
    });
  }, [estimate]);
  useEffect(() => () => observer?.disconnect(), [observer]);

  const measure = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el || !observer) return;
      observer.observe(el);
      return () => observer.unobserve(el);
    },
    [observer],
  );

  // viewport
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(onScroll);
    ro?.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const n = ids.length;
  const total = offsets[n];
  const start = n ? firstAtOrAfter(offsets, n, Math.max(0, view.top - OVERSCAN_PX)) : 0;
  const endY = view.top + view.height + OVERSCAN_PX;
  let end = start;
  while (end < n && offsets[end] < endY) end++;

  // tell the parent what to fetch (a little wider than what is drawn)
  const visStart = n ? firstAtOrAfter(offsets, n, view.top) : 0;
  useEffect(() => {
    if (!n) return;
    const span = Math.max(10, end - start);
    onRange(Math.max(0, visStart - span), Math.min(n, end + span));
  }, [visStart, start, end, n, onRange]);

  // keep the focused row in view: when the focus moves, and while the rows around it are
  // being measured (until the user scrolls by hand or a second has passed)
  const pinned = useRef(0);
  useLayoutEffect(() => {
    pinned.current = Date.now() + 1000;
  }, [focusIndex]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const release = () => (pinned.current = 0);
    el.addEventListener("wheel", release, { passive: true });
    el.addEventListener("pointerdown", release);
    el.addEventListener("touchstart", release, { passive: true });
    return () => {
      el.removeEventListener("wheel", release);
      el.removeEventListener("pointerdown", release);
      el.removeEventListener("touchstart", release);
    };
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || focusIndex < 0 || focusIndex >= n || Date.now() > pinned.current) return;
    const o = offsets;
    const top = o[focusIndex];
    const bottom = o[focusIndex + 1];
    const pad = 24;
    if (top < el.scrollTop + pad) el.scrollTop = Math.max(0, top - pad);
    else if (bottom > el.scrollTop + el.clientHeight - pad) {
      el.scrollTop = Math.min(top - pad, bottom - el.clientHeight + pad);
    }
  }, [focusIndex, n, offsets]);

  const items: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const id = ids[i];
    items.push(
      <div key={id} ref={measure} data-vid={id} className="vrow" style={{ position: "absolute", top: offsets[i], left: 0, right: 0 }}>
        {renderRow(id, i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      className={className}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeDescendant}
      tabIndex={0}
      data-total-height={Math.round(total)}
    >
      {n === 0 ? empty : <div style={{ position: "relative", height: total }}>{items}</div>}
    </div>
  );
}

"use client";
// The width of the inspector beside the list: dragged with the separator, or set with the arrow
// keys on it (Home / End: narrowest / widest), remembered in this browser (localStorage).
import { useCallback, useEffect, useState, type KeyboardEvent, type PointerEvent } from "react";

const KEY = "parallax.inspectorWidth";
export const SPLIT = { min: 300, max: 720, initial: 400, step: 24 };

export const clampWidth = (w: number) => Math.round(Math.min(SPLIT.max, Math.max(SPLIT.min, w)));

export function useSplitWidth() {
  const [width, setWidth] = useState(SPLIT.initial);
  useEffect(() => {
    const saved = Number(localStorage.getItem(KEY));
    if (saved) setWidth(clampWidth(saved));
  }, []);
  const set = useCallback((w: number) => {
    const v = clampWidth(w);
    setWidth(v);
    try {
      localStorage.setItem(KEY, String(v));
    } catch {
      /* no storage: not remembered */
    }
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    // the inspector is on the right: moving the separator left widens it
    const to = { ArrowLeft: width + SPLIT.step, ArrowRight: width - SPLIT.step, Home: SPLIT.min, End: SPLIT.max }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    set(to);
  };
  const onPointerDown = (e: PointerEvent) => {
    const startX = e.clientX;
    const startW = width;
    const move = (m: globalThis.PointerEvent) => set(startW + (startX - m.clientX));
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };
  const separator = {
    role: "separator",
    tabIndex: 0,
    "aria-orientation": "vertical" as const,
    "aria-label": "Resize the pair list and the details",
    "aria-valuemin": SPLIT.min,
    "aria-valuemax": SPLIT.max,
    "aria-valuenow": width,
    onKeyDown,
    onPointerDown,
  };
  return { width, separator };
}

// The review page's keyboard shortcuts as data: the `?` map, the hints on the buttons and the
// key handler (use-review-keys.ts) all read this table. A feature adds a key by adding an entry
// here (and its handler where the workspace builds the handlers: review-workspace.tsx).

export interface KeyBinding {
  /** what the key does, named for the handler table */
  action: string;
  /** KeyboardEvent.key values that trigger it ("C" is Shift+c) */
  keys: string[];
  /** how the map and the buttons show the keys */
  label: string;
  description: string;
  /** changes something: not offered to viewers */
  edits?: boolean;
  group: "Move" | "Review" | "Edit" | "Page";
}

export const KEY_TABLE: KeyBinding[] = [
  { action: "next", keys: ["j", "ArrowDown"], label: "j / ↓", description: "next pair", group: "Move" },
  { action: "prev", keys: ["k", "ArrowUp"], label: "k / ↑", description: "previous pair", group: "Move" },
  { action: "first", keys: ["Home"], label: "Home", description: "first pair", group: "Move" },
  { action: "last", keys: ["End"], label: "End", description: "last pair", group: "Move" },
  { action: "nextUnreviewed", keys: ["n"], label: "n", description: "next unreviewed pair", group: "Move" },
  { action: "prevUnreviewed", keys: ["N"], label: "Shift+N", description: "previous unreviewed pair", group: "Move" },
  { action: "nextFinding", keys: ["]"], label: "]", description: "next pair with an open finding", group: "Move" },
  { action: "prevFinding", keys: ["["], label: "[", description: "previous pair with an open finding", group: "Move" },
  { action: "goto", keys: ["g"], label: "g", description: "go to pair number…", group: "Move" },
  { action: "confirmNext", keys: ["c"], label: "c", description: "confirm the pair and move to the next unreviewed one", edits: true, group: "Review" },
  { action: "confirm", keys: ["C"], label: "Shift+C", description: "confirm the pair and stay on it", edits: true, group: "Review" },
  { action: "flag", keys: ["f"], label: "f", description: "flag the pair (a span: select its text, then “Flag a span” in the details)", edits: true, group: "Review" },
  { action: "bulk", keys: ["b"], label: "b", description: "bulk: confirm, exclude or flag every pair the filter shows (with a preview, one undo)", edits: true, group: "Review" },
  { action: "replace", keys: ["r"], label: "r", description: "find and replace over corrections (with a preview, one undo)", edits: true, group: "Edit" },
  { action: "edit", keys: ["e"], label: "e", description: "edit (correct) the text", edits: true, group: "Edit" },
  { action: "merge", keys: ["m"], label: "m", description: "merge with the next pair", edits: true, group: "Edit" },
  { action: "split", keys: ["s"], label: "s", description: "split the pair", edits: true, group: "Edit" },
  { action: "undo", keys: ["u"], label: "u", description: "undo your last change", edits: true, group: "Edit" },
  { action: "search", keys: ["/"], label: "/", description: "search the text (Tab on to the filters; Esc leaves a field)", group: "Page" },
  { action: "clearFilters", keys: ["x"], label: "x", description: "clear the filters (the sort stays)", group: "Page" },
  { action: "inspector", keys: ["i"], label: "i", description: "show or hide the pair's details (narrow screens)", group: "Page" },
  { action: "escape", keys: ["Escape"], label: "Esc", description: "close the form or the details", group: "Page" },
  { action: "help", keys: ["?"], label: "?", description: "show these shortcuts", group: "Page" },
];

/** The binding a key press triggers (none with Ctrl, Meta or Alt held). */
export function bindingFor(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }, table: KeyBinding[] = KEY_TABLE): KeyBinding | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  return table.find((b) => b.keys.includes(e.key));
}

/** The label of an action's keys, for a button ("Confirm (c)"); "" when it has none. */
export function keyHint(action: string, table: KeyBinding[] = KEY_TABLE): string {
  return table.find((b) => b.action === action)?.label ?? "";
}

/** No key is bound twice (a feature adding a key must pick a free one). */
export function duplicateKeys(table: KeyBinding[] = KEY_TABLE): string[] {
  const seen = new Set<string>();
  return table.flatMap((b) => b.keys).filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
}

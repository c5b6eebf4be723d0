// Command-line options of the load and crash tests: --name value or --name=value, checked,
// with a one-line message for anything unknown or malformed.

export class UsageError extends Error {
  override name = "UsageError";
}

export interface OptionSpec {
  /** integer options give a range; choice options the allowed values */
  int?: { min: number; max: number };
  num?: { min: number; max: number };
  choices?: readonly string[];
  flag?: boolean;
  default: string | number | boolean;
}

export function parseArgs<S extends Record<string, OptionSpec>>(argv: string[], spec: S, usage: string): { [K in keyof S]: S[K]["default"] } {
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v.default]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") throw new UsageError(usage);
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument "${arg}"\n${usage}`);
    const name = m[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${m[1]}\n${usage}`);
    if (s.flag) {
      out[name] = true;
      continue;
    }
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--${m[1]} needs a value`);
    if (s.choices) {
      if (!s.choices.includes(raw)) throw new UsageError(`--${m[1]} must be one of ${s.choices.join(", ")}, got "${raw}"`);
      out[name] = raw;
    } else if (s.int || s.num) {
      const n = Number(raw);
      const r = (s.int ?? s.num)!;
      if (!Number.isFinite(n) || (s.int && !Number.isInteger(n)) || n < r.min || n > r.max) {
        throw new UsageError(`--${m[1]} must be ${s.int ? "an integer" : "a number"} from ${r.min} to ${r.max}, got "${raw}"`);
      }
      out[name] = n;
    } else out[name] = raw;
  }
  return out as { [K in keyof S]: S[K]["default"] };
}

/**
 * Runs a benchmark's main(): usage errors print their message, anything else its stack, both
 * exit 1. If the event loop empties while main() still waits (a promise that can never
 * settle: a lost database or network call), it says so instead of ending silently with 0.
 */
export function runBenchmark(main: () => Promise<void>) {
  let finished = false;
  process.on("beforeExit", () => {
    if (finished) return;
    console.error("stopped: the benchmark was still waiting for a database or network call that can no longer complete");
    process.exit(1);
  });
  main()
    .then(() => (finished = true))
    .catch((err) => {
      finished = true;
      if (err instanceof UsageError) console.error(err.message);
      else console.error(err);
      process.exit(1);
    });
}

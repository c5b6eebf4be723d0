// Run at install (postinstall): builds the compact CC-CEDICT lexicon cache once, so that
// every later run only loads it (0.1 s instead of ~2 s). A failure here is not fatal: the
// lexicon is then built on first use.
import { loadCompactLexicon } from "../lib/lexicon/cedict";

try {
  const t = performance.now();
  loadCompactLexicon();
  console.log(`[parallax] lexicon ready (${Math.round(performance.now() - t)} ms)`);
} catch (err) {
  console.warn(`[parallax] the lexicon cache was not built now (${(err as Error).message}); it will be built on first use`);
}

// Counts in words through Intl.PluralRules: plural(1, "word") is "1 word", plural(2, "word")
// "2 words". Irregular plurals are given: plural(n, "match", "matches"). Numbers are grouped
// ("1,336 pairs"). One place for every count the interface shows.
const rules = new Intl.PluralRules("en");
const numbers = new Intl.NumberFormat("en");

/** The noun for `n`, without the number ("pair" / "pairs"). */
export function pluralNoun(n: number, one: string, other = `${one}s`): string {
  return rules.select(n) === "one" ? one : other;
}

/** "1 pair", "1,336 pairs". */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${numbers.format(n)} ${pluralNoun(n, one, other)}`;
}

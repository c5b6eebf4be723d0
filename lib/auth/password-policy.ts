// What a password must be, checked on the server at sign-up and at a password change
// (lib/auth/auth.ts): long enough, not only spaces, and not a common or easily guessed one.
// "Common" is zxcvbn's estimate (@zxcvbn-ts, the maintained TypeScript port of Dropbox's
// zxcvbn: ~49,000 common passwords, keyboard runs, sequences, repeats, dates, l33t), with
// the account's own name and email as words an attacker would try first.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./limits";

/** zxcvbn's score runs 0–4; below 2 is "too guessable" (under about a million guesses). */
export const MIN_PASSWORD_SCORE = 2;

let factory: ZxcvbnFactory | null = null;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

const WARNINGS: Record<string, string> = {
  topTen: "it is one of the ten most used passwords",
  topHundred: "it is one of the hundred most used passwords",
  common: "it is a commonly used password",
  similarToCommon: "it is too close to a commonly used password",
  simpleRepeat: "it repeats one character",
  extendedRepeat: "it repeats a short pattern",
  sequences: "it is a sequence such as abcdef or 123456",
  straightRow: "it is a row of keys on the keyboard",
  keyPattern: "it is a short keyboard pattern",
  recentYears: "it is mostly a recent year",
  dates: "it is mostly a date",
  namesByThemselves: "it is mostly a name",
  userInputs: "it is made from your name or email address",
};

/**
 * Why the password is refused, or null when it is acceptable. `userInputs` are the account's
 * name and email: a password built from them is refused too.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters for the password`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters for the password`;
  if (password.trim() === "") return "The password cannot be only spaces";
  const words = userInputs
    .flatMap((s) => [s.toLowerCase().replace(/\s+/g, ""), ...s.toLowerCase().split(/[\s@.+_-]+/)])
    .filter((w) => w.length >= 3);
  const result = estimator().check(password, words);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = WARNINGS[result.feedback.warning ?? ""] ?? "it is too easy to guess";
  return `Choose a password that is harder to guess: ${why}. A few unrelated words make a good one.`;
}

// Process lifetime helpers for `npm start` and the processes it runs (lib/cli/start.ts,
// serve.ts, worker.ts).

/**
 * Calls `onGone` once when the process that started this one has exited, seen as a change of
 * the parent process id (the orphan is adopted by init or a subreaper). `npm start` needs it:
 * npm passes SIGTERM to the shell that runs the script, which exits without passing it on,
 * so start.ts learns of the stop only from losing its parent; its children watch it the same
 * way in case it is killed outright. Checked twice a second; the timer keeps nothing alive.
 */
export function whenParentExits(onGone: () => void, everyMs = 500): void {
  const parent = process.ppid;
  // Started by init itself (pid 1, e.g. as a container's main process): nothing to watch.
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
}

// The npm registry reachable here serves only the Linux builds of packages that ship
// per-platform binaries (@node-rs/jieba, @next/swc), so `npm install` leaves the other
// platforms' optional packages out of package-lock.json and `npm ci` then refuses the
// lock as out of sync. This adds them back as optional entries with their os/cpu, which
// npm skips on a non-matching machine. Run after changing dependencies:
//   npx tsx tools/fix-lockfile.ts
import fs from "node:fs";
import path from "node:path";

const file = path.resolve(__dirname, "..", "package-lock.json");
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages: Record<string, any> = lock.packages;

function platformOf(name: string): { os: string[]; cpu: string[] } | null {
  const m = /-(android|darwin|freebsd|linux|win32)-(arm64|arm|x64|ia32)(?:-|$)/.exec(name);
  return m ? { os: [m[1]], cpu: [m[2]] } : null;
}

let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries<string>(entry.optionalDependencies ?? {})) {
    const at = `node_modules/${dep}`;
    if (packages[at] || (key && packages[`${key}/${at}`])) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[at] = { version, optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: added ${added} optional platform entries`);

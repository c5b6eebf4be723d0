import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Debian's Chromium (apt-get install chromium): Playwright cannot download its own here.
const executablePath =
  process.env.CHROMIUM_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

// The administrator's session (made by global-setup): one file per run, so that test runs side by
// side in one checkout never sign each other out. Workers inherit the variable from the runner.
process.env.PARALLAX_E2E_ADMIN_STATE ??= path.join(__dirname, "e2e", ".auth", `admin-${process.pid}.json`);

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts/,
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: process.env.PARALLAX_E2E_URL,
    // Signed in as the first (administrator) account, made by global-setup; specs that need
    // someone else open a context with another storage state (see e2e/accounts.ts).
    storageState: process.env.PARALLAX_E2E_ADMIN_STATE,
    viewport: { width: 1360, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});

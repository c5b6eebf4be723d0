// Run by e2e/xss.spec.ts through tsx (Playwright's loader cannot load the generated Prisma
// client): writes the payloads no form sets into the browser tests' database
// (PARALLAX_E2E_DATABASE_URL) — a project description (only seeds set one), a failed job with its
// error and the failed status of its document pair (job errors quote file names and contents),
// and an account named with a payload (made here rather than through sign-up, whose rate limit
// the other specs use up). Usage: tsx e2e/xss-db.ts '{"projectId":…,"bitextId":…,"description":…,
// "statusMessage":…,"jobError":…,"user":{"name":…,"email":…}}'
import { createDb } from "../lib/db/client";
import { createUser } from "../lib/db/users";

type Args = { projectId: number; bitextId: number; description: string; statusMessage: string; jobError: string; user: { name: string; email: string } };

async function main(a: Args) {
  const db = createDb(process.env.PARALLAX_E2E_DATABASE_URL);
  try {
    await db.project.update({ where: { id: a.projectId }, data: { description: a.description } });
    await db.bitext.update({ where: { id: a.bitextId }, data: { status: "failed", statusMessage: a.statusMessage } });
    const job = await db.job.findFirst({ where: { bitextId: a.bitextId }, orderBy: { id: "desc" } });
    if (!job) throw new Error(`document pair ${a.bitextId} has no job`);
    await db.job.update({ where: { id: job.id }, data: { status: "failed", error: a.jobError, attempts: 3 } });
    if (!(await db.user.findUnique({ where: { email: a.user.email } }))) await createUser(db, a.user);
  } finally {
    await db.$disconnect();
  }
}

main(JSON.parse(process.argv[2]) as Args).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

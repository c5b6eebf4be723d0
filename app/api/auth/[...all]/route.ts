// Better Auth's endpoints: sign-up, sign-in, sign-out, session (lib/auth/auth.ts configures
// them, including the invitation gate and the rate limits).
import { getAuth } from "@/lib/auth/auth";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  return (await getAuth()).handler(req);
}

export const GET = handle;
export const POST = handle;

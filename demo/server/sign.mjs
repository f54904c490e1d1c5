// The two signatures a shop's server makes, exactly as server/README.md
// specifies them. Shared by the demo shop backend, the seed script and tests.
import crypto from 'node:crypto';

/** X-Loyalty-Signature for a signed-in shopper: "<expires>.<hex HMAC(secret, shop|customer|expires)>". */
export function signCustomer(secret, shop, customer, ttlSeconds = 3600) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  const mac = crypto.createHmac('sha256', secret).update(`${shop}|${customer}|${expires}`).digest('hex');
  return { expires, signature: `${expires}.${mac}` };
}

/** A generic webhook: the raw body and its headers (hex HMAC-SHA256 of those exact bytes). */
export function signedWebhook(secret, event) {
  const body = JSON.stringify(event);
  const mac = crypto.createHmac('sha256', secret).update(body).digest('hex');
  return { body, headers: { 'Content-Type': 'application/json', 'X-Loyalty-Signature': mac } };
}

// DEMO ONLY. Seeds a demo shop with real data through the real server API:
// signed generic webhooks (orders, sign-ups, reviews), referral visits and
// redemptions through the shopper API. Deterministic (fixed ids), so running
// it again writes nothing twice: the server answers "duplicate".
//
//   node demo/server/seed.mjs --api http://127.0.0.1:8080 --shop demo --secret S --api-key K --customer demo-shopper \
//     [--receiver http://127.0.0.1:8081/notifications --receiver-secret R]
import { seedExperiment } from './seed-experiment.mjs';
import { seedMemberEvent } from './seed-member-event.mjs';
import { seedReceiver } from './seed-receiver.mjs';
import { signCustomer, signedWebhook } from './sign.mjs';
import { CATALOG } from '../src/catalog.js';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const { api, shop, secret, customer } = args;
const apiKey = args['api-key'];
const DAY = 86400;
const now = Math.floor(Date.now() / 1000);

// A small deterministic generator (mulberry32): the same history every run.
let seed = 20261128;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];

const counts = { applied: 0, duplicate: 0, other: 0 };
async function webhook(event) {
  const { body, headers } = signedWebhook(secret, event);
  const r = await fetch(`${api}/webhooks/generic/${shop}`, { method: 'POST', headers, body });
  const j = await r.json().catch(() => ({}));
  if (r.status !== 200) throw new Error(`webhook ${event.id}: ${r.status} ${JSON.stringify(j)}`);
  counts[j.status === 'applied' ? 'applied' : j.status === 'duplicate' ? 'duplicate' : 'other']++;
  return j;
}

function shopper(id) {
  const s = signCustomer(secret, shop, id, 600);
  return { 'X-Loyalty-Customer': id, 'X-Loyalty-Signature': s.signature };
}

function order(cust, n, at, items, profile) {
  const lines = items.map(([p, q], i) => ({
    id: String(i + 1), product_id: p.id, variant_id: p.variant, unit_price: p.price, quantity: q,
    collections: p.collections, tags: p.tags,
  }));
  const ev = { customer: cust, id: `seed-${cust}-${n}`, type: 'order_paid', at,
    order: { id: String(900000000 + hash(cust) * 100 + n), currency: 'EUR', lines } };
  if (profile) ev.profile = profile;
  return webhook(ev);
}
function hash(s) { let h = 7; for (const c of s) h = (h * 31 + c.charCodeAt(0)) % 1000000; return h; }

// The demo shopper: a history over eight months, the sign-up bonus (the program awards it on customer_created), reviews,
// a redemption, and one recent order whose points are still pending.
await webhook({ customer, id: `seed-${customer}-signup`, type: 'customer_created', at: now - 240 * DAY,
  profile: { email: 'demo.shopper@example.com' } });
const mine = [[230, [[CATALOG[0], 1]]], [170, [[CATALOG[1], 1], [CATALOG[3], 2]]], [110, [[CATALOG[2], 1]]],
  [60, [[CATALOG[4], 1], [CATALOG[5], 1]]], [5, [[CATALOG[3], 1]]]];
for (const [i, [daysAgo, items]] of mine.entries()) await order(customer, i + 1, now - daysAgo * DAY, items);
await webhook({ customer, id: `seed-${customer}-review-1`, type: 'action', action: 'review', at: now - 100 * DAY });
await webhook({ customer, id: `seed-${customer}-review-2`, type: 'action', action: 'photo_review', at: now - 50 * DAY });

// Forty other customers: one to six orders each, spread over eight months.
const others = Array.from({ length: 40 }, (_, i) => `c${String(i + 1).padStart(3, '0')}`);
for (const c of others) {
  await webhook({ customer: c, id: `seed-${c}-signup`, type: 'customer_created', at: now - 245 * DAY });
  const n = 1 + Math.floor(rand() * rand() * 6);
  for (let k = 1; k <= n; k++) {
    const items = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => [pick(CATALOG), 1 + Math.floor(rand() * 2)]);
    await order(c, k, now - Math.floor(5 + rand() * 235) * DAY, items);
  }
}

// Referrals: c001 shares a link, friends visit, four of them buy.
const me = await (await fetch(`${api}/api/v1/shops/${shop}/me`, { headers: shopper('c001') })).json();
const code = me.referral && me.referral.code;
const before = await (await fetch(`${api}/api/v1/admin/shops/${shop}/analytics`, { headers: { Authorization: `Bearer ${apiKey}` } })).json();
if (code && !(before.referrals && before.referrals.visits > 0))
  for (let i = 0; i < 9; i++)
    await fetch(`${api}/api/v1/shops/${shop}/referrals/visit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
if (code)
  for (let i = 1; i <= 4; i++)
    await order(`friend-${i}`, 1, now - (40 - i * 8) * DAY, [[CATALOG[0], 1]], { email: `friend${i}@example.com`, referred_by: code });

// Redemptions through the shopper API (fixed idempotency keys: once each).
async function redeem(cust, reward, key) {
  const r = await fetch(`${api}/api/v1/shops/${shop}/me/redemptions`, {
    method: 'POST', headers: { ...shopper(cust), 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ reward_id: reward }) });
  return r.status;
}
const redeemed = [await redeem(customer, 'free-shipping', `seed-${customer}-r1`)];
for (const c of others.slice(0, 12)) redeemed.push(await redeem(c, 'free-shipping', `seed-${c}-r1`));
const experiment = await seedExperiment({ api, shop, secret, apiKey, webhook, rand });
const memberEvent = await seedMemberEvent({ api, shop, apiKey, now });
await fetch(`${api}/api/v1/admin/shops/${shop}/tick`, { method: 'POST', headers: { Authorization: `Bearer ${apiKey}` } });
// Last: the history above is told to no receiver (a shop with none stores no notifications).
const receiver = args.receiver ? await seedReceiver({ api, shop, apiKey, url: args.receiver, secret: args['receiver-secret'] }) : null;
console.log(JSON.stringify({ msg: 'seeded', webhooks: counts, redemptions: redeemed.filter((s) => s === 201).length, referral_code: code, experiment, member_event: memberEvent, receiver }));

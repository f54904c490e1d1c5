// DEMO ONLY. Plays the part of the shop's own server next to loyalty-server:
// it knows the shop secret, signs the signed-in shopper's identity and sends
// signed order webhooks (what Shopify or WooCommerce would send). A real shop
// does the same in its own backend; the secret never reaches a browser.
//
//   node demo/server/shop-backend.mjs --api http://127.0.0.1:8080 --port 8081 \
//     --shop demo --secret S --customer demo-shopper --receiver-secret R --origin http://127.0.0.1:8080
//
// Routes (CORS only for the --origin values):
//   GET  /session  -> {customer, signature, expires}   a fresh 1-hour identity
//   POST /orders   {lines:[{product_id, unit_price, quantity, collections, tags}]}
//                  -> the loyalty server's answer to the signed generic webhook
//   POST /notifications  the shop's receiver of outgoing notifications (registered by seed-receiver.mjs):
//                  while switched off it answers 503, so they end in the dead-letter list; switched on it
//                  checks the signature (server/README.md's example) and records each notification id once
//   GET  /receiver -> {on, received: [{id, type, customer_id, at}]}; POST /receiver {on: true|false}
//   GET  /healthz
import http from 'node:http';
import { signCustomer, signedWebhook } from './sign.mjs';
import { verifyNotification } from './verify-notification.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const origins = process.argv.flatMap((a, i, all) => (a === '--origin' ? [all[i + 1]] : []));
const { api, shop, secret, customer } = args;
const receiverSecret = args['receiver-secret'];
const port = Number(args.port || 8081);
if (!api || !shop || !secret || !customer) {
  console.error('usage: shop-backend.mjs --api URL --port N --shop ID --secret S --customer ID [--receiver-secret R] [--origin URL ...]');
  process.exit(2);
}
const currency = args.currency || 'EUR';

function send(res, status, body, origin) {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  if (origin && origins.includes(origin)) Object.assign(headers, { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}

const readBody = async (req) => (await readRaw(req)).toString('utf8');
function readRaw(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => { size += c.length; if (size > 65536) { reject(new Error('too large')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// The demo receiver: off at start (the demo shows a dead letter), on after the merchant switches it on.
let receiving = false;
const received = new Map();
async function receive(req, res) {
  const raw = await readRaw(req);
  if (!receiving) return send(res, 503, { error: 'the demo receiver is switched off' });
  if (!receiverSecret || !verifyNotification(receiverSecret, req.headers, raw)) return send(res, 401, { error: 'bad signature' });
  const id = String(req.headers['x-loyalty-notification-id'] || '');
  const body = JSON.parse(raw.toString('utf8'));
  // At least once from the server: the notification id de-duplicates.
  if (!received.has(id)) received.set(id, { id, type: body.type, customer_id: body.customer_id, at: body.at });
  send(res, 200, { ok: true });
}

let orderSeq = 0;
let lastExpires = 0;
const server = http.createServer(async (req, res) => {
  const origin = req.headers.origin;
  try {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, origins.includes(origin) ? {
        'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600', Vary: 'Origin',
      } : {});
      return res.end();
    }
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true }, origin);
    if (req.method === 'GET' && url.pathname === '/session') {
      // Each identity gets a later expiry than the last one: the widget treats a new
      // signature as a new session and fetches the shopper's state again.
      let ttl = 3600;
      while (Math.floor(Date.now() / 1000) + ttl <= lastExpires) ttl++;
      const s = signCustomer(secret, shop, customer, ttl);
      lastExpires = s.expires;
      return send(res, 200, { customer, signature: s.signature, expires: s.expires }, origin);
    }
    if (req.method === 'POST' && url.pathname === '/notifications') return await receive(req, res);
    if (url.pathname === '/receiver' && req.method === 'POST') receiving = JSON.parse(await readBody(req)).on === true;
    if (url.pathname === '/receiver') return send(res, 200, { on: receiving, received: [...received.values()] }, origin);
    if (req.method === 'POST' && url.pathname === '/orders') {
      const input = JSON.parse((await readBody(req)) || '{}');
      const lines = Array.isArray(input.lines) ? input.lines.slice(0, 20) : [];
      if (!lines.length) return send(res, 400, { error: 'an order needs lines' }, origin);
      const orderId = String(Date.now() * 100 + (orderSeq++ % 100));
      const event = {
        customer, id: 'demo-order-' + orderId, type: 'order_paid', at: Math.floor(Date.now() / 1000),
        order: {
          id: orderId, currency,
          lines: lines.map((l, i) => ({
            id: String(i + 1), product_id: String(l.product_id), unit_price: Math.trunc(Number(l.unit_price)),
            quantity: Math.max(1, Math.trunc(Number(l.quantity) || 1)),
            ...(l.collections ? { collections: l.collections.map(String) } : {}),
            ...(l.tags ? { tags: l.tags.map(String) } : {}),
          })),
        },
      };
      const { body, headers } = signedWebhook(secret, event);
      const r = await fetch(`${api}/webhooks/generic/${encodeURIComponent(shop)}`, { method: 'POST', headers, body });
      const answer = await r.json().catch(() => ({}));
      return send(res, r.status, { order_id: orderId, status: r.status, answer }, origin);
    }
    send(res, 404, { error: 'not found' }, origin);
  } catch (e) {
    send(res, 500, { error: String(e && e.message ? e.message : e) }, origin);
  }
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'demo shop backend listening', port })));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));

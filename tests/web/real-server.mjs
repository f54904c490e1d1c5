// The real loyalty-server for browser tests. launchServer: the built binary on
// a free loopback port with a temporary SQLite database, shops created with its
// CLI as a merchant does, fed by signed webhooks (also the main suite's server,
// tests/web/fixture/server.mjs). startRealServer: one shop (the fashion
// example), `--static` over a folder holding web/dist as /dist; plus a small
// "shop" server on another origin whose pages embed the widget from the API's
// origin, as a site builder's page would.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { signedWebhook } from '../../demo/server/sign.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SHOP = 'atelier-nord';
export const SECRET = 'real-server-test-secret';
export const API_KEY = 'real-server-test-key';

/** The fashion store's clock is UTC+1 (utc_offset_minutes 60): its local date `days` from now. */
export const shopDay = (days) => new Date(Date.now() + 3600e3 + days * 86400e3).toISOString().slice(0, 10);

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** "<expires>.<hex HMAC-SHA256(secret, "<shop>|<customer>|<expires>")>" as the shop's server signs it. */
export function sign(customer, expires = Math.floor(Date.now() / 1000) + 3600) {
  return `${expires}.${crypto.createHmac('sha256', SECRET).update(`${SHOP}|${customer}|${expires}`).digest('hex')}`;
}

async function waitFor(url, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error('no answer from ' + url);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A product page that embeds the widget from `api` (its bundle at `${api}/dist/`). */
export function productPage(api, customer) {
  const ident = customer ? `customer="${customer}" signature="${sign(customer)}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Coat</title>
<link rel="stylesheet" href="${api}/dist/loyalty.css"><script type="module" src="${api}/dist/loyalty.js"></script></head>
<body><main><h1>Long wool coat</h1>
<loyalty-product-points api="${api}" shop="${SHOP}" ${ident} product-id="coat" variant-id="coat-charcoal" price="18900"
  quantity="1" collections="atelier-nord-label, outerwear" tags="wool"></loyalty-product-points></main>
<loyalty-widget api="${api}" shop="${SHOP}" ${ident}></loyalty-widget></body></html>`;
}

/** A cart page with the launcher and <loyalty-cart> (its cart set by the shop's own script). */
export function cartPage(api, customer) {
  const ident = customer ? `customer="${customer}" signature="${sign(customer)}"` : '';
  const cart = { currency: 'EUR', lines: [
    { id: '1', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1, unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] },
    { id: '2', product_id: 'scarf', variant_id: 'scarf-grey', quantity: 2, unit_price: 4500, collections: ['accessories'], tags: [] }] };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Cart</title>
<link rel="stylesheet" href="${api}/dist/loyalty.css"><script type="module" src="${api}/dist/loyalty.js"></script></head>
<body><main><h1>Your cart</h1><loyalty-cart id="cart" api="${api}" shop="${SHOP}" ${ident}></loyalty-cart></main>
<loyalty-widget api="${api}" shop="${SHOP}" ${ident}></loyalty-widget>
<script type="module">document.getElementById('cart').cart = ${JSON.stringify(cart)};</script></body></html>`;
}

/**
 * loyalty-server on 127.0.0.1:`port` (a free one when not given) with a SQLite
 * database in `tmp` (made when not given, removed by stop()). Each of `shops` ({id, secret, apiKey, programFile,
 * origins, args}) is created with `shop-create` first. `args` go to the server.
 */
export async function launchServer({ shops, port, tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-real-')), args = [] }) {
  const server = process.env.LOYALTY_SERVER || path.join(root, 'build/server/loyalty-server');
  const db = `sqlite:${path.join(tmp, 'loyalty.db')}`;
  for (const s of shops) {
    execFileSync(server, ['--db', db, 'shop-create', '--shop', s.id, '--secret', s.secret, '--api-key', s.apiKey,
      ...(s.origins || []).flatMap((o) => ['--origin', o]), '--program', s.programFile, ...(s.args || [])],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  port ??= await freePort();
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  const proc = spawn(server, ['--db', db, '--port', String(port), '--quiet', '--tick-interval', '0', ...args],
    { stdio: ['ignore', log, log] });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`);
  return {
    port, base, tmp,
    /** Posts a signed generic webhook; throws unless the server answers 200. */
    async webhook(shop, secret, event) {
      const { body, headers } = signedWebhook(secret, event);
      const r = await fetch(`${base}/webhooks/generic/${shop}`, { method: 'POST', headers, body });
      if (r.status !== 200) throw new Error(`webhook ${event.id} for ${shop}: ${r.status} ${await r.text()}`);
    },
    /**
     * Dismisses every note /me lists for the customer, as the shopper would:
     * the suite's seeded shoppers have seen theirs, so their pages load no
     * notes chunk (tests/web/notes.test.mjs makes shoppers with notes).
     */
    async dismissNotes(shop, secret, customer) {
      const expires = Math.floor(Date.now() / 1000) + 3600;
      const signature = `${expires}.${crypto.createHmac('sha256', secret).update(`${shop}|${customer}|${expires}`).digest('hex')}`;
      const headers = { 'X-Loyalty-Customer': customer, 'X-Loyalty-Signature': signature, 'Content-Type': 'application/json' };
      for (;;) {
        const me = await (await fetch(`${base}/api/v1/shops/${shop}/me`, { headers })).json();
        if (!me.notes || !me.notes.length) return;
        const r = await fetch(`${base}/api/v1/shops/${shop}/me/notes/dismiss`, { method: 'POST', headers,
          body: JSON.stringify({ ids: me.notes.map((n) => n.id) }) });
        if (r.status !== 200) throw new Error(`dismissing ${customer}'s notes: ${r.status} ${await r.text()}`);
      }
    },
    async stop() {
      proc.kill('SIGTERM');
      if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Starts loyalty-server (API on http://localhost:PORT) and a shop on
 * http://127.0.0.1:SHOPPORT (another origin); the shop's origin is in --origin.
 * The server's own origin serves the same pages as /product.html and /cart.html.
 */
export async function startRealServer() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-real-'));
  const www = path.join(tmp, 'www');
  fs.mkdirSync(www);
  fs.symlinkSync(path.join(root, 'web/dist'), path.join(www, 'dist'));
  fs.writeFileSync(path.join(www, 'product.html'), productPage('', 'alice'));
  fs.writeFileSync(path.join(www, 'cart.html'), cartPage('', 'alice'));
  const port = await freePort();
  const shopPort = await freePort();
  const api = `http://localhost:${port}`;
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const real = await launchServer({ port, tmp, args: ['--static', www], shops: [{
    id: SHOP, secret: SECRET, apiKey: API_KEY, programFile: path.join(root, 'examples/fashion-store.json'),
    origins: [shopOrigin, api],
    // App-proxy requests must be signed for the shop's own Shopify domain (server/README.md).
    args: ['--shopify-domain', `${SHOP}.myshopify.com`] }] });
  // Alice: a sign-up and a paid order 40 days ago (matured), so she has points to redeem.
  const at = Math.floor(Date.now() / 1000) - 86400 * 40;
  for (const event of [
    { customer: 'alice', id: 'alice-signup', type: 'customer_created', at: at - 60 },
    { customer: 'alice', id: 'alice-order-1', type: 'order_paid', at,
      order: { id: '1', currency: 'EUR', lines: [{ id: '1', product_id: 'coat', quantity: 1, unit_price: 61000 }] } },
  ]) await real.webhook(SHOP, SECRET, event);
  await real.dismissNotes(SHOP, SECRET, 'alice');
  const shop = http.createServer((req, res2) => {
    const url = new URL(req.url, 'http://x');
    const customer = url.searchParams.get('customer') ?? 'alice';
    res2.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    const page = (url.pathname === '/cart' ? cartPage : productPage)(api, customer === 'anon' ? '' : customer);
    // ?tracking=off: the shop has turned experiment tracking off on its elements.
    let html = url.searchParams.get('tracking') === 'off' ? page.replace(/<loyalty-(product-points|cart) /g, '$& tracking="off" ') : page;
    // ?products=2: a second product's points on the page (a list of products), for once-per-page-view checks.
    if (url.searchParams.get('products') === '2') html = html.replace('</main>', (m) => html.match(/<loyalty-product-points[^>]*>/)[0]
      .replace('product-id="coat" variant-id="coat-charcoal" price="18900"', 'product-id="scarf" variant-id="scarf-grey" price="4500"') + '</loyalty-product-points>' + m);
    res2.end(html);
  });
  await new Promise((r) => shop.listen(shopPort, '127.0.0.1', r));
  return {
    api, shopOrigin,
    async stop() {
      await new Promise((r) => { shop.closeAllConnections?.(); shop.close(r); });
      await real.stop();
    },
  };
}

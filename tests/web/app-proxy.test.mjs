// Shopify app-proxy mode: the widget calls the API through the shop's own
// /apps/loyalty path and sends no identity; a stand-in for Shopify forwards
// each request to loyalty-server with the logged-in customer and signs the
// query as Shopify does (sorted "key=value" pairs, repeated keys joined by
// ",", no separator, hex HMAC-SHA256 with the app's secret). No secret and no
// signature is in the page.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { launch, watch } from './browser.mjs';
import { freePort, SECRET, SHOP, startRealServer } from './real-server.mjs';

let server, shopify, browser;
const seen = [];

/** Shopify's app proxy signature over a query (without `signature`). */
export function shopifyProxySignature(params, secret) {
  const byKey = new Map();
  for (const [k, v] of params) byKey.set(k, [...(byKey.get(k) || []), v]);
  const message = [...byKey.keys()].sort().map((k) => `${k}=${byKey.get(k).join(',')}`).join('');
  return crypto.createHmac('sha256', secret).update(message).digest('hex');
}

const page = (customer) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Coat</title>
<link rel="stylesheet" href="/apps/loyalty/dist/loyalty.css"><script type="module" src="/apps/loyalty/dist/loyalty.js"></script></head>
<body><h1>Coat</h1>
<loyalty-product-points api="/apps/loyalty" shop="${SHOP}" app-proxy product-id="coat" price="18900" quantity="1"
  collections="atelier-nord-label, outerwear" tags="wool"></loyalty-product-points>
<loyalty-widget api="/apps/loyalty" shop="${SHOP}" app-proxy></loyalty-widget>
<!-- logged in as: ${customer || 'nobody'} --></body></html>`;

before(async () => {
  server = await startRealServer();
  const port = await freePort();
  const api = new URL(server.api);
  // The shop's storefront: /?as=alice is a page for a logged-in alice; /apps/loyalty/* is proxied.
  shopify = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://shop');
    const customer = (req.headers.cookie || '').match(/customer=(\w+)/)?.[1] || '';
    if (!url.pathname.startsWith('/apps/loyalty/')) {
      const as = url.searchParams.get('as');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(as !== null ? { 'Set-Cookie': `customer=${as}; Path=/` } : {}) });
      return res.end(page(as ?? customer));
    }
    const query = [...url.searchParams].filter(([k]) => k !== 'signature');
    query.push(['shop', `${SHOP}.myshopify.com`], ['logged_in_customer_id', customer], ['path_prefix', '/apps/loyalty'],
      ['timestamp', String(Math.floor(Date.now() / 1000))]);
    query.push(['signature', shopifyProxySignature(query, SECRET)]);
    const path = url.pathname.slice('/apps/loyalty'.length) + '?' + new URLSearchParams(query);
    seen.push({ method: req.method, path, headers: { ...req.headers } });
    const headers = { ...req.headers, host: api.host };
    delete headers.cookie; delete headers.origin; delete headers.referer;
    const out = http.request({ host: '127.0.0.1', port: api.port, method: req.method, path, headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise((r) => shopify.listen(port, '127.0.0.1', r));
  shopify.url = `http://127.0.0.1:${port}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => { shopify?.closeAllConnections?.(); shopify ? shopify.close(r) : r(); });
  await server?.stop();
});

test('app proxy: a logged-in shopper sees the balance and redeems with no secret or signature in the page', async () => {
  const p = await browser.context.newPage();
  const problems = watch(p);
  await p.goto(shopify.url + '/?as=alice');
  const html = await p.content();
  assert.doesNotMatch(html, /signature=|customer="/, 'no identity in the page');
  await p.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  const launcher = p.locator('loyalty-widget .launcher[data-balance]');
  await launcher.waitFor({ timeout: 15000 });
  const balance = Number(await launcher.getAttribute('data-balance'));
  assert.ok(balance >= 300, `alice has ${balance} points`);
  await p.click('loyalty-widget .launcher');
  const redeem = p.locator('loyalty-widget li[data-reward="free-shipping"] button[part=redeem-button]');
  await redeem.waitFor({ timeout: 15000 });
  await redeem.click();
  await p.locator('loyalty-widget input[part=code]').waitFor({ timeout: 10000 });
  await p.waitForFunction((b) => Number(document.querySelector('loyalty-widget').shadowRoot.querySelector('.launcher').dataset.balance) === b - 300,
    balance, { timeout: 10000 });
  // Every API call went through the proxy without the widget's own identity headers.
  const calls = seen.filter((r) => r.path.startsWith('/api/'));
  assert.ok(calls.some((r) => r.path.startsWith(`/api/v1/shops/${SHOP}/me?`)));
  assert.ok(calls.some((r) => r.method === 'POST' && r.path.startsWith(`/api/v1/shops/${SHOP}/me/redemptions?`)));
  assert.ok(calls.every((r) => !r.headers['x-loyalty-customer'] && !r.headers['x-loyalty-signature']));
  assert.deepEqual(problems.filter((x) => !/favicon/.test(x)), []);
  await p.close();
});

test('app proxy: nobody logged in: the program and points show, the panel asks to sign in', async () => {
  const p = await browser.context.newPage();
  await p.context().clearCookies();
  await p.goto(shopify.url + '/?as=');
  await p.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  await p.click('loyalty-widget .launcher');
  const signin = p.locator('loyalty-widget dialog [part=signin]');
  await signin.waitFor({ timeout: 15000 });
  assert.match(await signin.textContent(), /Sign in to see your points/);
  await p.close();
});

test('app proxy: a query signed with another secret is refused', async () => {
  const query = [['shop', `${SHOP}.myshopify.com`], ['logged_in_customer_id', 'alice'], ['path_prefix', '/apps/loyalty'],
    ['timestamp', String(Math.floor(Date.now() / 1000))]];
  query.push(['signature', shopifyProxySignature(query, 'not-the-secret')]);
  const r = await fetch(`${server.api}/api/v1/shops/${SHOP}/me?${new URLSearchParams(query)}`);
  assert.equal(r.status, 401);
});

// Member events in the numbers the shopper sees before buying: during a
// running double-points event a gold member's product points and cart show
// exactly what the real server then awards for the order (and what the native
// CLI quotes), through the widget's events build of the wasm; a shop without
// member events never fetches that build. Chromium against the real loyalty-server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { signedWebhook } from '../../demo/server/sign.mjs';
import { launch } from './browser.mjs';
import { root } from './helpers.mjs';
import { API_KEY, SECRET, SHOP, shopDay, startRealServer } from './real-server.mjs';

let real, browser;
before(async () => {
  real = await startRealServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await real?.stop();
});

const admin = (method, url, body) => fetch(`${real.api}/api/v1/admin/shops/${SHOP}${url}`, { method,
  headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
async function webhook(event) {
  const { body, headers } = signedWebhook(SECRET, event);
  const r = await fetch(`${real.api}/webhooks/generic/${SHOP}`, { method: 'POST', headers, body });
  assert.equal(r.status, 200, await r.text());
}
async function putProgram(program) {
  const put = await admin('PUT', '/program', program);
  assert.equal(put.status, 200, await put.text());
  await new Promise((r) => setTimeout(r, 1100));  // the server's program cache
}
async function ledgerOf(customer) {
  const got = await (await admin('GET', `/customers/${customer}/ledger?limit=200`)).json();
  return got.entries.reverse().map(({ seq, ...e }) => e);
}
/** `loyalty quote` natively on the program and the customer's stored ledger, now. */
function nativeQuote(program, customer, ledger, cart) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-events-'));
  const file = (name, v) => { fs.writeFileSync(path.join(dir, name), JSON.stringify(v)); return path.join(dir, name); };
  const out = spawnSync(path.join(root, 'build/cli/loyalty'), ['quote', '--program', file('p.json', program),
    '--customer', file('c.json', { id: customer, ledger }), '--cart', file('cart.json', cart),
    '--now', new Date().toISOString().replace(/\.\d+Z$/, 'Z')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}
const fashion = () => JSON.parse(fs.readFileSync(path.join(root, 'examples/fashion-store.json'), 'utf8'));
const line = (id, product, variant, price, quantity, collections, tags) =>
  ({ id, product_id: product, variant_id: variant, quantity, unit_price: price, collections, tags });
// What tests/web/real-server.mjs's pages show: the coat alone (product page), the coat and two scarves (cart).
const COAT = line('1', 'coat', 'coat-charcoal', 18900, 1, ['atelier-nord-label', 'outerwear'], ['wool']);
const CART = { currency: 'EUR', lines: [COAT, line('2', 'scarf', 'scarf-grey', 4500, 2, ['accessories'], [])] };
const wasmFetches = (page) => {
  const urls = [];
  page.on('request', (r) => { if (/\.wasm(\.gz)?$/.test(new URL(r.url()).pathname)) urls.push(path.basename(new URL(r.url()).pathname)); });
  return urls;
};

test('member events: during a double-points event a gold member previews on the product page and the cart exactly what the server awards', async () => {
  const program = fashion();
  program.member_events = [{ id: 'gold-double', name: 'Gold double points', tiers: ['gold'], starts: shopDay(-1), ends: shopDay(2), percent: 200 }];
  await putProgram(program);
  // Gina: gold (1,200 EUR paid this year, 20 days ago).
  const at = Math.floor(Date.now() / 1000) - 86400 * 20;
  await webhook({ customer: 'gina', id: 'gina-signup', type: 'customer_created', at: at - 60 });
  await webhook({ customer: 'gina', id: 'gina-order-1', type: 'order_paid', at,
    order: { id: 'g1', currency: 'EUR', lines: [{ id: '1', product_id: 'coat', quantity: 1, unit_price: 120000 }] } });
  const ledger = await ledgerOf('gina');
  const native = { product: nativeQuote(program, 'gina', ledger, { currency: 'EUR', lines: [COAT] }), cart: nativeQuote(program, 'gina', ledger, CART) };
  assert.ok(native.cart.lines.length || native.cart.points > 0);
  // The event doubles her points: without it the native quote earns less (so the comparison below can tell).
  const plain = nativeQuote(fashion(), 'gina', ledger, CART);
  assert.ok(native.cart.points > plain.points, `event ${native.cart.points} vs none ${plain.points}`);

  const page = await browser.context.newPage();
  const fetched = wasmFetches(page);
  await page.goto(`${real.shopOrigin}/?customer=gina`);
  const earn = page.locator('loyalty-product-points .earn[data-points]');
  await earn.waitFor({ timeout: 15000 });
  await page.waitForFunction((n) => document.querySelector('loyalty-product-points').shadowRoot
    .querySelector('.earn')?.getAttribute('data-points') === String(n), native.product.points, { timeout: 5000 }).catch(() => {});
  const shownProduct = Number(await earn.getAttribute('data-points'));
  await page.goto(`${real.shopOrigin}/cart?customer=gina`);
  const cartEarn = page.locator('loyalty-cart [part=earn][data-points]');
  await cartEarn.waitFor({ timeout: 15000 });
  await page.waitForFunction((n) => document.querySelector('loyalty-cart').shadowRoot
    .querySelector('[part=earn]')?.getAttribute('data-points') === String(n), native.cart.points, { timeout: 5000 }).catch(() => {});
  const shownCart = Number(await cartEarn.getAttribute('data-points'));
  await page.close();

  // The order as the cart shows it: the server's award for it.
  await webhook({ customer: 'gina', id: 'gina-order-2', type: 'order_paid', at: Math.floor(Date.now() / 1000),
    order: { id: 'g2', currency: 'EUR', lines: CART.lines.map(({ collections, tags, ...l }) => ({ ...l, collections, tags })) } });
  const earned = (await ledgerOf('gina')).filter((e) => e.order_id === 'g2');
  // Pending until the return window closes (matures_at), then spendable.
  const awarded = earned.reduce((s, e) => s + e.points + (e.pending || 0), 0);
  assert.deepEqual({ product: shownProduct, cart: shownCart, awarded },
    { product: native.product.points, cart: native.cart.points, awarded: native.cart.points }, JSON.stringify(earned));
  assert.ok(fetched.some((f) => f.startsWith('loyalty-core-wasm-events-')), `the events build was fetched: ${fetched}`);
});

test('member events: a shop without member events never fetches the events build', async () => {
  await putProgram(fashion());
  const page = await browser.context.newPage();
  const fetched = wasmFetches(page);
  await page.goto(`${real.shopOrigin}/?customer=alice`);
  await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  await page.goto(`${real.shopOrigin}/cart?customer=alice`);
  await page.locator('loyalty-cart [part=earn][data-points]').waitFor({ timeout: 15000 });
  await new Promise((r) => setTimeout(r, 500));
  await page.close();
  assert.ok(fetched.length >= 1, 'the lean build was fetched');
  assert.deepEqual(fetched.filter((f) => !/^loyalty-core-wasm-[A-Z0-9]{8}\.wasm$/.test(f)), []);
});

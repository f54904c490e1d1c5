// One decision, several readers: for generated programs and customers, the
// panel (the widget in Chromium), the cart element, the real server's /me and
// the CLI's `loyalty rewards` and `loyalty quote` agree on which rewards the
// shopper can redeem and for how many points, and the slider's money value is
// what the server gives for those points. All read the core (redeem_options,
// quote, variable_value); none decides itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { signedWebhook } from '../../demo/server/sign.mjs';
import { program as generatedProgram, rng } from '../wasm/generate.mjs';
import { launch } from './browser.mjs';
import { root } from './helpers.mjs';
import { API_KEY, SECRET, SHOP, sign, startRealServer } from './real-server.mjs';

// LOYALTY_AGREE_SEED replays another draw (the seed is printed); LOYALTY_AGREE_CASES checks more states.
const SEED = Number(process.env.LOYALTY_AGREE_SEED || 1407);
const CASES = Number(process.env.LOYALTY_AGREE_CASES || 20);
const DAY = 86400;
let real, browser, dir;
before(async () => {
  real = await startRealServer();
  browser = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-agree-'));
});
after(async () => {
  await browser?.close();
  await real?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const api = () => real.api.replace('localhost', '127.0.0.1');
const admin = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
const shopper = (customer) => ({ 'X-Loyalty-Customer': customer, 'X-Loyalty-Signature': sign(customer), 'Content-Type': 'application/json' });

async function call(method, url, body, headers = admin) {
  const r = await fetch(api() + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${text}`);
  return JSON.parse(text);
}

/** A generated program for the shop, with at least two rewards, one of them variable. */
function programFor(r, i) {
  const p = generatedProgram(r, 100 + i);
  p.shop = SHOP;
  const scale = 10 ** p.minor_digits;
  p.rewards.push({ id: 'slide', name: 'Slide', kind: 'variable', points_step: r.pick([1, 10, 50]), amount_per_step: r.int(1, 40),
    ...(r.chance(0.5) ? { max_points: 50 * r.int(1, 40) } : {}) });
  // Costs up to 4,000 points against balances up to a few thousand, so both answers come up.
  p.rewards.push({ id: 'fixed', name: 'Fixed', kind: 'fixed_discount', cost: r.int(1, 400) * 10, amount: r.int(1, 20) * scale });
  return p;
}

/** A customer's history through the server's own doors: orders by webhook, adjustments by the merchant API. */
async function history(r, p, customer) {
  const now = Math.floor(Date.now() / 1000);
  const scale = 10 ** p.minor_digits;
  for (let k = 0; k < r.int(0, 4); k++) {
    const event = { customer, id: `${customer}-o${k}`, type: 'order_paid', at: now - r.int(1, 90) * DAY,
      order: { id: `${customer}-${k}`, currency: p.currency, lines: [{ id: '1', product_id: 'p' + r.int(1, 9), quantity: 1,
        unit_price: r.int(1, 400) * scale }] } };
    const { body, headers } = signedWebhook(SECRET, event);
    const res = await fetch(`${api()}/webhooks/generic/${SHOP}`, { method: 'POST', headers, body });
    assert.equal(res.status, 200, await res.text());
  }
  if (r.chance(0.7)) await call('POST', `/api/v1/admin/shops/${SHOP}/customers/${customer}/adjustments`,
    { points: r.int(1, 3000), note: 'generated' });
}

/** The customer's stored ledger, oldest first, as the server holds it. */
async function ledgerOf(customer) {
  const page = [];
  let cursor = '';
  for (;;) {
    const got = await call('GET', `/api/v1/admin/shops/${SHOP}/customers/${customer}/ledger?limit=200${cursor ? '&cursor=' + cursor : ''}`);
    page.push(...got.entries);
    if (!got.next_cursor) break;
    cursor = got.next_cursor;
  }
  return page.reverse().map(({ seq, ...e }) => e);
}

/** The native CLI: `loyalty <command>` on the program and the customer's ledger, now. */
function cli(command, p, ledger, customer, cart) {
  const files = { program: path.join(dir, 'p.json'), customer: path.join(dir, 'c.json'), ledger: path.join(dir, 'l.jsonl'),
    cart: path.join(dir, 'cart.json') };
  fs.writeFileSync(files.program, JSON.stringify(p));
  fs.writeFileSync(files.customer, JSON.stringify({ id: customer, ledger }));
  fs.writeFileSync(files.ledger, ledger.map((e) => JSON.stringify(e) + '\n').join(''));
  fs.writeFileSync(files.cart, JSON.stringify(cart || {}));
  const args = command === 'rewards' ? ['--ledger', files.ledger] : ['--customer', files.customer, '--cart', files.cart];
  const out = spawnSync(path.join(root, 'build/cli/loyalty'), [command, '--program', files.program, ...args,
    '--now', new Date().toISOString().replace(/\.\d+Z$/, 'Z')], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

/** A shop page for `customer` (the bundle from the API's origin), with a <loyalty-cart> holding `cart` beside the launcher. */
async function shopPage(customer, cart) {
  const page = await browser.context.newPage();
  await page.goto(`${real.shopOrigin}/?customer=${customer}`);
  await page.evaluate(({ cart }) => {
    const w = document.querySelector('loyalty-widget');
    const c = document.createElement('loyalty-cart');
    for (const a of ['api', 'shop', 'customer', 'signature']) c.setAttribute(a, w.getAttribute(a));
    c.cart = cart;
    document.querySelector('main').append(c);
  }, { cart });
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  return page;
}

/** What the panel shows for each reward: whether its Redeem button works, and the picker's bounds. */
async function panel(page) {
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget [part=rewards] li[data-reward]').first().waitFor({ timeout: 15000 });
  return page.evaluate(() => [...document.querySelector('loyalty-widget').shadowRoot
    .querySelectorAll('[part=rewards] li[data-reward]')].map((li) => {
    const input = li.querySelector('input[part=points-input]');
    return { id: li.dataset.reward, enabled: !li.querySelector('button[part=redeem-button]').disabled,
      ...(input ? { least: Number(input.min), most: Number(input.max), step: Number(input.step), value: Number(input.value) } : {}) };
  }));
}

/** The reward the cart offers ({id, points}) once it has quoted, or null. */
async function cartOffer(page) {
  await page.locator('loyalty-cart [part=earn]').waitFor({ timeout: 15000 });
  return page.evaluate(() => {
    const li = document.querySelector('loyalty-cart').shadowRoot.querySelector('[part=rewards] li');
    if (!li) return null;
    const points = li.querySelector('.muted').textContent.split('·')[1].replace(/[^0-9]/g, '');
    return { id: li.querySelector('button').dataset.reward, points: Number(points) };
  });
}

/** The offer the core's quote names for the cart: its spendable reward and points, or null. */
const offerOf = (quote) => (quote.spendable.reward_id ? { id: quote.spendable.reward_id, points: quote.spendable.points } : null);

/**
 * Moves the panel's slider for `id` to `points` and reads what it says the
 * points are worth, with the same amount formatted by the page for comparison.
 */
async function sliderWorth(page, id, points, value, p) {
  return page.evaluate(async ({ id, points, value, currency, digits }) => {
    const li = document.querySelector('loyalty-widget').shadowRoot.querySelector(`li[data-reward="${id}"]`);
    const slider = li.querySelector('input[part=points-slider]');
    slider.value = String(points);
    slider.dispatchEvent(new Event('input'));
    const worth = document.getElementById(slider.getAttribute('aria-describedby')) ||
      li.querySelector(`#${CSS.escape(slider.getAttribute('aria-describedby'))}`);
    const expect = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
      .format(value / 10 ** digits);
    for (let i = 0; i < 100 && !worth.textContent.includes(expect); i++) await new Promise((r) => setTimeout(r, 50));
    return { shown: worth.textContent, expect };
  }, { id, points, value, currency: p.currency, digits: p.minor_digits });
}

test('rewards: the panel, the cart, /me, `loyalty rewards` and `loyalty quote` agree on what a shopper can redeem, for generated programs and customers', async () => {
  console.log(`redeem agreement: ${CASES} generated states, seed ${SEED} (LOYALTY_AGREE_SEED=${SEED} replays)`);
  const r = rng(SEED);
  let affordable = 0, refused = 0, slid = 0;
  for (let i = 0; i < CASES; i++) {
    const put = programFor(r, i);
    await call('PUT', `/api/v1/admin/shops/${SHOP}/program`, put);
    const stored = await call('GET', `/api/v1/admin/shops/${SHOP}/program`);
    const customer = `gen-${i}`;
    await history(r, stored, customer);
    const me = await call('GET', `/api/v1/shops/${SHOP}/me`, undefined, shopper(customer));
    const ledger = await ledgerOf(customer);
    // A huge cart with shipping: only the balance and the tier can stand in the way.
    const big = { currency: stored.currency, shipping: 1000, lines: [{ id: '1', product_id: 'big', quantity: 1, unit_price: 1e12 }] };
    const quote = cli('quote', stored, ledger, customer, big);
    const rewards = cli('rewards', stored, ledger, customer);
    // A small cart: a variable reward can use only what the cart is worth.
    const small = { currency: stored.currency, lines: [{ id: '1', product_id: 'small', quantity: 1, unit_price: r.int(1, 5) * 40 }] };
    const smallQuote = cli('quote', stored, ledger, customer, small);
    const page = await shopPage(customer, small);
    const shown = await panel(page);
    const where = `case ${i} (balance ${me.state.balance}, tier '${me.state.tier.current}')`;
    assert.deepEqual(rewards, me.rewards, `${where}: \`loyalty rewards\` and /me`);
    assert.deepEqual(me.rewards.map((o) => o.id), stored.rewards.map((w) => w.id), where);
    assert.deepEqual(shown.map((o) => o.id), me.rewards.map((o) => o.id), where);
    assert.equal(quote.balance, me.state.balance, where);
    for (const [k, o] of me.rewards.entries()) {
      const q = quote.rewards[k], s = shown[k], at = `${where}, reward ${o.id}`;
      const reward = stored.rewards[k];
      const byCart = reward.min_order > 1e12;
      assert.equal(q.reward_id, o.id, at);
      assert.equal(q.affordable, o.affordable && !byCart, `${at}: quote ${JSON.stringify(q)} /me ${JSON.stringify(o)}`);
      assert.equal(s.enabled, o.affordable, `${at}: panel ${JSON.stringify(s)} /me ${JSON.stringify(o)}`);
      if (o.affordable) assert.equal(q.cost, o.points, at);
      if (o.affordable && reward.kind === 'variable') {
        assert.deepEqual([s.least, s.most, s.step, s.value], [o.least, o.most, o.step, o.most], at);
      }
      if (o.affordable) affordable++; else refused++;
    }
    // The cart offers the reward the core's quote names, for the points it says this cart can use.
    assert.deepEqual(await cartOffer(page), offerOf(smallQuote), `${where}: the cart's offer`);
    // The slider at its least: the money it shows is what the server gives for those points.
    const slide = me.rewards.find((o) => o.id === 'slide');
    if (slide.affordable && slide.least < slide.most) {
      const redeemed = await call('POST', `/api/v1/shops/${SHOP}/me/redemptions`, { reward_id: 'slide', points: slide.least },
        { ...shopper(customer), 'Idempotency-Key': `slide-${i}` });
      const worth = await sliderWorth(page, 'slide', slide.least, redeemed.value, stored);
      assert.ok(worth.shown.includes(worth.expect), `${where}: the slider at ${slide.least} says '${worth.shown}', the server gave ${worth.expect}`);
      slid++;
    }
    await page.close();
  }
  console.log(`# ${affordable} affordable, ${refused} not; ${slid} slider values checked against the server's redemption`);
  // The generated states cover both answers.
  assert.ok(affordable > 3 && refused > 3, `${affordable} affordable, ${refused} not`);
  assert.ok(slid > 1, `${slid} slider values checked`);
});

test('rewards: on a cart smaller than the balance, the cart offers the variable reward for the points that cart can use', async () => {
  const p = { ...JSON.parse(fs.readFileSync(path.join(root, 'examples/fashion-store.json'), 'utf8')),
    rewards: [{ id: 'slide', name: 'Points off', kind: 'variable', points_step: 100, amount_per_step: 100, min_points: 100 }],
    translations: {} };
  await call('PUT', `/api/v1/admin/shops/${SHOP}/program`, p);
  await call('POST', `/api/v1/admin/shops/${SHOP}/customers/rich/adjustments`, { points: 5000, note: 'test' });
  const page = await shopPage('rich', { currency: 'EUR', lines: [{ id: '1', product_id: 'pin', quantity: 1, unit_price: 350 }] });
  // A 3.50 cart takes 3 steps of 1.00: 300 points, not the 5,000 the balance allows.
  assert.deepEqual(await cartOffer(page), { id: 'slide', points: 300 });
  await page.close();
});

test('rewards: the cart offers the reward the core names (spendable.reward_id), never cashback, which is credit for later', async () => {
  // Cashback worth more than the discount: the cart's own JS rule (most `saves`) offered the cashback.
  const p = { ...JSON.parse(fs.readFileSync(path.join(root, 'examples/fashion-store.json'), 'utf8')),
    rewards: [{ id: 'back', name: 'Cashback', kind: 'cashback', cost: 100, amount: 2000 },
      { id: 'off', name: 'Five off', kind: 'fixed_discount', cost: 200, amount: 500 }],
    translations: {} };
  await call('PUT', `/api/v1/admin/shops/${SHOP}/program`, p);
  const stored = await call('GET', `/api/v1/admin/shops/${SHOP}/program`);
  await call('POST', `/api/v1/admin/shops/${SHOP}/customers/saver/adjustments`, { points: 1000, note: 'test' });
  const cart = { currency: 'EUR', lines: [{ id: '1', product_id: 'coat', quantity: 1, unit_price: 10000 }] };
  const quote = cli('quote', stored, await ledgerOf('saver'), 'saver', cart);
  assert.ok(quote.rewards.find((o) => o.reward_id === 'back').affordable, JSON.stringify(quote.rewards));
  assert.deepEqual(offerOf(quote), { id: 'off', points: 200 });
  const page = await shopPage('saver', cart);
  assert.deepEqual(await cartOffer(page), offerOf(quote));
  await page.close();
});

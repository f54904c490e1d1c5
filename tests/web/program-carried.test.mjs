// A program the page carries is read by the core only (issue 14): a shop page
// that carries its program as the shop wrote it (sparse: a yen shop with no
// minor_digits and no earn.per_amount) shows, while the server cannot be
// reached, what the core makes of it: yen with JPY's own digits (none), and
// the native quote's points. The panel reads only the server's normalised
// program: without it, it says so instead of reading the page's text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { watch } from './browser.mjs';
import { nativeQuote, root, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { if (env) env.fixture.control.down = false; await env?.tearDown(); });

const SHOP = 'sparse-jpy';
const CART = { currency: 'JPY', lines: [{ id: '1', product_id: 'tea', quantity: 2, unit_price: 6000 }], shipping: 800, tax: 0 };
const PRODUCT = { currency: 'JPY', lines: [{ id: 'product', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1,
  unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] }] };

/** The program as the core normalises it (the CLI's validate --normalised, as the server serves it). */
const normalised = () => JSON.parse(execFileSync(path.join(root, 'build/cli/loyalty'),
  ['validate', '--normalised', env.fixture.stores[SHOP].programFile], { encoding: 'utf8' }));
const money = (minor, digits) => new Intl.NumberFormat('en', { style: 'currency', currency: 'JPY',
  minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);

/** A page of the shop carrying its program as written, with every API request refused (503). */
async function offlinePage(file) {
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  watch(page);
  await page.goto(`${env.fixture.url}/pages/${file}?shop=${SHOP}&customer=anon&carry=written`);
  return { page, errors };
}

test('carried program: a sparse yen program, the server down: the cart shows yen in the core\'s digits (none) and the core\'s points', async () => {
  const written = env.fixture.stores[SHOP].program;
  assert.equal(written.minor_digits, undefined, 'the page carries no minor_digits');
  assert.equal(written.earn.per_amount, undefined, 'nor a per_amount');
  const digits = normalised().minor_digits;
  assert.equal(digits, 0, 'the core reads JPY with 0 minor digits');
  const native = nativeQuote(env.fixture, SHOP, null, CART);
  const nudge = native.nudges.find((n) => n.kind === 'free_shipping');
  assert.ok(nudge, JSON.stringify(native.nudges));
  env.fixture.control.down = true;
  try {
    const { page, errors } = await offlinePage('cart.html');
    await page.evaluate((cart) => { document.getElementById('loyalty-cart').cart = cart; }, CART);
    const earn = page.locator('loyalty-cart [part=earn][data-points]');
    await earn.waitFor({ timeout: 15000 });
    assert.equal(Number(await earn.getAttribute('data-points')), native.points);
    const shown = await page.locator('loyalty-cart [part=nudge]').first().textContent();
    assert.equal(shown, `Spend ${money(nudge.amount.amount, digits)} more for free shipping`);
    assert.doesNotMatch(await page.locator('loyalty-cart [part=base]').textContent(), /¥[\d,]+\.\d/, 'no decimals in yen');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    env.fixture.control.down = false;
  }
});

test('carried program: a sparse yen program, the server down: product points are the core\'s, and the panel reads no page text', async () => {
  const native = nativeQuote(env.fixture, SHOP, null, PRODUCT);
  env.fixture.control.down = true;
  try {
    const { page, errors } = await offlinePage('product.html');
    const earn = page.locator('loyalty-product-points .earn[data-points]');
    await earn.waitFor({ timeout: 15000 });
    assert.equal(Number(await earn.getAttribute('data-points')), native.points);
    assert.doesNotMatch(await earn.textContent(), /\.\d/);
    // The panel needs the server's normalised program: it says the rewards are unavailable.
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open]', { hasText: 'Rewards are unavailable right now' }).waitFor({ timeout: 15000 });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    env.fixture.control.down = false;
  }
});

test('carried program: once the server answers, its normalised program names what the page\'s text never did', async () => {
  const { page, errors } = await offlinePage('product.html');
  await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  await page.click('loyalty-widget .launcher');
  const rewards = page.locator('loyalty-widget dialog[open] [part=rewards]');
  await rewards.waitFor({ timeout: 15000 });
  // The reward's value in the core's digits: 500 minor units of yen are ¥500.
  assert.match(await rewards.textContent(), /¥500 off/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('carried program: a stale cached copy, the server down: the page\'s program still quotes (the copy only names)', async () => {
  const native = nativeQuote(env.fixture, SHOP, null, PRODUCT);
  // An older copy of the server's program (another earn rate) cached by an earlier view.
  const old = normalised();
  old.earn.points = 7;
  env.fixture.control.down = true;
  try {
    const { page, errors } = await offlinePage('product.html');
    const api = await page.locator('loyalty-product-points').getAttribute('api');
    await page.evaluate(({ key, text }) => localStorage.setItem(key, JSON.stringify({ text, etag: '"old"', savedAt: Date.now() })),
      { key: `loyalty:v2:${api.replace(/\/+$/, '')}|${SHOP}:program`, text: JSON.stringify(old) });
    await page.reload();
    await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
    // The fetch fails after its retries (503s: at most about 2.2 s of backoff) and answers with the cached copy.
    await page.waitForTimeout(4000);
    const earn = page.locator('loyalty-product-points .earn[data-points]');
    assert.equal(Number(await earn.getAttribute('data-points')), native.points);
    // The panel names the rewards from the cached copy (the page's text is never read for names).
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=rewards]').waitFor({ timeout: 15000 });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    env.fixture.control.down = false;
  }
});

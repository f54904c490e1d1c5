// The A/B test of showing points and the first figure, frame by frame in
// Chromium: a page that carries the program, the running experiments and a
// figure decided by variant (demo/server/render-product.mjs, with the native
// core's `loyalty variant`, as the server computes it) shows a "shown" shopper
// the figure in the first frame that has it and never paints a point for a
// "hidden" one, signed or anonymous (whose id lives in the shop origin's
// localStorage: decided in the browser before the figure is painted). No
// round trip stands before the first number: the server is held 4 s.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { figureVariant } from '../../demo/server/render-product.mjs';
import { API_KEY } from './fixture/server.mjs';
import { nativeQuote, setUp } from './helpers.mjs';

let env;
const SHOP = 'atelier-nord';
const COAT = { currency: 'EUR', lines: [{ id: 'product', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1,
  unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] }] };
const SPLIT = 5000;
let experiment;  // an id that puts alice in "shown" and carol in "hidden" (native core)
const variant = (who) => figureVariant([{ id: experiment, shown_basis_points: SPLIT }], who);
const admin = (path, init = {}) => fetch(`${env.fixture.url}/api/v1/admin/shops/${SHOP}/experiments${path}`,
  { ...init, headers: { Authorization: `Bearer ${API_KEY}` } });

before(async () => {
  env = await setUp();
  for (let i = 0; !experiment; i++) {
    experiment = `first-paint-${i}`;
    if (variant('alice') !== 'shown' || variant('carol') !== 'hidden') experiment = '';
  }
  const now = Math.floor(Date.now() / 1000);
  const r = await admin('', { method: 'POST', body: JSON.stringify({ id: experiment, shown_basis_points: SPLIT,
    starts_at: now - 60, ends_at: now + 3600, minimum_effect_basis_points: 200 }) });
  assert.equal(r.status, 201, await r.text());
});
after(async () => { env.fixture.control.delayMs = 0; await env?.tearDown(); });

/** An anonymous id the native core puts in `want`. */
function visitorIn(want) {
  for (let i = 0; ; i++) if (variant(`v-test-${i}`) === want) return `v-test-${i}`;
}

/**
 * Opens the product page with the server held 4 s (the page carries all it
 * needs), recording in every animation frame (before that frame is painted)
 * whether the page's figure and the core's line are on screen.
 */
async function framesOf(query, { visitor, context = env.context } = {}) {
  env.fixture.control.delayMs = 4000;
  const page = await context.newPage();
  const beacons = [];
  page.on('request', (r) => { if (r.url().endsWith('/experiments/exposures')) beacons.push(JSON.parse(r.postData())); });
  await page.addInitScript((id) => {
    if (id) localStorage.setItem('loyalty:visitor', id);
    window.__frames = [];
    const tick = () => {
      const el = document.querySelector('loyalty-product-points');
      const figure = el && el.querySelector(':scope > [data-points]');
      const earn = el && el.shadowRoot && el.shadowRoot.querySelector('.earn[data-points]');
      window.__frames.push({ figure: figure ? (figure.getClientRects().length ? 'painted' : 'hidden') : 'none',
        earn: !!(earn && earn.getClientRects().length && /\d/.test(earn.textContent)) });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, visitor || '');
  try {
    await page.goto(env.fixture.url + '/pages/product.html?carry=1&' + query);
    // A number on screen (the page's figure, or the core's line) or the hidden variant decided, before the held server answers.
    await page.waitForFunction(() => {
      const el = document.querySelector('loyalty-product-points');
      const figure = el && el.querySelector(':scope > [data-points]');
      return (figure && figure.getClientRects().length > 0) || el?.shadowRoot?.querySelector('.earn[data-points], .earn[data-hidden]');
    }, null, { timeout: 3500 });
    await page.waitForTimeout(300);
    return { page, beacons, frames: await page.evaluate(() => window.__frames) };
  } finally {
    env.fixture.control.delayMs = 0;
  }
}

const firstWithFigure = (frames) => frames.find((f) => f.figure !== 'none');

test('experiment first paint: a signed shopper in "shown" sees the figure in the first frame that has it, then the same number from the core', async () => {
  const points = nativeQuote(env.fixture, SHOP, 'alice', COAT).points;
  const { page, frames } = await framesOf(`customer=alice&figure=${points}`);
  try {
    assert.equal(firstWithFigure(frames).figure, 'painted', 'the figure paints with the page');
    assert.ok(frames.every((f) => f.figure !== 'hidden' || f.earn), 'never hidden before the core line');
    // The core's line for alice once her state is in (the server was held; it answers now).
    await page.waitForFunction((n) => document.querySelector('loyalty-product-points').shadowRoot
      .querySelector('.earn[data-points]')?.getAttribute('data-points') === String(n), points, { timeout: 15000 });
  } finally {
    await page.close();
  }
});

test('experiment first paint: a signed shopper in "hidden" never has a point painted, and the server records the same variant', async () => {
  const points = nativeQuote(env.fixture, SHOP, 'carol', COAT).points;
  const before = (await (await admin(`/${experiment}/analytics`)).json()).hidden.visitors;
  const { page, frames, beacons } = await framesOf(`customer=carol&figure=${points}`);
  try {
    assert.ok(frames.length > 5, `${frames.length} frames`);
    assert.deepEqual(frames.filter((f) => f.figure === 'painted' || f.earn), [], 'no frame showed points');
    assert.equal(await page.locator('loyalty-product-points .earn[data-hidden]').count(), 1);
    assert.deepEqual(beacons.map((b) => b.exposures), [[{ experiment, variant: 'hidden' }]]);
    // The beacon left while the server was held: it arrives once released.
    let counted = before;
    for (let i = 0; i < 50 && counted === before; i++) {
      await page.waitForTimeout(200);
      counted = (await (await admin(`/${experiment}/analytics`)).json()).hidden.visitors;
    }
    assert.equal(counted, before + 1, 'the server counted carol as hidden');
  } finally {
    await page.close();
  }
});

test('experiment first paint: an anonymous visitor in "hidden" never has a point painted; in "shown" the core decides on the first view, and the figure shows before the core from the next view on', async () => {
  const points = nativeQuote(env.fixture, SHOP, null, COAT).points;
  const hidden = await framesOf(`customer=anon&figure=${points}`, { visitor: visitorIn('hidden') });
  try {
    assert.deepEqual(hidden.frames.filter((f) => f.figure === 'painted' || f.earn), [], 'no frame showed points');
    assert.deepEqual(hidden.beacons.map((b) => b.exposures), [[{ experiment, variant: 'hidden' }]]);
  } finally {
    await hidden.page.close();
  }
  const id = visitorIn('shown');
  const first = await framesOf(`customer=anon&figure=${points}`, { visitor: id });
  await first.page.close();
  // Its first view: the figure waits (hidden) for the core, whose line then shows.
  assert.equal(first.frames.at(-1).earn, true, 'the core showed the points');
  // The next view: the core's answer is kept, so the loader shows the figure before the core has even loaded.
  const page = await env.context.newPage();
  await page.route(/\/loyalty-core-worker-[A-Z0-9]+\.js$/, () => {});  // never answered: no core on this view
  try {
    await page.goto(env.fixture.url + `/pages/product.html?carry=1&customer=anon&figure=${points}`);
    await page.waitForFunction(() => document.querySelector('loyalty-product-points > [data-points]').getClientRects().length > 0,
      null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('loyalty:visitor')), id);
  } finally {
    await page.close();
  }
});

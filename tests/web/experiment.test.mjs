// A/B test of showing points in Chromium against the real loyalty-server: the
// widget puts the visitor in the variant the core assigns (the signed customer,
// or an id kept in the shop origin's localStorage), shows or hides the points
// on product and cart pages accordingly, and reports one exposure beacon per
// page view (text/plain, as navigator.sendBeacon sends it), which the server
// accepts; nothing under Do Not Track or with the shop's tracking off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadCore } from '../wasm/load-core.mjs';
import { launch } from './browser.mjs';
import { API_KEY, SHOP, startRealServer } from './real-server.mjs';

let server, browser, core;
const EXPERIMENT = 'points-on-pages';
const admin = (path, init = {}) => fetch(`${server.api}/api/v1/admin/shops/${SHOP}/experiments${path}`,
  { ...init, headers: { Authorization: `Bearer ${API_KEY}` } });

before(async () => {
  server = await startRealServer();
  browser = await launch();
  core = await loadCore();
  const now = Math.floor(Date.now() / 1000);
  const r = await admin('', { method: 'POST', body: JSON.stringify({ id: EXPERIMENT, shown_basis_points: 5000,
    starts_at: now - 60, ends_at: now + 3600, minimum_effect_basis_points: 200 }) });
  assert.equal(r.status, 201, await r.text());
});
after(async () => { await browser?.close(); await server?.stop(); });

const variantOf = (who) => core.assignVariant(EXPERIMENT, who, 5000).value;
const visitors = async () => {
  const a = await (await admin(`/${EXPERIMENT}/analytics`)).json();
  return { hidden: a.hidden.visitors, shown: a.shown.visitors };
};

/** Opens a shop page and waits until its element has decided; returns the beacons it sent. */
async function view(context, path, selector) {
  const page = await context.newPage();
  const beacons = [];
  page.on('request', (req) => { if (req.url().endsWith('/experiments/exposures')) beacons.push(req); });
  await page.goto(server.shopOrigin + path);
  await page.locator(selector).first().waitFor({ state: 'attached', timeout: 15000 });  // a hidden line has no box
  await page.waitForTimeout(700);  // a beacon would have gone by now
  return { page, beacons };
}
const PRODUCT_DECIDED = 'loyalty-product-points .earn[data-points], loyalty-product-points .earn[data-hidden]';

test('a signed customer sees the variant the core assigns, on product and cart pages, reported once per page view', async () => {
  const before = await visitors();
  const expected = variantOf('alice');
  const { page, beacons } = await view(browser.context, '/?customer=alice', PRODUCT_DECIDED);
  assert.equal(await page.locator('loyalty-product-points .earn[data-points]').count(), expected === 'shown' ? 1 : 0);
  assert.equal(beacons.length, 1);
  assert.match(beacons[0].headers()['content-type'], /^text\/plain/);
  const body = JSON.parse(beacons[0].postData());
  assert.equal(body.customer, 'alice');
  assert.deepEqual(body.exposures, [{ experiment: EXPERIMENT, variant: expected }]);
  const after = await visitors();
  assert.equal(after[expected], before[expected] + 1, 'the server recorded the exposure');

  // Alice has points to spend: the spend line shows in both variants, the earn line only where points are shown.
  const cart = await view(browser.context, '/cart?customer=alice', 'loyalty-cart [part=spend]');
  assert.equal(await cart.page.locator('loyalty-cart [part=earn]').count(), expected === 'shown' ? 1 : 0);
  assert.equal(cart.beacons.length, 1);
  assert.deepEqual(await visitors(), after, 'a second exposure of the same customer is a duplicate');
  await page.close();
  await cart.page.close();
});

test('an anonymous visitor keeps an id in the shop origin\'s storage, and so the same variant', async () => {
  const first = await view(browser.context, '/?customer=anon', PRODUCT_DECIDED);
  const id = await first.page.evaluate(() => localStorage.getItem('loyalty:visitor'));
  assert.match(id, /^v-/);
  const shown = await first.page.locator('loyalty-product-points .earn[data-points]').count();
  assert.equal(shown, variantOf(id) === 'shown' ? 1 : 0);
  assert.deepEqual(JSON.parse(first.beacons[0].postData()), { visitor: id, exposures: [{ experiment: EXPERIMENT, variant: variantOf(id) }] });
  const again = await view(browser.context, '/?customer=anon', PRODUCT_DECIDED);
  assert.equal(await again.page.evaluate(() => localStorage.getItem('loyalty:visitor')), id);
  assert.equal(await again.page.locator('loyalty-product-points .earn[data-points]').count(), shown);
  await first.page.close();
  await again.page.close();
});

test('storage blocked: the page still renders a variant and reports it; Do Not Track and tracking off report nothing', async () => {
  const blocked = await launch();
  try {
    await blocked.context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
    const v = await view(blocked.context, '/?customer=anon', PRODUCT_DECIDED);
    assert.equal(v.beacons.length, 1);
    const id = JSON.parse(v.beacons[0].postData()).visitor;
    assert.equal(await v.page.locator('loyalty-product-points .earn[data-points]').count(), variantOf(id) === 'shown' ? 1 : 0);
  } finally {
    await blocked.close();
  }
  const dnt = await launch();
  try {
    await dnt.context.addInitScript(() => { Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }); });
    const v = await view(dnt.context, '/?customer=alice', PRODUCT_DECIDED);
    assert.equal(v.beacons.length, 0, 'Do Not Track: no beacon');
    assert.equal(await v.page.locator('loyalty-product-points .earn[data-points]').count(), variantOf('alice') === 'shown' ? 1 : 0);
  } finally {
    await dnt.close();
  }
  const off = await view(browser.context, '/?customer=alice&tracking=off', PRODUCT_DECIDED);
  assert.equal(off.beacons.length, 0, 'tracking off: no beacon');
  await off.page.close();
});

test('one beacon per page view carries every running experiment (two product elements, two experiments); none under Global Privacy Control', async () => {
  const now = Math.floor(Date.now() / 1000);
  const second = 'points-everywhere';
  const r = await admin('', { method: 'POST', body: JSON.stringify({ id: second, shown_basis_points: 10000,
    starts_at: now - 60, ends_at: now + 3600, minimum_effect_basis_points: 200 }) });
  assert.equal(r.status, 201, await r.text());
  // A fresh profile: the list of running experiments is cached for a minute (Cache-Control), and this one is new.
  const fresh = await launch();
  try {
    const v = await view(fresh.context, '/?customer=alice&products=2', PRODUCT_DECIDED);
    assert.equal(await v.page.locator('loyalty-product-points').count(), 2);
    await v.page.waitForFunction(() => [...document.querySelectorAll('loyalty-product-points')]
      .every((e) => e.shadowRoot.querySelector('.earn[data-points], .earn[data-hidden]')), null, { timeout: 15000 });
    assert.equal(v.beacons.length, 1, 'one beacon for the page view');
    const sorted = (list) => [...list].sort((a, b) => a.experiment.localeCompare(b.experiment));
    assert.deepEqual(sorted(JSON.parse(v.beacons[0].postData()).exposures),
      sorted([{ experiment: EXPERIMENT, variant: variantOf('alice') }, { experiment: second, variant: 'shown' }]));
    await v.page.close();
    const gpc = await launch();
    try {
      await gpc.context.addInitScript(() => { Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }); });
      const g = await view(gpc.context, '/?customer=alice', PRODUCT_DECIDED);
      assert.equal(g.beacons.length, 0, 'Global Privacy Control: no beacon');
      assert.equal(await g.page.locator('loyalty-product-points .earn[data-points]').count(), variantOf('alice') === 'shown' ? 1 : 0);
    } finally {
      await gpc.close();
    }
  } finally {
    await fresh.close();
    await admin(`/${second}/end`, { method: 'POST' });
  }
});

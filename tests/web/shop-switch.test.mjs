// An element moved to another shop (its `shop` attribute set again, as a
// page's script may do) quotes only by the new shop's program: never by the
// program the core loaded for the shop it left, not even for one render while
// the core loads the new one (here from a cached copy: ready at once).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { nativeQuote, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

const PRODUCT = { currency: 'EUR', lines: [{ id: 'product', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1,
  unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] }] };

test('shop switch: product points quote by the new shop\'s program only, in every render', async () => {
  const from = nativeQuote(env.fixture, 'atelier-nord', null, PRODUCT).points;
  const to = nativeQuote(env.fixture, 'sparse', null, PRODUCT).points;
  assert.notEqual(from, to, 'the two shops must earn differently on this product');
  const { page, problems } = await env.page('/pages/product.html?shop=atelier-nord&customer=anon');
  const points = page.locator('#points .earn[data-points]');
  await points.waitFor({ timeout: 15000 });
  assert.equal(Number(await points.getAttribute('data-points')), from);
  // The new shop's program is already in this browser (a cached copy from an earlier view), so the
  // element is ready at once while the core still has to load it.
  await page.evaluate(async () => {
    const api = document.getElementById('points').getAttribute('api').replace(/\/+$/, '');
    const res = await fetch(`${api}/api/v1/shops/sparse/program`);
    localStorage.setItem(`loyalty:v2:${api}|sparse:program`,
      JSON.stringify({ text: await res.text(), etag: res.headers.get('ETag'), savedAt: Date.now() }));
  });
  // Every figure the first element shows from the switch on.
  await page.evaluate(() => {
    const el = document.getElementById('points');
    window.shown = [];
    new MutationObserver((records) => {
      for (const r of records) if (r.target.hasAttribute?.('data-points')) window.shown.push(r.target.getAttribute('data-points'));
    }).observe(el.shadowRoot, { subtree: true, attributes: true, attributeFilter: ['data-points'] });
    el.setAttribute('shop', 'sparse');
  });
  await page.waitForFunction((n) => document.querySelector('#points').shadowRoot.querySelector('.earn')
    ?.getAttribute('data-points') === String(n), to, { timeout: 15000 });
  await page.waitForTimeout(300);  // a late answer for the old shop would land here
  const shown = await page.evaluate(() => window.shown);
  assert.ok(shown.length > 0, 'the switch re-rendered');
  assert.deepEqual(shown.filter((s) => s !== String(to)), [], `shown after the switch: ${shown.join(', ')}`);
  assert.deepEqual(problems, []);
  await page.close();
});

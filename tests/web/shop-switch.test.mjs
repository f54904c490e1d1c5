// An element moved to another shop (its `shop` attribute set again, as a
// page's script may do) quotes only by the new shop's program: never by the
// program the core loaded for the shop it left, not even for one render while
// the new one loads.
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
  // Another element of the page has the new shop's program loaded (in the core too): it is ready at once.
  await page.evaluate(() => {
    const other = document.getElementById('points').cloneNode(false);
    other.id = 'points-sparse';
    other.setAttribute('shop', 'sparse');
    document.querySelector('.info').append(other);
  });
  const other = page.locator('#points-sparse .earn[data-points]');
  await other.waitFor({ timeout: 15000 });
  assert.equal(Number(await other.getAttribute('data-points')), to);
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

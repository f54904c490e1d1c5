// Defaults live in the core only: a program that leaves out every field with a
// default (minor_digits, earn.per_amount, rounding, tier multipliers, perks,
// action limits) shows in the widget the figures the core computes, because
// the server serves the core's normalised program (to_json) and the widget
// restates no default (issue 14).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { nativeQuote, root, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

const COAT = { currency: 'EUR', lines: [{ id: 'product', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1,
  unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] }] };

test('defaults: a sparse program shows the core\'s earn figure and rate (per_amount, minor_digits from the core)', async () => {
  const store = env.fixture.stores.sparse;
  assert.equal(store.program.minor_digits, undefined, 'the program as created leaves the defaults out');
  assert.equal(store.program.earn.per_amount, undefined);
  const normalised = JSON.parse(execFileSync(path.join(root, 'build/cli/loyalty'), ['validate', '--normalised', store.programFile], { encoding: 'utf8' }));
  const { per_amount: per, points } = normalised.earn;
  const digits = normalised.minor_digits;
  const rate = `Earn ${points} points for every ${new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR',
    minimumFractionDigits: digits, maximumFractionDigits: digits }).format(per / 10 ** digits)} spent`;

  const { page, problems } = await env.page('/pages/product.html?shop=sparse&customer=anon');
  const earn = page.locator('loyalty-product-points .earn[data-points]');
  await earn.waitFor({ timeout: 15000 });
  assert.equal(Number(await earn.getAttribute('data-points')), nativeQuote(env.fixture, 'sparse', null, COAT).points);
  await page.click('loyalty-widget .launcher');
  const tier = page.locator('loyalty-widget dialog[open] [part=tier]');
  await tier.waitFor({ timeout: 15000 });
  assert.ok((await tier.locator('p').allTextContents()).includes(rate), `${await tier.textContent()} has "${rate}"`);
  // The tier's multiplier is the core's default (100 %): no "×" perk is promised.
  assert.doesNotMatch(await tier.textContent(), /×/);
  assert.deepEqual(problems, []);
  await page.close();
});

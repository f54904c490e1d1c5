// Win-back in the storefront: a lapsed shopper's offer, as the core decided it
// (/me's state.win_back), in the panel with its last day on the shop's clock,
// as text, at 320 px; and the cart's preview counts the bonus exactly as the
// award will (the native quote from the server's ledger).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { nativeQuote, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

/** The offer's last day as the panel must write it: the day before its end, in the shop's zone (UTC+1 here). */
function lastDay(expiresAt, locale = 'en') {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.parse(expiresAt) - 1000 + 3600000));
}

async function openPanel(page) {
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 15000 });
}

test('win-back: the panel shows the bonus offer and its last day; the cart previews the bonus the order will earn', async () => {
  const offer = env.fixture.stores['win-back'].customer('alice').state.win_back;
  assert.equal(offer.kind, 'bonus_points');
  assert.equal(offer.bonus_points, 250);
  const { page, problems } = await env.page('/pages/product.html?shop=win-back');
  await openPanel(page);
  const section = page.locator('loyalty-widget [part=win-back]');
  await section.waitFor({ timeout: 15000 });
  assert.equal(await section.locator('h3').textContent(), 'Welcome back');
  assert.equal(await section.locator('p').textContent(), `250 points extra on your next order, through ${lastDay(offer.expires_at)}.`);
  // A shopper of the same shop who never lapsed (Bob has not ordered) sees none.
  const bob = await env.page('/pages/product.html?shop=win-back&customer=bob');
  await openPanel(bob.page);
  assert.equal(await bob.page.locator('loyalty-widget [part=win-back]').count(), 0);
  await bob.page.close();

  const cartPage = await env.page('/pages/cart.html?shop=win-back');
  const cart = await cartPage.page.evaluate(() => document.getElementById('loyalty-cart').cart);
  await cartPage.page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
  const q = nativeQuote(env.fixture, 'win-back', 'alice', cart);
  assert.ok(q.reasons.some((r) => r.rule === 'win_back' && r.points === 250), JSON.stringify(q.reasons));
  assert.equal(Number(await cartPage.page.locator('loyalty-cart [part=earn]').getAttribute('data-points')), q.points);
  const plain = nativeQuote(env.fixture, 'atelier-nord', 'alice', cart);
  assert.equal(q.points, plain.points + 250);
  assert.deepEqual(problems.filter((p) => !p.includes('favicon') && !p.includes('404')), []);
  await cartPage.page.close();
  await page.close();
});

test('win-back: a reward at a lower cost, named with markup, is text in the panel and fits 320 px in every language', async () => {
  const store = env.fixture.stores['win-back-reward'];
  const offer = store.customer('carol').state.win_back;
  const reward = store.program.rewards[0];
  assert.equal(offer.kind, 'reward');
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 320, height: 740 });
  for (const locale of ['en', 'ro', 'zh-Hans', 'zh-Hant']) {
    await page.goto(`${env.fixture.url}/pages/product.html?shop=win-back-reward&customer=carol&locale=${locale}`);
    await openPanel(page);
    const section = page.locator('loyalty-widget [part=win-back]');
    await section.waitFor({ timeout: 15000 });
    const text = await section.locator('p').textContent();
    assert.ok(text.includes(reward.name), text);  // the markup, as text
    assert.ok(text.includes(lastDay(offer.expires_at, locale)), `${locale}: ${text}`);
    if (locale === 'en') assert.equal(text, `${reward.name} for ${offer.reward_cost} points instead of ${reward.cost} points, once, through ${lastDay(offer.expires_at)}.`);
    assert.equal(await section.locator('img, script').count(), 0);
    // The reward's own line asks the offer's price (the core's redeem options).
    assert.match(await page.locator(`loyalty-widget li[data-reward="${reward.id}"] .detail`).textContent(), new RegExp(String(offer.reward_cost)));
    await section.scrollIntoViewIfNeeded();
    const wide = await section.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const out = [];
      for (const x of [el, ...el.querySelectorAll('*')]) if (x.scrollWidth > x.clientWidth + 1) out.push(x.tagName);
      if (r.right > document.documentElement.clientWidth + 0.5 || r.left < -0.5) out.push('outside the viewport');
      return out;
    });
    assert.deepEqual(wide, [], `${locale} at 320 px`);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

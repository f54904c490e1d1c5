// The widget against loyalty-server (fixture/server.mjs): product points equal the native quote,
// the cart's redeem flow returns a code, sync (ETag, offline, expired sessions).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { nativeQuote, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

const COAT = (variant, price, quantity) => ({ currency: 'EUR', lines: [{ id: 'product', product_id: 'coat', variant_id: variant,
  quantity, unit_price: price, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] }] });

async function productPoints(page, expected) {
  const loc = page.locator('loyalty-product-points .earn[data-points]');
  await loc.waitFor({ timeout: 15000 });
  if (expected !== undefined) await page.waitForFunction((n) => document.querySelector('loyalty-product-points').shadowRoot
    .querySelector('.earn')?.getAttribute('data-points') === String(n), expected, { timeout: 5000 }).catch(() => {});
  return { points: Number(await loc.getAttribute('data-points')), text: await loc.textContent() };
}

test('product: points for a signed-in Gold shopper equal the native quote, and follow variant and quantity', async () => {
  const { page, problems } = await env.page('/pages/product.html');
  // The shopper's state must be in before the number is final.
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  const want = nativeQuote(env.fixture, 'atelier-nord', 'alice', COAT('coat-charcoal', 18900, 1)).points;
  let got = await productPoints(page, want);
  assert.equal(got.points, want);
  assert.match(got.text, new RegExp(`Earn ${want.toLocaleString('en')} points`));
  await page.selectOption('#variant', 'coat-camel');
  await page.fill('#quantity', '2');
  const want2 = nativeQuote(env.fixture, 'atelier-nord', 'alice', COAT('coat-camel', 21900, 2)).points;
  got = await productPoints(page, want2);
  assert.notEqual(want2, want);
  assert.equal(got.points, want2);
  assert.deepEqual(problems.filter((p) => !p.includes('favicon') && !p.includes('404')), []);
  await page.close();
});

test('product: an anonymous visitor gets the base quote and never a balance', async () => {
  const { page } = await env.page('/pages/product.html?customer=anon');
  const want = nativeQuote(env.fixture, 'atelier-nord', null, COAT('coat-charcoal', 18900, 1)).points;
  assert.equal((await productPoints(page, want)).points, want);
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget dialog[open] [part=signin]').waitFor();
  assert.equal(await page.locator('loyalty-widget [part=balance]').count(), 0);
  assert.equal(await page.locator('loyalty-widget button[part=redeem-button]').count(), 0);
  assert.ok(!env.fixture.control.requests.some((r) => r.path.endsWith('/me') && r.headers['x-loyalty-customer'] === undefined));
  await page.close();
});

test('cart: points earned and spendable match the native quote; redeem returns a code and fires loyalty:redeemed', async () => {
  const { page } = await env.page('/pages/cart.html');
  const cart = await page.evaluate(() => document.getElementById('loyalty-cart').cart);
  await page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
  const q = nativeQuote(env.fixture, 'atelier-nord', 'alice', cart);
  assert.equal(Number(await page.locator('loyalty-cart [part=earn]').getAttribute('data-points')), q.points);
  assert.equal(Number(await page.locator('loyalty-cart [part=spend]').getAttribute('data-points')), q.spendable.points);
  assert.ok(q.spendable.points > 0);
  const nudges = await page.locator('loyalty-cart [part=nudge]').allTextContents();
  assert.equal(nudges.length, q.nudges.length);

  const events = [];
  await page.exposeFunction('__redeemed', (d) => events.push(d));
  await page.evaluate(() => document.addEventListener('loyalty:redeemed', (e) => window.__redeemed(e.detail)));
  assert.equal(events.length, 0, 'no event before a shopper acts');
  const before = env.fixture.control.redemptions.length;
  const best = [...q.rewards].filter((r) => r.affordable && !r.blocked).sort((a, b) => b.saves - a.saves)[0];
  await page.locator(`loyalty-cart button[data-reward="${best.reward_id}"]`).click();
  const code = page.locator('loyalty-cart input[part=code]');
  await code.waitFor({ timeout: 10000 });
  const value = await code.inputValue();
  assert.match(value, /^[0-9A-Z]{6,}$/);
  await page.waitForFunction(() => document.getElementById('applied').textContent.includes('Code applied'));
  assert.equal(await page.locator('#applied').textContent(), 'Code applied: ' + value);
  assert.equal(events.length, 1);
  assert.deepEqual({ code: events[0].code, rewardId: events[0].rewardId, points: events[0].points }, { code: value, rewardId: best.reward_id, points: best.cost });
  const server = env.fixture.control.redemptions.slice(before);
  assert.equal(server.length, 1);
  assert.equal(server[0].code, value);
  const req = env.fixture.control.requests.filter((r) => r.path.endsWith('/me/redemptions')).at(-1);
  assert.ok(req.headers['idempotency-key'] && req.headers['idempotency-key'].length >= 16);
  // The new balance reaches the launcher.
  await page.waitForFunction((b) => document.querySelector('loyalty-widget').shadowRoot.querySelector('.launcher').dataset.balance === b,
    String(server[0].balance), { timeout: 10000 });
  await page.close();
});

test('sync: the program is revalidated with its ETag (304) and a 5xx is retried with the same idempotency key', async () => {
  const { page } = await env.page('/pages/product.html');
  await productPoints(page);
  const before = env.fixture.control.requests.length;
  await page.reload();
  await productPoints(page);
  const progs = env.fixture.control.requests.slice(before).filter((r) => r.path.endsWith('/program'));
  assert.ok(progs.length >= 1);
  assert.ok(progs.every((r) => r.headers['if-none-match']), 'revalidated with If-None-Match');

  // The server fails twice, then answers: one redemption, one key, three tries.
  await page.click('loyalty-widget .launcher');
  const button = page.locator('loyalty-widget button[data-reward="free-shipping"]');
  await button.waitFor();
  let fails = 2;
  const r0 = env.fixture.control.requests.length;
  await page.route('**/me/redemptions', async (route) => {
    if (fails-- > 0) return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"busy"}' });
    return route.continue();
  });
  await button.click();
  await page.locator('loyalty-widget dialog input[part=code]').waitFor({ timeout: 15000 });
  await page.unroute('**/me/redemptions');
  const tries = env.fixture.control.requests.slice(r0).filter((r) => r.path.endsWith('/me/redemptions'));
  assert.equal(tries.length, 1, 'the two 503s never reached the server; the third did');
  assert.equal(env.fixture.control.redemptions.filter((x) => x.key === tries[0].headers['idempotency-key']).length, 1);
  await page.close();
});

test('sync: with the server down, the last known state is shown and marked as such', async () => {
  const { page } = await env.page('/pages/product.html');
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  env.fixture.control.down = true;
  try {
    const meBefore = env.fixture.control.requests.filter((r) => r.path.endsWith('/me')).length;
    await page.reload();
    // Product points still come from the cached program and the local core.
    assert.ok((await productPoints(page)).points > 0);
    await page.click('loyalty-widget .launcher');
    const banner = page.locator('loyalty-widget [part=offline]');
    await banner.waitFor({ timeout: 20000 });
    assert.match(await banner.textContent(), /can’t reach the rewards service/);
    assert.ok(await page.locator('loyalty-widget [part=balance].stale').count());
    assert.ok(await page.locator('loyalty-widget button[part=redeem-button]').first().isDisabled(), 'no redeeming on stale data');
    const meTries = env.fixture.control.requests.filter((r) => r.path.endsWith('/me')).length - meBefore;
    assert.ok(meTries >= 3, `retried with backoff (${meTries} tries)`);

    // A first-time visitor (no cache) is told plainly.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog .banner').waitFor({ timeout: 20000 });
    assert.match(await page.locator('loyalty-widget dialog .banner').first().textContent(), /unavailable/);
  } finally {
    env.fixture.control.down = false;
  }
  await page.close();
});

test('sync: an expired signature asks the shopper to sign in again', async () => {
  const { page } = await env.page('/pages/product.html?expired=1');
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget dialog [part=signin]').waitFor({ timeout: 15000 });
  assert.match(await page.locator('loyalty-widget dialog [part=signin]').textContent(), /expired/);
  assert.equal(await page.locator('loyalty-widget [part=balance]').count(), 0);
  await page.close();
});

test('layout: the elements reserve their space (no layout shift while they load)', async () => {
  const page = await env.context.newPage();
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
  for (const p of ['/pages/product.html', '/pages/cart.html']) {
    await page.goto(env.fixture.url + p);
    await page.locator(p.includes('cart') ? 'loyalty-cart [part=earn]' : 'loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
    await page.waitForTimeout(300);
    const cls = await page.evaluate(() => window.__cls);
    assert.equal(cls, 0, `${p}: CLS ${cls}`);
  }
  await page.close();
});

test('panel: a self-claimed action is claimed once with its limit shown, and a referral link visit is recorded', async () => {
  const code = env.fixture.stores['atelier-nord'].referralCode('bob');
  const { page } = await env.page(`/pages/product.html?ref=${encodeURIComponent(code)}`);
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  const balance = Number(await page.locator('loyalty-widget .launcher').getAttribute('data-balance'));
  const visits = () => env.fixture.control.requests.filter((r) => r.path.endsWith('/referrals/visit'));
  for (let i = 0; i < 50 && !visits().length; i++) await page.waitForTimeout(100);
  assert.equal(visits().length, 1, 'the ?ref= code was recorded');

  await page.click('loyalty-widget .launcher');
  const follow = page.locator('loyalty-widget [data-action="social_follow"]');
  await follow.waitFor({ timeout: 15000 });
  assert.match(await follow.textContent(), /25 points · 0 of 1/);
  await follow.locator('button[part=claim-button]').click();
  await page.locator('loyalty-widget [part=status]', { hasText: 'Claimed 25 points' }).waitFor({ timeout: 10000 });
  await page.waitForFunction((b) => Number(document.querySelector('loyalty-widget').shadowRoot.querySelector('.launcher').dataset.balance) === b + 25,
    balance, { timeout: 10000 });
  // Lifetime limit 1: now used up, the button is off.
  await page.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot
    .querySelector('[data-action="social_follow"] button').disabled, null, { timeout: 10000 });
  assert.match(await follow.textContent(), /1 of 1/);
  // A mistyped code is caught by the core's check character: no request.
  const before = visits().length;
  const bad = code.replace(/-/g, '').split('');
  bad[0] = bad[0] === 'A' ? 'B' : 'A';
  await page.goto(env.fixture.url + '/pages/product.html?ref=' + bad.join(''));
  await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  await page.waitForTimeout(300);
  assert.equal(visits().length, before);
  await page.close();
});

test('cross-origin: the API on another origin works through CORS (signed headers, ETag, redeem)', async () => {
  const apiOrigin = env.fixture.url.replace('127.0.0.1', 'localhost');
  const { page, problems } = await env.page(`/pages/cart.html?customer=carol&api=${encodeURIComponent(apiOrigin)}`);
  await page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
  await page.locator('loyalty-cart button[part=redeem-button]').first().click();
  await page.locator('loyalty-cart input[part=code]').waitFor({ timeout: 10000 });
  const cross = env.fixture.control.requests.filter((r) => r.headers.origin === env.fixture.url);
  assert.ok(cross.some((r) => r.path.endsWith('/me')), 'the signed /me went cross-origin');
  assert.ok(cross.some((r) => r.path.endsWith('/me/redemptions')));
  await page.reload();
  await page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
  const again = env.fixture.control.requests.filter((r) => r.headers.origin === env.fixture.url && r.path.endsWith('/program')).at(-1);
  assert.ok(again.headers['if-none-match'], 'the ETag was readable cross-origin (exposed) and sent back');
  assert.deepEqual(problems, []);
  await page.close();
});

// Which picks the balance allows is the core's answer (rewardValue with /me's state), not a bound checked in the
// page. Before the next test, which redeems from carol's balance: this one sends nothing.
test('panel: a pick above the balance (a whole step within the reward\'s maximum) is refused by the core, and nothing is sent', async () => {
  const { page, problems } = await env.page('/pages/product.html?customer=carol');
  const launcher = page.locator('loyalty-widget .launcher[data-balance]');
  await launcher.waitFor({ timeout: 15000 });
  const balance = Number(await launcher.getAttribute('data-balance'));
  const over = (Math.floor(balance / 100) + 1) * 100;
  assert.ok(over <= 5000, `carol's ${balance} points leave a step above them within the maximum`);
  await page.click('loyalty-widget .launcher');
  const reward = page.locator('loyalty-widget li[data-reward="points-off"]');
  const input = reward.locator('input[part=points-input]');
  await input.waitFor({ timeout: 15000 });
  const redemptions = () => env.fixture.control.requests.filter((r) => r.path.endsWith('/me/redemptions')).length;
  const before = redemptions();
  await input.fill(String(over));
  await reward.locator('#pick-points-off-worth', { hasText: 'Choose 200 to' }).waitFor({ timeout: 5000 });
  await reward.locator('button[part=redeem-button]').click();
  await page.locator('loyalty-widget [part=status]', { hasText: 'in steps of 100' }).waitFor({ timeout: 5000 });
  assert.equal(redemptions(), before);
  assert.deepEqual(problems, []);
  await page.close();
});

test('panel: a variable reward lets the shopper pick the points, refuses a bad pick and redeems the chosen amount', async () => {
  const { page, problems } = await env.page('/pages/product.html?customer=carol');
  const launcher = page.locator('loyalty-widget .launcher[data-balance]');
  await launcher.waitFor({ timeout: 15000 });
  const balance = Number(await launcher.getAttribute('data-balance'));
  assert.ok(balance >= 300, `carol has ${balance} points`);
  await page.click('loyalty-widget .launcher');
  const reward = page.locator('loyalty-widget li[data-reward="points-off"]');
  const input = reward.locator('input[part=points-input]');
  await input.waitFor({ timeout: 15000 });
  // By default the most the balance allows, in whole steps, within the reward's maximum.
  assert.equal(Number(await input.inputValue()), Math.min(Math.floor(balance / 100) * 100, 5000));
  assert.equal(await reward.locator('label').textContent(), 'Points to use');
  const redemptions = () => env.fixture.control.requests.filter((r) => r.path.endsWith('/me/redemptions')).length;
  const before = redemptions();
  // Not a multiple of the step: the hint says what is allowed and nothing is sent.
  await input.fill('150');
  await reward.locator('#pick-points-off-worth', { hasText: 'Choose 200 to' }).waitFor({ timeout: 5000 });
  await reward.locator('button[part=redeem-button]').click();
  await page.locator('loyalty-widget [part=status]', { hasText: 'in steps of 100' }).waitFor({ timeout: 5000 });
  assert.equal(redemptions(), before);
  // The slider moves in the same steps and sets the field; the value follows.
  const slider = reward.locator('input[part=points-slider]');
  assert.equal(await slider.getAttribute('step'), '100');
  await slider.evaluate((el) => { el.value = el.min; el.dispatchEvent(new Event('input', { bubbles: true })); });
  assert.equal(await input.inputValue(), '200');
  await reward.locator('#pick-points-off-worth', { hasText: '€2.00 off' }).waitFor({ timeout: 5000 });
  // 300 points: worth €3.00, redeemed for a code, and the balance drops by exactly 300.
  await input.fill('300');
  await reward.locator('#pick-points-off-worth', { hasText: '€3.00 off' }).waitFor({ timeout: 5000 });
  await reward.locator('button[part=redeem-button]').click();
  await reward.locator('input[part=code]').waitFor({ timeout: 10000 });
  assert.equal(redemptions(), before + 1);
  await page.waitForFunction((b) => Number(document.querySelector('loyalty-widget').shadowRoot.querySelector('.launcher').dataset.balance) === b - 300,
    balance, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('panel: activity shows 8 entries, then 20 more per click, fetching older pages by cursor until the history ends', async () => {
  const all = env.fixture.stores['atelier-nord'].ledger('dave');
  assert.ok(all.length > 28, `dave has ${all.length} entries`);
  const { page, problems } = await env.page('/pages/product.html?customer=dave');
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  await page.click('loyalty-widget .launcher');
  const rows = page.locator('loyalty-widget [part=activity] li');
  const more = page.locator('loyalty-widget [part=more-button]');
  await more.waitFor({ timeout: 15000 });
  assert.equal(await rows.count(), 8);
  const pages = () => env.fixture.control.requests.filter((r) => r.path.endsWith('/me/activity')).length;
  // Each click shows 20 more: the rest of the /me page, then older pages fetched by cursor.
  const count = () => page.evaluate(() => document.querySelector('loyalty-widget').shadowRoot.querySelectorAll('[part=activity] li').length);
  await more.click();
  await page.waitForFunction(() => document.querySelector('loyalty-widget').shadowRoot.querySelectorAll('[part=activity] li').length === 28, null, { timeout: 10000 });
  assert.equal(pages(), 1);
  for (let shown = 28; shown < all.length; shown += 20) {
    await more.click();
    const want = Math.min(shown + 20, all.length);
    await page.waitForFunction((n) => document.querySelector('loyalty-widget').shadowRoot.querySelectorAll('[part=activity] li').length === n,
      want, { timeout: 10000 });
  }
  // The whole history, once, newest first (the entry types in the ledger's reverse order); one request per older page.
  assert.equal(await count(), all.length);
  assert.equal(pages(), Math.ceil((all.length - 20) / 20));
  await page.waitForFunction(() => !document.querySelector('loyalty-widget').shadowRoot.querySelector('[part=more-button]'), null, { timeout: 5000 });
  const en = { earn: 'Order', mature: 'Points confirmed', tier_change: 'Tier changed', tier_reward: 'Tier reward', action: 'Bonus' };
  const texts = await rows.allTextContents();
  assert.deepEqual(texts.map((x) => x.split(' · ')[0]), [...all].reverse().map((e) => en[e.type] || e.type));
  assert.deepEqual(problems, []);
  await page.close();
});

test('product: where no worker can start, the core runs on the page and quotes the same points', async () => {
  const withWorker = await env.page('/pages/product.html');
  const expected = (await productPoints(withWorker.page)).points;
  assert.deepEqual(withWorker.page.workers().map((w) => w.url().split('/').pop()).filter((u) => u.includes('core'))
    .map((u) => u.replace(/-[A-Z0-9]{8}\.js$/, '-<hash>.js')), ['loyalty-core-worker-<hash>.js']);
  await withWorker.page.close();
  const page = await env.context.newPage();
  await page.addInitScript(() => { window.Worker = function () { throw new DOMException('blocked', 'SecurityError'); }; });
  await page.goto(env.fixture.url + '/pages/product.html');
  const { points } = await productPoints(page);
  assert.equal(points, expected);
  assert.equal(page.workers().length, 0);
  await page.close();
});

// Offline and back: stale data never reads as "not enough points", and the
// open panel catches up by itself when the server returns (background retry
// with backoff, `online` events, a refresh when it is opened again).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

const meCalls = () => env.fixture.control.requests.filter((r) => r.path.endsWith('/me')).length;

async function openStale(page) {
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  env.fixture.control.down = true;
  await page.reload();
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget [part=offline]').waitFor({ timeout: 20000 });
  // Every retry of the first fetch has failed by now: what follows is the panel's own doing.
  await page.waitForTimeout(2500);
  assert.equal(await page.locator('loyalty-widget [part=offline]').count(), 1);
}

test('offline: rewards the cached balance covers say they cannot be redeemed right now, not "not enough points"', async () => {
  const { page } = await env.page('/pages/product.html?customer=carol');
  try {
    await openStale(page);
    const balance = Number(await page.locator('loyalty-widget [part=balance] .figure').getAttribute('data-balance'));
    const free = page.locator('loyalty-widget li[data-reward="free-shipping"]');
    assert.ok(balance >= 300, `carol has ${balance} points, free shipping costs 300`);
    const text = await free.textContent();
    assert.doesNotMatch(text, /Not enough points/);
    assert.match(text, /Rewards can’t be redeemed right now/);
    assert.ok(await free.locator('button[part=redeem-button]').isDisabled());
  } finally {
    env.fixture.control.down = false;
  }
  await page.close();
});

test('offline: the open panel retries in the background and turns live when the server is back', async () => {
  const { page } = await env.page('/pages/product.html?customer=carol');
  try {
    await openStale(page);
  } finally {
    env.fixture.control.down = false;
  }
  // No click, no reload: the panel fetches again by itself.
  await page.locator('loyalty-widget [part=offline]').waitFor({ state: 'detached', timeout: 15000 });
  assert.equal(await page.locator('loyalty-widget [part=balance].stale').count(), 0);
  assert.ok(await page.locator('loyalty-widget li[data-reward="free-shipping"] button[part=redeem-button]').isEnabled());
  await page.close();
});

test('offline: an `online` event and reopening the panel refresh at once', async () => {
  const { page } = await env.page('/pages/product.html?customer=carol');
  try {
    await openStale(page);
    await page.click('loyalty-widget button.close');
    // Closed: no background polling (a request begun before closing may still finish its own retries).
    await page.waitForTimeout(2500);
    const closedAt = meCalls();
    await page.waitForTimeout(5000);
    assert.equal(meCalls(), closedAt, 'a closed panel does not poll');
    env.fixture.control.down = false;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForFunction(() => !document.querySelector('loyalty-widget').shadowRoot.querySelector('[part=balance].stale'),
      null, { timeout: 5000 }).catch(() => {});
    assert.ok(meCalls() > closedAt, 'the online event fetched /me');

  } finally {
    env.fixture.control.down = false;
  }
  await page.close();

  // Closed while stale, the server back meanwhile: reopening asks at once (not after 30 s, not after a backoff).
  const again = await env.page('/pages/product.html?customer=carol');
  try {
    await openStale(again.page);
    await again.page.click('loyalty-widget button.close');
    await again.page.waitForTimeout(2500);
    env.fixture.control.down = false;
    const before = meCalls();
    await again.page.click('loyalty-widget .launcher');
    for (let i = 0; i < 5 && meCalls() === before; i++) await again.page.waitForTimeout(100);
    assert.ok(meCalls() > before, 'reopening refreshed within 500 ms');
    await again.page.locator('loyalty-widget [part=offline]').waitFor({ state: 'detached', timeout: 5000 });
  } finally {
    env.fixture.control.down = false;
  }
  await again.page.close();
});

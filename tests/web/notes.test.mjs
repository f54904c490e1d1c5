// Shopper notes: what the server's /me lists (the core's notices of an order)
// shows above the launcher on the next visit, in the shopper's language, as
// text only, until dismissed by click or keyboard; the notes' code loads only
// when there are notes; 320 px phones and the strict CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axe, setUp } from './helpers.mjs';
import { sign } from './fixture/server.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

const SHOP = 'atelier-nord';

function order(customer, id, price) {
  return env.fixture.webhook(SHOP, { customer, id: `${customer}-order-${id}`, type: 'order_paid', at: env.fixture.now() - 60,
    order: { id, currency: 'EUR', lines: [{ id: '1', product_id: 'scarf', quantity: 1, unit_price: price, collections: ['accessories'] }] } });
}

/** The notes /me lists for the customer, as the server answers the widget. */
async function serverNotes(customer) {
  const r = await fetch(`${env.fixture.url}/api/v1/shops/${SHOP}/me`,
    { headers: { 'X-Loyalty-Customer': customer, 'X-Loyalty-Signature': sign(SHOP, customer) } });
  return (await r.json()).notes;
}

const notesChunk = (page) => {
  const loaded = [];
  page.on('request', (r) => { if (/loyalty-widget\.notes-[^/]*\.js$/.test(r.url())) loaded.push(r.url()); });
  return loaded;
};

async function open(path) {
  const { page, problems } = await env.page(path);
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  return { page, problems };
}

test('notes: an order shows "You earned N points for order #…" on the next visit, again until dismissed, then never', async () => {
  await order('nina', '1042', 12000);
  const listed = await serverNotes('nina');
  const earned = listed.find((n) => n.type === 'points_earned');
  assert.ok(earned, 'the server lists the earned points');
  const text = `You earned ${earned.points.toLocaleString('en')} points for order #1042`;

  const { page, problems } = await open('/pages/product.html?customer=nina');
  const box = page.locator('loyalty-widget [part=notes]');
  await box.waitFor({ timeout: 10000 });
  assert.equal(await box.getAttribute('role'), 'status');
  assert.ok((await box.locator('li').allTextContents()).includes(text), await box.textContent());
  assert.deepEqual(await axe(page), []);
  // Not dismissed: shown again on the next visit.
  await page.reload();
  await box.waitFor({ timeout: 10000 });
  assert.ok((await box.locator('li').allTextContents()).includes(text));

  await page.locator('loyalty-widget [part=notes-dismiss]').click();
  await box.waitFor({ state: 'hidden' });
  for (let i = 0; i < 50 && (await serverNotes('nina')).length; i++) await page.waitForTimeout(100);
  assert.deepEqual(await serverNotes('nina'), [], 'dismissed on the server');
  await page.close();

  const again = await open('/pages/product.html?customer=nina');
  const loaded = notesChunk(again.page);
  await again.page.waitForLoadState('networkidle');
  await again.page.waitForTimeout(500);
  assert.equal(await again.page.locator('loyalty-widget [part=notes]').count(), 0);
  assert.deepEqual(loaded, [], 'no notes: the notes chunk is not loaded');
  assert.deepEqual(problems.concat(again.problems), []);
  await again.page.close();
});

test('notes: keyboard: Tab reaches Dismiss, Escape dismisses and focus goes to the launcher', async () => {
  await order('kai', '7', 5000);
  const { page } = await open('/pages/product.html?customer=kai');
  const box = page.locator('loyalty-widget [part=notes]');
  await box.waitFor({ timeout: 10000 });
  let name = '';
  for (let i = 0; i < 40 && name !== 'Dismiss'; i++) {
    await page.keyboard.press('Tab');
    name = await page.evaluate(() => {
      const a = document.activeElement?.shadowRoot?.activeElement;
      return a ? a.textContent : '';
    });
  }
  assert.equal(name, 'Dismiss', 'the dismiss button is reachable with Tab');
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden' });
  const focused = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className);
  assert.equal(focused, 'launcher');
  for (let i = 0; i < 50 && (await serverNotes('kai')).length; i++) await page.waitForTimeout(100);
  assert.deepEqual(await serverNotes('kai'), []);
  await page.close();
});

test('notes: server text is text, never markup; Romanian; fits a 320 px phone under the strict CSP', async () => {
  await order('ilo', '<img src=x onerror=alert(1)>', 4000);
  const listed = await serverNotes('ilo');
  const earned = listed.find((n) => n.type === 'points_earned');
  const page = await env.context.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${env.fixture.url}/csp/product.html?customer=ilo&locale=ro`);
  const box = page.locator('loyalty-widget [part=notes]');
  await box.waitFor({ timeout: 15000 });
  const texts = await box.locator('li').allTextContents();
  const points = new Intl.NumberFormat('ro').format(earned.points);
  assert.ok(texts.some((t) => t.startsWith(`Ai primit ${points} `) && t.endsWith('pentru comanda #<img src=x onerror=alert(1)>')), texts.join(' | '));
  assert.equal(await page.locator('loyalty-widget [part=notes] img').count(), 0);
  assert.equal(await page.locator('loyalty-widget [part=notes-dismiss]').textContent(), 'Închide');
  const r = await box.boundingBox();
  assert.ok(r.x >= 0 && r.x + r.width <= 320, `inside the viewport: ${JSON.stringify(r)}`);
  const launcher = await page.locator('loyalty-widget .launcher').boundingBox();
  assert.ok(r.y + r.height <= launcher.y, 'above the launcher, not over it');
  assert.deepEqual(problems, []);
  await page.locator('loyalty-widget [part=notes-dismiss]').click();
  await box.waitFor({ state: 'hidden' });
  await page.close();
});

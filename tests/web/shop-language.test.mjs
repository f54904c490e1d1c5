// Every language all the way: the shop's own names in the shopper's language
// (falling back to the shop's), refusals translated (the server's English in
// the console only), dates in the shop's time zone and never as the ambiguous
// "12/3/26", and a reward's details that do not repeat its name.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { setUp } from './helpers.mjs';

let env;
// The browser in another time zone than the shop (UTC+1): dates must follow the shop.
before(async () => { env = await setUp({ timezoneId: 'America/Los_Angeles' }); });
after(async () => { await env?.tearDown(); });

test('errors: a refusal is shown translated, the server text goes to the console only', async () => {
  // Page B keeps an old view of carol's balance while page A spends it.
  const b = await env.page('/pages/product.html?customer=carol&locale=ro');
  const consoleLines = [];
  b.page.on('console', (m) => consoleLines.push(m.text()));
  await b.page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  await b.page.click('loyalty-widget .launcher');
  const freeB = b.page.locator('loyalty-widget li[data-reward="free-shipping"] button[part=redeem-button]');
  await freeB.waitFor({ timeout: 15000 });
  assert.ok(await freeB.isEnabled());

  const a = await env.page('/pages/product.html?customer=carol');
  await a.page.click('loyalty-widget .launcher');
  const all = a.page.locator('loyalty-widget li[data-reward="points-off"]');
  await all.locator('input[part=points-input]').waitFor({ timeout: 15000 });
  await all.locator('button[part=redeem-button]').click();
  await all.locator('input[part=code]').waitFor({ timeout: 10000 });
  await a.page.close();

  await freeB.click();
  const status = b.page.locator('loyalty-widget [part=status]');
  await b.page.waitForFunction(() => {
    const s = document.querySelector('loyalty-widget').shadowRoot.querySelector('[part=status]');
    return s && s.textContent && !/Se răscumpără/.test(s.textContent);
  }, null, { timeout: 10000 });
  const shown = await status.textContent();
  assert.doesNotMatch(shown, /[Nn]ot enough|points|balance|reward/, `no English server text: "${shown}"`);
  assert.match(shown, /nu|Nu/, `Romanian: "${shown}"`);
  const server = env.fixture.control.requests.filter((r) => r.path.endsWith('/me/redemptions')).length;
  assert.ok(server >= 2);
  assert.ok(consoleLines.some((l) => /loyalty/.test(l) && /422/.test(l)), 'the server answer is in the console: ' + consoleLines.join(' | '));
  await b.page.close();
});

test('dates: the offline banner uses the shop time zone and an unambiguous date, not 12/3/26', async () => {
  const { page } = await env.page('/pages/product.html?customer=alice');
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  env.fixture.control.down = true;
  try {
    await page.reload();
    await page.click('loyalty-widget .launcher');
    const banner = page.locator('loyalty-widget [part=offline]');
    await banner.waitFor({ timeout: 20000 });
    const text = await banner.textContent();
    const savedAt = await page.evaluate(() => {
      const k = Object.keys(localStorage).find((x) => x.endsWith(':me:alice'));
      return JSON.parse(localStorage.getItem(k)).savedAt;
    });
    assert.doesNotMatch(text, /\d{1,2}\/\d{1,2}\/\d{2}\b/, text);
    // The shop is at UTC+1 (utc_offset_minutes 60), the browser at Los Angeles.
    const shop = new Date(savedAt + 60 * 60000);
    const hh = shop.getUTCHours() % 12 || 12, mm = String(shop.getUTCMinutes()).padStart(2, '0');
    assert.ok(text.includes(`${hh}:${mm}`), `shop-local ${hh}:${mm} in "${text}"`);
    assert.ok(text.includes(String(shop.getUTCFullYear())), text);
  } finally {
    env.fixture.control.down = false;
  }
  await page.close();
});

test('rewards: the details never repeat the reward name', async () => {
  const { page } = await env.page('/pages/product.html?customer=alice');
  await page.click('loyalty-widget .launcher');
  const free = page.locator('loyalty-widget li[data-reward="free-shipping"]');
  await free.locator('.detail').waitFor({ timeout: 15000 });
  const detail = await free.locator('.detail').textContent();
  assert.doesNotMatch(detail, /Free shipping/, detail);
  assert.match(detail, /300 points/);
  await page.close();
});

test('names: the shop\'s own names in the shopper\'s language from the program\'s translations, the shop\'s own where none', async () => {
  const want = {
    ro: { title: 'Cercul Atelier Nord', reward: 'Livrare gratuită', tier: 'Gold', perk: 'Stilist personal' },
    'zh-Hant': { title: 'Atelier Nord 會員圈', reward: '免運費', tier: '金卡', perk: '專屬造型師' },
    en: { title: 'Atelier Nord Circle', reward: 'Free shipping', tier: 'Gold', perk: 'Personal stylist' },
  };
  for (const [locale, w] of Object.entries(want)) {
    const { page } = await env.page(`/pages/product.html?customer=alice&locale=${locale}`);
    await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=rewards]').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('loyalty-widget #loyalty-title').textContent(), w.title, locale);
    assert.equal(await page.locator('loyalty-widget li[data-reward="free-shipping"] .name').textContent(), w.reward, locale);
    // Alice is Gold; Romanian has no translation for the tier names: the shop's own.
    assert.equal(await page.locator('loyalty-widget [part=tier] .name').textContent(), w.tier, locale);
    assert.match(await page.locator('loyalty-widget .perks').textContent(), new RegExp(w.perk), locale);
    await page.close();
  }
});

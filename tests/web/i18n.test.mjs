// Every language: product, cart and panel render in it (numbers and money
// through Intl) and are saved as screenshots in artifacts/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { LOCALES, screenshotsDir, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); fs.mkdirSync(screenshotsDir, { recursive: true }); });
after(async () => { await env?.tearDown(); });

// What each language must show: launcher, the points word, money as Intl writes it.
const EXPECT = {
  en: { launcher: 'Rewards', points: /Earn [\d,]+ points/, money: /€10\.00/, cart: /This order earns/ },
  'zh-Hant': { launcher: '會員獎勵', points: /可獲得 [\d,]+ 點/, money: /€10\.00/, cart: /此訂單可獲得/ },
  'zh-Hans': { launcher: '会员奖励', points: /可获得 [\d,]+ 积分/, money: /€10\.00/, cart: /此订单可获得/ },
  ro: { launcher: 'Recompense', points: /Primești [\d.]+ (de )?puncte/, money: /10,00\s(€|EUR)/, cart: /Comanda aceasta îți aduce/ },
};

for (const locale of LOCALES) {
  test(`i18n: ${locale}: product, cart and panel in the language, with screenshots`, async () => {
    const want = EXPECT[locale];
    const shot = (name) => path.join(screenshotsDir, `${locale}-${name}.png`);

    const { page } = await env.page(`/pages/product.html?locale=${locale}`);
    const earn = page.locator('loyalty-product-points .earn[data-points]');
    await earn.waitFor({ timeout: 15000 });
    assert.match(await earn.textContent(), want.points);
    assert.equal((await page.locator('loyalty-widget .launcher .label').textContent()).trim(), want.launcher);
    await page.locator('main').screenshot({ path: shot('product') });

    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 15000 });
    const panelText = await page.locator('loyalty-widget dialog').textContent();
    assert.match(panelText, want.money);
    await page.waitForTimeout(250);
    await page.screenshot({ path: shot('panel') });
    await page.close();

    const cart = await env.page(`/pages/cart.html?locale=${locale}`);
    await cart.page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
    assert.match(await cart.page.locator('loyalty-cart [part=earn]').textContent(), want.cart);
    await cart.page.locator('loyalty-cart').screenshot({ path: shot('cart') });
    await cart.page.close();

    const anon = await env.page(`/pages/product.html?customer=anon&locale=${locale}`);
    await anon.page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
    await anon.page.click('loyalty-widget .launcher');
    await anon.page.locator('loyalty-widget dialog[open] [part=signin]').waitFor({ timeout: 15000 });
    await anon.page.waitForTimeout(250);
    await anon.page.screenshot({ path: shot('panel-anonymous') });
    await anon.page.close();
    for (const n of ['product', 'panel', 'cart', 'panel-anonymous']) assert.ok(fs.statSync(shot(n)).size > 2000, n);
  });
}

test('i18n: the locale follows the page lang when the attribute is absent, and Romanian plurals are right', async () => {
  const { page } = await env.page('/pages/product.html?locale=zh-TW');
  await page.evaluate(() => {
    const el = document.querySelector('loyalty-product-points');
    el.removeAttribute('locale');
    document.documentElement.lang = 'zh-TW';
  });
  await page.evaluate(() => document.querySelector('loyalty-product-points').setAttribute('shop', 'atelier-nord'));
  await page.waitForFunction(() => /可獲得/.test(document.querySelector('loyalty-product-points').shadowRoot.textContent));
  await page.close();
  const { default: ro } = await import('../../web/src/i18n/ro.js');
  assert.equal(ro.points('1', 1), '1 punct');
  assert.equal(ro.points('5', 5), '5 puncte');
  assert.equal(ro.points('20', 20), '20 de puncte');
  assert.equal(ro.points('101', 101), '101 puncte');
  assert.equal(ro.points('1.726', 1726), '1.726 de puncte');
});

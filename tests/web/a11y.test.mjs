// Accessibility: axe-core finds nothing on the pages and the open panel;
// everything works by keyboard alone; the dialog traps and returns focus;
// prefers-reduced-motion turns the motion off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axe, focused, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

const ready = (page) => page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });

for (const [name, path, selector] of [
  ['product page, signed in', '/pages/product.html', 'loyalty-product-points .earn[data-points]'],
  ['product page, anonymous', '/pages/product.html?customer=anon', 'loyalty-product-points .earn[data-points]'],
  ['cart page, signed in', '/pages/cart.html', 'loyalty-cart [part=spend]'],
]) {
  test(`a11y: axe finds no violations on the ${name}, panel closed and open`, async () => {
    const { page } = await env.page(path);
    await page.locator(selector).waitFor({ timeout: 15000 });
    assert.deepEqual(await axe(page), []);
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] section').first().waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(await axe(page), []);
    await page.close();
  });
}

test('a11y: axe finds no violations in the panel in every language', async () => {
  for (const locale of ['zh-Hant', 'zh-Hans', 'ro']) {
    const { page } = await env.page(`/pages/cart.html?locale=${locale}`);
    await page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 15000 });
    assert.deepEqual(await axe(page), [], locale);
    await page.close();
  }
});

test('a11y: keyboard only: Tab to the launcher, open, focus stays inside, redeem, Escape returns focus', async () => {
  const { page } = await env.page('/pages/product.html');
  await ready(page);
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  let f;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
    if (f.host === 'loyalty-widget') break;
  }
  assert.equal(f.host, 'loyalty-widget', 'the launcher is reachable with Tab');
  assert.match(f.text, /Rewards: [\d,]+ points/, 'the launcher names the balance');
  await page.keyboard.press('Enter');
  await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 10000 });
  f = await focused(page);
  assert.ok(f.inDialog, 'focus moves into the dialog');
  assert.equal(f.text, 'Close');

  // Tab and Shift+Tab never leave the dialog.
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
    assert.ok(f.inDialog, `Tab ${i} left the dialog: ${f.path}`);
    seen.add(f.text);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok((await focused(page)).inDialog);
  }
  assert.ok([...seen].some((t) => t.startsWith('Redeem')), 'the redeem buttons are in the tab order');

  // Reach "Redeem Free shipping" with Tab alone and press Space.
  for (let i = 0; i < 40 && (await focused(page)).text !== 'Redeem Free shipping'; i++) await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, 'Redeem Free shipping');
  await page.keyboard.press('Space');
  await page.locator('loyalty-widget dialog input[part=code]').waitFor({ timeout: 10000 });
  f = await focused(page);
  assert.equal(f.text, 'Your code', 'focus goes to the code');
  const code = await page.locator('loyalty-widget dialog input[part=code]').inputValue();
  assert.match(code, /^[0-9A-Z]{6,}$/);

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('loyalty-widget').shadowRoot.querySelector('dialog').open);
  f = await focused(page);
  assert.equal(f.host, 'loyalty-widget');
  assert.match(f.path, /button\.launcher$/, 'focus returns to the launcher');
  await page.close();
});

test('a11y: the progress bar and the dialog are labelled; prefers-reduced-motion removes transitions', async () => {
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const { page } = await env.page('/pages/product.html', { reducedMotion });
    await ready(page);
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 15000 });
    const info = await page.evaluate(() => {
      const root = document.querySelector('loyalty-widget').shadowRoot;
      const d = root.querySelector('dialog');
      const p = root.querySelector('progress');
      return { transition: getComputedStyle(d).transitionDuration, labelledby: root.getElementById(d.getAttribute('aria-labelledby'))?.textContent,
        progressLabel: p?.getAttribute('aria-label'), modal: d.matches(':modal') };
    });
    assert.equal(info.labelledby, 'Atelier Nord Circle');
    assert.match(info.progressLabel, /more to reach Platinum/);
    assert.equal(info.modal, true, 'a real modal dialog');
    if (reducedMotion === 'reduce') assert.match(info.transition, /^0s(, 0s)*$/);
    else assert.notEqual(info.transition.replace(/[, ]/g, ''), '0s0s');
    await page.close();
  }
});

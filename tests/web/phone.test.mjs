// Phones: at 320 px (the WCAG reflow width), 360 px (the most common Android
// width) and 390 px, in every language and with the longest names the
// examples hold, nothing in the open panel, the cart or the product points
// is wider than its box or the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { LOCALES, setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

export const WIDTHS = [320, 360, 390];

/**
 * Every element inside `selector`'s shadow root whose content is wider than
 * its box, or whose box sticks out of the viewport: [{what, by}] (px).
 */
export function overflows(page, selector) {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const out = [];
    const vw = document.documentElement.clientWidth;
    const name = (el) => el.tagName.toLowerCase() + (el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
      ' "' + String(el.value || el.textContent || '').trim().slice(0, 30) + '"';
    for (const el of host.shadowRoot.querySelectorAll('*')) {
      if (el.tagName === 'STYLE' || !el.getClientRects().length) continue;
      const r = el.getBoundingClientRect();
      // Content wider than the box (clipped or scrolling sideways); inputs scroll their value by design.
      if (el.tagName !== 'INPUT' && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        out.push({ what: name(el), by: el.scrollWidth - el.clientWidth });
      }
      if (r.right > vw + 0.5) out.push({ what: name(el), by: Math.round(r.right - vw) });
      if (r.left < -0.5) out.push({ what: name(el), by: Math.round(-r.left) });
    }
    // The box's text itself: a word that cannot wrap overflows its parent.
    for (const el of host.shadowRoot.querySelectorAll('p, span, h2, h3, li, button, label')) {
      const parent = el.parentElement;
      if (!parent || !el.getClientRects().length) continue;
      const r = el.getBoundingClientRect(), pr = parent.getBoundingClientRect();
      if (r.right > pr.right + 1) out.push({ what: name(el) + ' (past its parent)', by: Math.round(r.right - pr.right) });
    }
    return out;
  }, selector);
}

for (const width of WIDTHS) {
  test(`phone ${width} px: panel, product points and cart fit in every language with the longest names`, async () => {
    const page = await env.context.newPage();
    await page.setViewportSize({ width, height: 740 });
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    });
    const found = [];
    for (const locale of LOCALES) {
      await page.goto(`${env.fixture.url}/pages/product.html?shop=long-names&customer=carol&locale=${locale}`);
      await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
      found.push(...(await overflows(page, 'loyalty-product-points')).map((o) => ({ locale, ...o })));
      // Two lines are reserved on phones, so a wrapped line shifts nothing.
      const cls = await page.evaluate(() => window.__cls);
      if (cls > 0) found.push({ locale, what: 'layout shift (CLS) on the product page', by: cls });
      await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
      await page.click('loyalty-widget .launcher');
      await page.locator('loyalty-widget dialog[open] [part=referral]').waitFor({ timeout: 15000 });
      // A variable reward's picker and a redeemed code's box are part of the panel too.
      await page.locator('loyalty-widget [part=points-input]').waitFor({ timeout: 15000 });
      for (const section of await page.locator('loyalty-widget dialog section').all()) await section.scrollIntoViewIfNeeded();
      found.push(...(await overflows(page, 'loyalty-widget')).map((o) => ({ locale, ...o })));
      const pageWide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (pageWide > 0) found.push({ locale, what: 'the page (scrolls sideways)', by: pageWide });

      await page.goto(`${env.fixture.url}/pages/cart.html?shop=long-names&customer=carol&locale=${locale}`);
      await page.locator('loyalty-cart [part=spend]').waitFor({ timeout: 15000 });
      found.push(...(await overflows(page, 'loyalty-cart')).map((o) => ({ locale, ...o })));
    }
    assert.deepEqual(found, [], `overflow at ${width} px:\n` + found.map((o) => `  ${o.locale}: ${o.what} by ${o.by} px`).join('\n'));
    await page.close();
  });
}

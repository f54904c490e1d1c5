// Screenshots of the open rewards panel on a 360 px phone in the four
// languages, for docs/screenshots/ (the README shows one): the test
// sample product page (fixture/server.mjs), signed in.
//   node tests/web/phone-screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';

import { LOCALES, root, setUp } from './helpers.mjs';

const out = path.join(root, 'docs/screenshots');
fs.mkdirSync(out, { recursive: true });
const env = await setUp({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
try {
  for (const locale of LOCALES) {
    const { page } = await env.page(`/pages/product.html?customer=carol&locale=${locale}`, { reducedMotion: 'reduce' });
    await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=rewards]').waitFor({ timeout: 15000 });
    await page.waitForTimeout(300);
    const file = path.join(out, `phone-360-${locale}.png`);
    await page.screenshot({ path: file });
    console.log(file);
    await page.close();
  }
} finally {
  await env.tearDown();
}

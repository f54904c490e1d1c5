// Time to the first number: how long after navigation starts "Earn N points"
// is on screen on the demo's sample product page, whether the figure the page
// carries (rendered by demo/server/render-product.mjs with the native core)
// or the wasm core's own line, and when the wasm's line stands (the real loyalty-server on
// loopback, no network throttling, a 390 px viewport, a fresh browser context
// each run: a first view with nothing cached, and a second view after one
// visit), at 1x and 4x CPU slowdown (CDP
// Emulation.setCPUThrottlingRate, which slows the page's main thread).
//   node tests/web/first-number.mjs [runs=5]     prints the medians BENCHMARKS.md quotes
// (and the median time from the page's DOMContentLoaded to the number, the
// page's first contentful paint, before which nothing can show, and the core's own line)
import { fileURLToPath } from 'node:url';

import { startDemo } from '../demo/harness.mjs';

/**
 * Milliseconds from navigation start to the first number on screen (the
 * page's figure or the core's `.earn[data-points]` in <loyalty-product-points>),
 * from the page's DOMContentLoaded (the page's own load, before which no
 * module script of the page runs) to it, and from navigation start to the
 * core's own line: {ms, afterDcl, core}.
 */
async function once(demo, rate, warm) {
  const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 } });
  if (warm) {
    // A second view: the bundle in the HTTP cache, the program in localStorage.
    const first = await context.newPage();
    await first.goto(demo.api + '/store/product.html');
    await first.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 30000 });
    await first.waitForTimeout(500);
    await first.close();
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(() => {
    // Each frame: is a number on screen, the page's own figure (a box of its own:
    // before the loader runs, or slotted by the element) or the core's line?
    const look = () => {
      const el = document.querySelector('loyalty-product-points');
      const earn = el && el.shadowRoot && el.shadowRoot.querySelector('.earn[data-points]');
      const carried = el && el.querySelector(':scope > [data-points]');
      if ((earn || (carried && carried.getClientRects().length)) && window.__firstNumber === undefined) window.__firstNumber = performance.now();
      if (earn) window.__coreNumber = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(demo.api + '/store/product.html');
  await page.waitForFunction(() => window.__coreNumber !== undefined, null, { timeout: 30000, polling: 50 });
  const [ms, core] = await page.evaluate(() => [window.__firstNumber, window.__coreNumber]);
  const [dcl, fcp] = await page.evaluate(() => [performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN]);
  await context.close();
  return { ms, afterDcl: ms - dcl, core, fcp };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** {'first view, 1x CPU': {runs, median}, ...} in ms: first and second view at 1x and 4x. */
export async function measureFirstNumber(runs = 5) {
  const demo = await startDemo();
  const out = {};
  try {
    await once(demo, 1, false);  // warm the server (program cache), not counted
    for (const view of ['first', 'second']) {
      for (const rate of [1, 4]) {
        const times = [], afterDcl = [], core = [], fcp = [];
        for (let i = 0; i < runs; i++) {
          const r = await once(demo, rate, view === 'second');
          times.push(Math.round(r.ms));
          afterDcl.push(Math.round(r.afterDcl));
          core.push(Math.round(r.core));
          fcp.push(Math.round(r.fcp));
        }
        out[`${view} view, ${rate}x CPU`] = { runs: times, median: median(times), afterDcl: median(afterDcl), core: median(core),
          fcp: median(fcp) };
      }
    }
  } finally {
    await demo.stop();
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = await measureFirstNumber(Number(process.argv[2] || 5));
  for (const [setting, v] of Object.entries(m)) {
    console.log(`${setting}: median ${v.median} ms (runs ${v.runs.join(', ')}); after DOMContentLoaded: median ${v.afterDcl} ms; ` +
      `the page's first contentful paint: median ${v.fcp} ms; the core's own figure: median ${v.core} ms`);
  }
}

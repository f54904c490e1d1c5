// Long tasks (>= 20 ms) on the sample product page with the CPU slowed 4x (as
// Lighthouse simulates a mobile CPU), with the widget's own User Timing
// entries, to see what adds Total Blocking Time. Not part of the test step.
// Usage: node tests/web/longtasks.mjs [path=/pages/product.html?customer=anon] [runs=3]
import { launch } from './browser.mjs';
import { startFixture } from './fixture/server.mjs';

const target = process.argv[2] || '/pages/product.html?customer=anon';
const runs = Number(process.argv[3] || 3);
const fixture = await startFixture();
try {
  for (let i = 0; i < runs; i++) {
    const { context, close } = await launch();
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__long = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) window.__long.push({ start: Math.round(e.startTime), ms: Math.round(e.duration),
            what: (e.attribution || []).map((a) => a.containerSrc || a.name).join(',') });
        }).observe({ type: 'longtask', buffered: true });
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(fixture.url + target);
      await page.waitForTimeout(6000);
      const out = await page.evaluate(() => ({
        long: window.__long,
        marks: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('loyalty:'))
          .map((m) => `${m.name} @${Math.round(m.startTime)} ${Math.round(m.duration)} ms`),
      }));
      const tbt = out.long.reduce((s, t) => s + Math.max(0, t.ms - 50), 0);
      console.log(`run ${i + 1}: blocking ${tbt} ms over ${out.long.length} long tasks`);
      for (const t of out.long) console.log(`  task @${t.start} ${t.ms} ms ${t.what}`);
      for (const m of out.marks) console.log('  ' + m);
    } finally {
      await close();
    }
  }
} finally {
  await fixture.close();
}

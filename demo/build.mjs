// Bundles the demo's pages (demo/src/*.js) into demo/dist/ with esbuild: the
// wasm core (from the wasm CMake build, for the builder's live validation and
// the simulator) and uPlot (npm, vendored into the bundle: nothing is fetched
// from the internet at run time). The widget itself is served from web/dist
// through the demo/widget symlink, exactly as a merchant would load it.
// The core comes from build-wasm-demo: the wasm tree built with
// -DLOYALTY_WASM_SIMULATE (the simulator's binding, which the widget's own
// wasm leaves out). Usage: node demo/build.mjs [--wasm-dir build-wasm-demo/wasm]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const arg = process.argv.indexOf('--wasm-dir');
const wasmDir = path.resolve(root, arg > 0 ? process.argv[arg + 1] : 'build-wasm-demo/wasm');
const out = path.join(here, 'dist');
const glue = path.join(wasmDir, 'loyalty-core-wasm.js');
if (!fs.existsSync(glue)) {
  console.error(`demo/build.mjs: no wasm build at ${wasmDir} (run scripts/build.sh)`);
  process.exit(1);
}
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: ['builder', 'store', 'analytics', 'notifications', 'common'].map((n) => path.join(here, 'src', n + '.js')),
  bundle: true, splitting: true, format: 'esm', minify: true, target: ['es2022'],
  outdir: out, alias: { 'loyalty-core-wasm': glue }, logLevel: 'warning',
});
fs.copyFileSync(path.join(wasmDir, 'loyalty-core-wasm.wasm'), path.join(out, 'loyalty-core-wasm.wasm'));
fs.copyFileSync(path.join(root, 'node_modules/uplot/dist/uPlot.min.css'), path.join(out, 'uPlot.min.css'));
fs.copyFileSync(path.join(root, 'node_modules/uplot/LICENSE'), path.join(out, 'uPlot.LICENSE'));
// The three example programs (the builder loads them) and a sample order
// history for the simulator, made by the native CLI (seeded: the same every time).
fs.mkdirSync(path.join(out, 'examples'));
for (const f of fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json')))
  fs.copyFileSync(path.join(root, 'examples', f), path.join(out, 'examples', f));
fs.mkdirSync(path.join(out, 'samples'));
const cli = path.join(root, 'build/cli/loyalty');
const csv = execFileSync(cli, ['generate-orders', '--count', '2000', '--seed', '7', '--from', '2025-11-01T00:00:00Z', '--to', '2026-11-01T00:00:00Z']);
fs.writeFileSync(path.join(out, 'samples/orders-2000.csv'), csv);
console.log('demo/dist: ' + fs.readdirSync(out).join(' '));

// Bundles the widget into web/dist/: loyalty.js (the eager loader) plus lazy
// chunks and the wasm core beside them; prints and records gzip sizes.
// Usage: node web/build.mjs [--wasm-dir build-wasm/wasm]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const arg = process.argv.indexOf('--wasm-dir');
const wasmDir = path.resolve(root, arg > 0 ? process.argv[arg + 1] : 'build-wasm/wasm');
const out = path.join(here, 'dist');

const glue = path.join(wasmDir, 'loyalty-core-wasm.js');
if (!fs.existsSync(glue)) {
  console.error(`web/build.mjs: no wasm build at ${wasmDir} (build build-wasm first)`);
  process.exit(1);
}
fs.rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { loyalty: path.join(here, 'src/loader.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  outdir: out,
  chunkNames: '[name]-[hash]',
  alias: { 'loyalty-core-wasm': glue },
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
fs.copyFileSync(path.join(wasmDir, 'loyalty-core-wasm.wasm'), path.join(out, 'loyalty-core-wasm.wasm'));
fs.copyFileSync(path.join(here, 'src/loyalty.css'), path.join(out, 'loyalty.css'));

// Sizes: the eager loader alone, and everything the panel needs (all chunks + wasm).
const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
const files = fs.readdirSync(out).filter((f) => /\.(js|wasm|css)$/.test(f));
const sizes = Object.fromEntries(files.map((f) => [f, { bytes: fs.statSync(path.join(out, f)).size, gzip: gz(path.join(out, f)) }]));
const sum = (pred) => files.filter(pred).reduce((s, f) => s + sizes[f].gzip, 0);
// Eager: the entry, the chunks it imports statically (transitively), and the CSS.
const eager = new Set(['loyalty.css']);
const visit = (f) => {
  if (eager.has(f)) return;
  eager.add(f);
  for (const i of result.metafile.outputs[path.relative(root, path.join(out, f))].imports)
    if (i.kind === 'import-statement') visit(path.basename(i.path));
};
visit('loyalty.js');
const report = {
  eager_files: [...eager],
  eager_loader_gzip: sum((f) => eager.has(f)),
  lazy_js_gzip: sum((f) => f.endsWith('.js') && !eager.has(f)),
  wasm_gzip: sizes['loyalty-core-wasm.wasm'].gzip,
  panel_total_gzip: sum(() => true),
  files: sizes,
};
fs.writeFileSync(path.join(out, 'sizes.json'), JSON.stringify(report, null, 2) + '\n');
fs.writeFileSync(path.join(out, 'meta.json'), JSON.stringify(result.metafile));
console.log(`web/dist: loader ${report.eager_loader_gzip} B gzip; lazy JS ${report.lazy_js_gzip} B; wasm ${report.wasm_gzip} B; ` +
  `everything the panel needs ${report.panel_total_gzip} B gzip`);

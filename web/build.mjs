// Bundles the widget into web/dist/: loyalty.js (the eager loader) plus lazy
// chunks and the wasm core beside them; prints and records gzip sizes.
// Usage: node web/build.mjs [--wasm-dir build-wasm/wasm]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
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
if (!fs.existsSync(glue) || !fs.existsSync(path.join(wasmDir, 'loyalty-core-wasm-events.js'))) {
  console.error(`web/build.mjs: no wasm build at ${wasmDir} (build build-wasm first)`);
  process.exit(1);
}
fs.rmSync(out, { recursive: true, force: true });
const common = {
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  outdir: out,
  // Every file but the loader (and loyalty.css) is named by its content: served
  // "immutable", a changed file gets a new name (see server/routes/static_assets.cpp).
  assetNames: '[name]-[hash]',
  loader: { '.wasm': 'file' },
  alias: { 'loyalty-core-wasm': glue, 'loyalty-core-wasm-binary': path.join(wasmDir, 'loyalty-core-wasm.wasm'),
    // The events build: only for programs with member events (src/shared/core-router.js).
    'loyalty-core-wasm-events': path.join(wasmDir, 'loyalty-core-wasm-events.js'),
    'loyalty-core-wasm-events-binary': path.join(wasmDir, 'loyalty-core-wasm-events.wasm') },
  metafile: true,
  legalComments: 'none',
  charset: 'utf8',  // Chinese text as UTF-8, not \u escapes (fewer bytes)
  logLevel: 'warning',
};
// The CSS in `*.styles.js` (template literals without interpolation) minified
// as CSS: esbuild leaves the text of a template literal as it is.
const minifiedStyles = {
  name: 'minified-styles',
  setup(b) {
    b.onLoad({ filter: /\.styles\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      for (const [literal, css] of [...source.matchAll(/`([^`$\\]*)`/g)]) {
        const min = (await esbuild.transform(css, { loader: 'css', minify: true, charset: 'utf8' })).code.trim().replace(/[\\`]/g, (c) => '\\' + c);
        source = source.replace(literal, '`' + min + '`');
      }
      return { contents: source, loader: 'js' };
    });
  },
};
// The two workers first: the page names them by their hashed file names, so
// a page chunk's own hash changes whenever a worker (or the wasm) does.
const workers = await esbuild.build({
  ...common,
  entryPoints: {
    'loyalty-intl-warm': path.join(here, 'src/i18n/intl-warm.js'),
    'loyalty-core-worker': path.join(here, 'src/shared/core-worker.js'),
  },
  entryNames: '[name]-[hash]',
  // The worker's events build as chunks of its own, fetched only when needed.
  splitting: true,
  chunkNames: '[name]-[hash]',
});
const workerFile = (source) => path.basename(Object.entries(workers.metafile.outputs).find(([, o]) => o.entryPoint && o.entryPoint.endsWith(source))[0]);
const workerNames = { coreWorker: workerFile('shared/core-worker.js'), intlWarm: workerFile('i18n/intl-warm.js') };
const result = await esbuild.build({
  ...common,
  entryPoints: { loyalty: path.join(here, 'src/loader.js') },
  splitting: true,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  plugins: [minifiedStyles, {
    name: 'worker-names',
    setup(b) {
      b.onResolve({ filter: /^loyalty:workers$/ }, () => ({ path: 'workers', namespace: 'loyalty' }));
      b.onLoad({ filter: /.*/, namespace: 'loyalty' }, () => ({
        contents: Object.entries(workerNames).map(([k, v]) => `export const ${k} = ${JSON.stringify('./' + v)};`).join('\n'),
        loader: 'js',
      }));
    },
  }],
});
Object.assign(result.metafile.outputs, workers.metafile.outputs);
// Minified: every page loads it first (its comments are for the source).
fs.writeFileSync(path.join(out, 'loyalty.css'), (await esbuild.transform(fs.readFileSync(path.join(here, 'src/loyalty.css'), 'utf8'),
  { loader: 'css', minify: true, charset: 'utf8' })).code);

// Sizes: the eager loader alone, and everything the panel needs (all chunks + wasm).
const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
const files = fs.readdirSync(out).filter((f) => /\.(js|wasm|css)$/.test(f));
const wasmFile = files.find((f) => /^loyalty-core-wasm-[A-Z0-9]{8}\.wasm$/.test(f));
const sizes = Object.fromEntries(files.map((f) => [f, { bytes: fs.statSync(path.join(out, f)).size, gzip: gz(path.join(out, f)) }]));
const sum = (pred) => files.filter(pred).reduce((s, f) => s + sizes[f].gzip, 0);
// What a page loads for each use: the entry and its static imports (eager),
// then a component's chunk with its static imports, and for the quoting
// elements the wasm glue chunk and the .wasm.
const outputs = result.metafile.outputs;
const key = (f) => path.relative(root, path.join(out, f));
const closure = (f, acc = new Set()) => {
  if (acc.has(f)) return acc;
  acc.add(f);
  for (const i of outputs[key(f)].imports) if (i.kind === 'import-statement') closure(path.basename(i.path), acc);
  return acc;
};
const chunkOf = (input) => path.basename(Object.keys(outputs).find((o) => o.endsWith('.js') && Object.keys(outputs[o].inputs).some((x) => x.endsWith(input))));
const eager = new Set(['loyalty.css', ...closure('loyalty.js')]);
// Every component also starts the Intl warm-up worker (English pages: no translation chunk).
const withComponent = (name) => new Set([...eager, ...closure(chunkOf(`${name}.component.js`)), workerNames.intlWarm]);
// The core's worker with what it imports (the page fallback loads the same chunks) and the .wasm.
const quoting = new Set([...closure(workerNames.coreWorker), wasmFile]);
const gzipOf = (set) => [...set].reduce((s, f) => s + sizes[f].gzip, 0);
const panel = withComponent('loyalty-widget');
const product = new Set([...withComponent('loyalty-product-points'), ...quoting]);
const cartSet = new Set([...withComponent('loyalty-cart'), ...quoting]);
// Whole pages: the launcher (loaded when idle) beside the product points or the cart;
// the panel's own chunk comes when the shopper reaches for the launcher.
const productPage = new Set([...panel, ...product]);
const cartPage = new Set([...panel, ...cartSet]);
const panelChunks = new Set([...closure(chunkOf('loyalty-widget.panel.js'))].filter((f) => !productPage.has(f)));
const report = {
  eager_files: [...eager],
  eager_loader_gzip: gzipOf(eager),
  panel_gzip: gzipOf(panel),
  product_points_gzip: gzipOf(product),
  cart_gzip: gzipOf(cartSet),
  product_page_gzip: gzipOf(productPage),
  cart_page_gzip: gzipOf(cartPage),
  panel_on_open_gzip: gzipOf(panelChunks),
  wasm_gzip: sizes[wasmFile].gzip,
  wasm_glue_gzip: gzipOf(new Set([chunkOf('loyalty-core-wasm.js')])),
  // Fetched only by a shop whose program has member events, after the lean build.
  events_wasm_gzip: sizes[files.find((f) => /^loyalty-core-wasm-events-[A-Z0-9]{8}\.wasm$/.test(f))].gzip,
  events_glue_gzip: gzipOf(new Set([chunkOf('loyalty-core-wasm-events.js')])),
  everything_gzip: sum(() => true),
  files: sizes,
};
fs.writeFileSync(path.join(out, 'sizes.json'), JSON.stringify(report, null, 2) + '\n');
// Precompressed beside each file, once here, not per request: the server
// sends `X.gz` to a browser that accepts gzip, the wasm included. Zopfli
// (Debian's zopfli) writes plain gzip 4-6 % smaller than gzip -9; without it, zlib -9.
const zopfli = spawnSync('zopfli', ['-h'], { stdio: 'ignore' }).error ? null : 'zopfli';
if (!zopfli) console.warn('web/build.mjs: no zopfli (apt-get install zopfli): .gz files from zlib -9, a few KB larger');
for (const f of files) {
  const file = path.join(out, f);
  const z = zopfli && spawnSync(zopfli, ['-c', file], { maxBuffer: 1 << 26 });
  fs.writeFileSync(file + '.gz', z && z.status === 0 ? z.stdout : zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
}
const served = (set) => [...set].reduce((n, f) => n + fs.statSync(path.join(out, f + '.gz')).size, 0);
report.served_gz = { product_page: served(productPage), cart_page: served(cartPage), panel_on_open: served(panelChunks) };
fs.writeFileSync(path.join(out, 'sizes.json'), JSON.stringify(report, null, 2) + '\n');
fs.writeFileSync(path.join(out, 'meta.json'), JSON.stringify(result.metafile));
console.log(`web/dist (gzip -9): eager loader ${report.eager_loader_gzip} B; launcher ${report.panel_gzip} B, its panel ` +
  `${report.panel_on_open_gzip} B more when reached for; product page ${report.product_page_gzip} B and cart page ` +
  `${report.cart_page_gzip} B (with the wasm ${report.wasm_gzip} B); as served (.gz${zopfli ? ', zopfli' : ''}): product page ` +
  `${report.served_gz.product_page} B, cart page ${report.served_gz.cart_page} B; all files ${report.everything_gzip} B`);

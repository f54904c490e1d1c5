// The launcher's own style, in the eager loader (minified as CSS by web/build.mjs).
export default `
:host {
  position: fixed !important;
  inset-block-end: var(--loyalty-offset-block, 20px) !important;
  inset-inline-end: var(--loyalty-offset-inline, 20px) !important;
  z-index: var(--loyalty-z, 2147483000) !important;
}
.launcher {
  all: initial;
  box-sizing: border-box;
  display: inline-flex; align-items: center; gap: 0.5em;
  min-block-size: 48px; padding: 0 1.2em;
  border-radius: var(--loyalty-launcher-radius, 999px);
  background: var(--loyalty-accent, #0b5cad); color: var(--loyalty-on-accent, #fff);
  font-family: var(--loyalty-font, system-ui, -apple-system, "Segoe UI", "PingFang TC", "Microsoft YaHei", sans-serif);
  font-size: 15px; font-weight: 600; line-height: 1;
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  cursor: pointer;
}
.launcher:focus-visible { outline: 3px solid var(--loyalty-focus, #bf8700); outline-offset: 3px; }
`;

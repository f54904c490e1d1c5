// The notes above the launcher (minified as CSS by web/build.mjs). Never wider
// than the viewport less the launcher's offsets: fits a 320 px phone.
export default `
.notes {
  position: absolute;
  inset-block-end: calc(100% + 10px);
  inset-inline-end: 0;
  box-sizing: border-box;
  inline-size: max-content;
  max-inline-size: min(22rem, calc(100vw - 2 * var(--loyalty-offset-inline, 20px)));
  display: flex; align-items: flex-start; gap: 0.75em;
  padding: 0.75em 0.9em;
  border: 1px solid var(--loyalty-border, #c9ced6);
  border-radius: var(--loyalty-radius, 10px);
  background: var(--loyalty-surface, #fff); color: var(--loyalty-text, #1a1d21);
  font-family: var(--loyalty-font, system-ui, -apple-system, "Segoe UI", "PingFang TC", "Microsoft YaHei", sans-serif);
  font-size: 14px; line-height: 1.4;
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.2);
  overflow-wrap: anywhere;
}
.notes[hidden] { display: none; }
.notes ul { margin: 0; padding: 0; list-style: none; flex: 1; min-inline-size: 0; }
.notes li + li { margin-block-start: 0.35em; }
.notes button {
  all: initial; box-sizing: border-box; cursor: pointer;
  min-block-size: 32px; padding: 0 0.7em; flex: none;
  border-radius: var(--loyalty-radius, 10px);
  background: var(--loyalty-accent, #0b5cad); color: var(--loyalty-on-accent, #fff);
  font: inherit; font-weight: 600;
}
.notes button:focus-visible { outline: 3px solid var(--loyalty-focus, #bf8700); outline-offset: 2px; }
`;

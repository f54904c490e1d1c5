// The lazy half of every element's styles: inherited text properties are
// reset on the inner root (the host box itself: hostReset in lazy-element.js).

export const base = `
.root {
  all: initial;
  display: block;
  box-sizing: border-box;
  font-family: var(--loyalty-font, system-ui, -apple-system, "Segoe UI", "PingFang TC", "Microsoft YaHei", sans-serif);
  font-size: var(--loyalty-font-size, 15px);
  line-height: 1.45;
  color: var(--loyalty-text, #1f2328);
  text-align: start;
  -webkit-font-smoothing: antialiased;
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
h2, h3, p, ul, ol, li, dl, dd, dt, figure { margin: 0; padding: 0; font: inherit; }
ul, ol { list-style: none; }
button, input {
  font: inherit;
  color: inherit;
  letter-spacing: normal;
  text-transform: none;
}
button {
  cursor: pointer;
  border: 1px solid transparent;
  border-radius: var(--loyalty-radius, 8px);
  background: var(--loyalty-accent, #0b5cad);
  color: var(--loyalty-on-accent, #fff);
  padding: 0.4em 0.9em;
  min-block-size: 36px;
  font-weight: 600;
}
button.secondary {
  background: var(--loyalty-surface, #fff);
  color: var(--loyalty-accent, #0b5cad);
  border-color: currentColor;
}
button:disabled { cursor: not-allowed; background: #d0d7de; color: #424a53; border-color: transparent; }
button:focus-visible, a:focus-visible, input:focus-visible {
  outline: 3px solid var(--loyalty-focus, #bf8700);
  outline-offset: 2px;
}
a { color: var(--loyalty-accent, #0b5cad); }
.muted { color: var(--loyalty-muted, #57606a); }
.visually-hidden {
  position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap;
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
`;

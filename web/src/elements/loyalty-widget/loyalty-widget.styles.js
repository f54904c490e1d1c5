import { base } from '../../shared/base.styles.js';

export default base + `
dialog {
  all: initial;
  box-sizing: border-box;
  position: fixed;
  inset-block: 16px; inset-inline-end: 16px; inset-inline-start: auto;
  margin: 0;
  inline-size: min(400px, calc(100vw - 32px));
  max-block-size: calc(100vh - 32px);
  display: none;
  flex-direction: column;
  background: var(--loyalty-surface, #fff);
  color: var(--loyalty-text, #1f2328);
  border-radius: var(--loyalty-radius-panel, 14px);
  box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
  overflow: hidden;
  transition: transform 160ms ease-out, opacity 160ms ease-out;
}
dialog[open] { display: flex; }
dialog::backdrop { background: rgb(15 20 25 / 0.45); }
.header {
  display: flex; align-items: center; justify-content: space-between; gap: 16px;
  padding: 14.4px 16px; background: var(--loyalty-accent, #0b5cad); color: var(--loyalty-on-accent, #fff);
}
.header h2 { font-size: 17.6px; font-weight: 700; min-inline-size: 0; overflow-wrap: anywhere; }
.header button { background: transparent; border-color: currentColor; color: inherit; }
/* One column no wider than the panel: a long word or a field's natural width never widens it (phones, 320 px). */
.content { overflow-y: auto; padding: 8px 16px 16px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; overflow-wrap: anywhere; }
section { display: grid; grid-template-columns: minmax(0, 1fr); gap: 7.2px; padding-block-start: 12px; border-block-start: 1px solid var(--loyalty-border, #d8dee4); }
section:first-child { border-block-start: 0; }
h3 { font-size: 15.2px; font-weight: 700; }
.banner { padding: 9.6px 12.8px; border-radius: 8px; background: #fff8c5; color: #4d2d00; border: 1px solid #d4a72c; }
.stale .figure { color: var(--loyalty-muted, #57606a); }
.figure { font-size: 32px; font-weight: 800; color: var(--loyalty-accent-text, #0a4f94); line-height: 1.1; }
progress {
  appearance: none; -webkit-appearance: none; inline-size: 100%; block-size: 10px; border: 0;
  border-radius: 999px; background: #d8dee4; overflow: hidden;
}
progress::-webkit-progress-bar { background: #d8dee4; border-radius: 999px; }
progress::-webkit-progress-value { background: var(--loyalty-accent, #0b5cad); border-radius: 999px; transition: inline-size 300ms; }
progress::-moz-progress-bar { background: var(--loyalty-accent, #0b5cad); }
.perks li::before { content: "✓ "; color: var(--loyalty-accent-text, #0a4f94); }
.list { display: grid; gap: 9.6px; }
/* Name and details beside the buttons; on a narrow panel the buttons wrap below, at the end. */
.item { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 12px; }
.item > :first-child { flex: 1 1 10em; min-inline-size: 0; }
.item .name { font-weight: 600; }
.item .detail { font-size: 14px; }
.item .side { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-inline-start: auto; }
.code-row { display: flex; gap: 8px; }
.code-row .field, .code-row .code { inline-size: 0; }
.picker { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-block-start: 8px; font-size: 14.4px; }
.picker .field { flex: 0 1 9em; inline-size: 9em; }
.picker .slider { flex: 1 1 100%; min-inline-size: 0; margin: 0; accent-color: var(--loyalty-accent, #0b5cad); }
.code, .field {
  font-family: ui-monospace, monospace; font-size: 15.2px; padding: 0.35em 0.5em; min-inline-size: 0; flex: 1;
  border: 1px solid #8c959f; border-radius: 6px; background: #f6f8fa; color: #1f2328;
}
.code-box { padding: 9.6px; border-radius: 8px; background: #dafbe1; color: #0f3d1d; display: grid; gap: 6.4px; }
.activity li { display: flex; justify-content: space-between; gap: 12px; font-size: 14.4px; }
.activity li > :first-child { min-inline-size: 0; }
.plus { color: #116329; font-weight: 600; }
.minus { color: #82071e; font-weight: 600; }
.status:empty { display: none; }
.status { padding: 0 16px 12px; }
@media (prefers-reduced-motion: reduce) { dialog, progress::-webkit-progress-value { transition: none; } }
`;
// The panel's own flex column inside the dialog box.
export const panelLayout = `
.root.panel { display: flex; flex-direction: column; max-block-size: calc(100vh - 32px); min-block-size: 0; }
dialog { block-size: fit-content; }
`;

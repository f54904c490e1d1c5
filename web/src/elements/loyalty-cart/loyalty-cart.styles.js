import { base } from '../../shared/base.styles.js';

export default base + `
.root {
  min-block-size: var(--loyalty-cart-height, 144px);
  padding: 12px 16px;
  border: 1px solid var(--loyalty-border, #d0d7de);
  border-radius: var(--loyalty-radius, 8px);
  background: var(--loyalty-surface, #fff);
  display: grid; gap: 6.4px; align-content: start;
}
.earn { font-weight: 600; }
.earn strong, .spend strong { color: var(--loyalty-accent-text, #0a4f94); }
.rewards { display: grid; gap: 6.4px; }
.root { overflow-wrap: anywhere; }
.reward { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 12px; }
.reward > :first-child { flex: 1 1 10em; min-inline-size: 0; }
.reward > :last-child { margin-inline-start: auto; }
.nudges li { color: var(--loyalty-nudge, #6e4c00); }
.nudges li::before { content: "→ "; }
.code-row { display: flex; gap: 8px; margin-block-start: 4px; }
.code { font-family: ui-monospace, monospace; font-size: 16px; padding: 0.3em 0.5em; border: 1px solid #8c959f;
  border-radius: 6px; inline-size: 12ch; background: #f6f8fa; color: #1f2328; }
.status:empty { display: none; }
`;

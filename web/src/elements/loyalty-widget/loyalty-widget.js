// Registers <loyalty-widget>: the launcher button is drawn at once (eager and
// tiny); the panel, the sync and the wasm core load when idle or on first use.
import { defineLazy, hostReset } from '../../shared/lazy-element.js';
import { matchLocale } from '../../i18n/match.js';

const LABELS = { en: 'Rewards', 'zh-Hant': '會員獎勵', 'zh-Hans': '会员奖励', ro: 'Recompense' };

const launcherCss = hostReset('block') + `
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

defineLazy('loyalty-widget', () => import('./loyalty-widget.component.js'), {
  observed: ['signin-url'],
  reserve: launcherCss,
  setup(host) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('part', 'launcher');
    button.setAttribute('aria-haspopup', 'dialog');
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = LABELS[matchLocale(host.getAttribute('locale') || document.documentElement.lang || navigator.language)];
    button.append(label);
    button.addEventListener('click', () => host.upgrade().then((c) => c.open()));
    // The panel's code comes when the shopper reaches for the launcher, not with every page.
    for (const t of ['pointerenter', 'focus', 'touchstart']) {
      button.addEventListener(t, () => host.upgrade().then((c) => c.preparePanel()), { once: true, passive: true });
    }
    host.shadowRoot.append(button);
  },
});

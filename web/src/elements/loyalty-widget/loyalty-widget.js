// Registers <loyalty-widget>: the launcher button is drawn at once (eager and
// tiny); the panel, the sync and the wasm core load when idle or on first use.
import { defineLazy, hostReset } from '../../shared/lazy-element.js';
import { matchLocale } from '../../i18n/match.js';
import launcherCss from './loyalty-widget.launcher.styles.js';

const LABELS = { en: 'Rewards', 'zh-Hant': '會員獎勵', 'zh-Hans': '会员奖励', ro: 'Recompense' };

defineLazy('loyalty-widget', () => import('./loyalty-widget.component.js'), {
  observed: ['signin-url'],
  reserve: hostReset('block') + launcherCss,
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

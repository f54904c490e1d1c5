// The builder's A/B test form: the merchant creates, starts and ends an
// experiment of showing points (split, start, end, minimum effect) through the
// merchant API (server/README.md, "Experiments"), and sees each one's status.
// The server checks every field; its error names the field, shown next to it.
import { h, t, getLocale } from './common.js';

const DAY = 86400;
const FIELDS = { id: '/id', split: '/shown_basis_points', starts: '/starts_at', ends: '/ends_at', effect: '/minimum_effect_basis_points' };

/** "12.5" (percent, at most two decimals) as basis points (1250), exactly; NaN when it is not such a number. */
export function basisPoints(text) {
  const m = String(text).trim().match(/^(\d{1,5})(?:\.(\d{1,2}))?$/);
  return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : NaN;
}

/** A datetime-local value (the merchant's own clock) as epoch seconds; NaN when empty or unreadable. */
const seconds = (value) => (value ? Math.floor(new Date(value).getTime() / 1000) : NaN);
const local = (epoch) => new Date(epoch * 1000 - new Date(epoch * 1000).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
const when = (epoch) => new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(epoch * 1000);

/** Wires the form `#experiment` and the list `#experiments` to the shop's merchant API. */
export function experimentForm(cfg) {
  const form = document.getElementById('experiment');
  const list = document.getElementById('experiments');
  const status = document.getElementById('experiment-status');
  const admin = (path = '', init = {}) => fetch(`/api/v1/admin/shops/${encodeURIComponent(cfg.shop)}/experiments${path}`,
    { ...init, headers: { Authorization: `Bearer ${cfg.api_key}`, 'Content-Type': 'application/json' } });
  const now = Math.floor(Date.now() / 1000);
  form.elements.starts.value = local(now);
  form.elements.ends.value = local(now + 14 * DAY);

  const clear = () => { for (const el of form.querySelectorAll('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); } };
  /** The server's answer: its status line, or its error next to the field it names. */
  async function answered(r) {
    const body = await r.json().catch(() => ({}));
    clear();
    if (r.ok) {
      status.className = 'ok';
      status.textContent = t('expStatus', body.id, t('exp_' + body.status), `${body.shown_basis_points / 100}%`, when(body.starts_at), when(body.ends_at));
      await refresh();
      return;
    }
    status.className = 'bad';
    status.textContent = `${t('expRefused')} ${body.error || r.status}${body.field ? ` (${body.field})` : ''}`;
    const name = Object.keys(FIELDS).find((k) => FIELDS[k] === body.field);
    if (name) {
      form.elements[name].setAttribute('aria-invalid', 'true');
      form.elements[name].setAttribute('aria-describedby', 'experiment-status');
      form.elements[name].focus();
    }
  }

  async function refresh() {
    const r = await admin();
    if (!r.ok) return;
    const { experiments } = await r.json();
    list.replaceChildren(...experiments.map((x) => h('li', { dataset: { experiment: x.id, status: x.status } },
      h('span', { text: t('expStatus', x.id, t('exp_' + x.status), `${x.shown_basis_points / 100}%`, when(x.starts_at), when(x.ends_at)) }), ' ',
      x.status === 'scheduled' ? h('button', { type: 'button', text: t('expStart'), dataset: { act: 'start' },
        on: { click: async () => answered(await admin(`/${encodeURIComponent(x.id)}/start`, { method: 'POST' })) } }) : null, ' ',
      x.status !== 'ended' ? h('button', { type: 'button', text: t('expEnd'), dataset: { act: 'end' },
        on: { click: async () => answered(await admin(`/${encodeURIComponent(x.id)}/end`, { method: 'POST' })) } }) : null)));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    // Unreadable numbers go to the server as they are (NaN becomes null): it names the field.
    const body = { id: f.id.value.trim(), shown_basis_points: basisPoints(f.split.value), starts_at: seconds(f.starts.value),
      ends_at: seconds(f.ends.value), minimum_effect_basis_points: basisPoints(f.effect.value) };
    await answered(await admin('', { method: 'POST', body: JSON.stringify(body) }));
  });
  refresh();
  return refresh;
}

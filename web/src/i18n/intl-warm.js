// A worker that creates the widget's first Intl objects. ICU's one-time set-up
// (about 70 ms on a slow phone) is shared by the whole renderer, so doing it
// here keeps it off the page's main thread: the widget's own Intl objects are
// then instant. Built as its own file (web/dist/loyalty-intl-warm.js).
onmessage = (e) => {
  const locale = String(e.data || 'en');
  try {
    new Intl.NumberFormat(locale).format(1234.5);
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(1);
    new Intl.PluralRules(locale).select(1);
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(0);
  } catch { /* an unknown locale: the page falls back on its own */ }
  postMessage('ready');
};

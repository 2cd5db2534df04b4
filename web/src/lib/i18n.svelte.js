// The interface's own languages: English, Korean, Japanese and Simplified Chinese. English text
// is the key; messages.js holds the other three. The language comes from the signed-in user's
// `locale`, else the browser's languages, else English; the header's picker overrides it.
import { messages } from './messages.js';

export const LANGS = [
  { code: 'en', name: 'English' },
  { code: 'ko', name: '한국어' },
  { code: 'ja', name: '日本語' },
  { code: 'zh', name: '简体中文' },
];

/** uiLang maps a locale such as "ko-KR", "zh-cn" or "ja" to one of LANGS, or ''. */
export function uiLang(locale) {
  const l = String(locale || '').toLowerCase();
  for (const { code } of LANGS) if (l === code || l.startsWith(code + '-') || l.startsWith(code + '_')) return code;
  return '';
}

function initial() {
  const chosen = uiLang(localStorage.getItem('folio.lang'));
  if (chosen) return chosen;
  for (const l of navigator.languages || [navigator.language]) {
    const c = uiLang(l);
    if (c) return c;
  }
  return 'en';
}

export const ui = $state({ lang: initial() });

/** setLang switches the interface language (remembered in this browser when `remember`). */
export function setLang(code, remember = true) {
  if (!uiLang(code)) return;
  ui.lang = uiLang(code);
  if (remember) localStorage.setItem('folio.lang', ui.lang);
  document.documentElement.lang = ui.lang === 'zh' ? 'zh-Hans' : ui.lang;
}

/** t translates an English message, filling {name} placeholders from params. */
export function t(text, params) {
  const m = (ui.lang !== 'en' && messages[ui.lang]?.[text]) || text;
  return params ? m.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? `{${k}}`)) : m;
}

/** when formats a date in the interface language. */
export function when(date) {
  if (!date) return '';
  const d = new Date(String(date).replace(' ', 'T'));
  return isNaN(d) ? '' : d.toLocaleString(ui.lang === 'zh' ? 'zh-CN' : ui.lang, { dateStyle: 'medium', timeStyle: 'short' });
}

// DOM helpers. Everything the API returns is set as text, never parsed as HTML.
import { ApiError } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';

function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/// A page's parts (nested lists, with null for what is not shown) as the nodes to put in its container.
export const nodes = list => list.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false);

export const h = (tag, props, ...children) => build(document.createElement(tag), props, children);
export const s = (tag, props, ...children) => build(document.createElementNS(SVG, tag), props, children);

export function table(caption, headers, rows) {
  return h('div', { class: 'scroll' },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, 'None')))));
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', {}, hint) : null);
}

/// API prose marks code with `backticks` (as Markdown does): those parts become <code>.
export const prose = text => String(text ?? '').split('`').map((part, i) => (i % 2 ? h('code', {}, part) : part));

export const badge = (text, kind = '') => h('span', { class: `badge ${kind}` }, text);

export function time(value) {
  if (!value) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return h('time', { datetime: d.toISOString(), title: d.toISOString() },
    d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }));
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129600) return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(seconds / 86400).toFixed(1).replace(/\.0$/, '')} d`;
}

export const number = n => (n === null || n === undefined ? '–' : Number(n).toLocaleString());

export function json(value) {
  return h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(value, null, 2));
}

/// A notice: kind is info, warn or error.
export const notice = (kind, ...children) =>
  h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : null }, children);

let toastTimer;
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => status.classList.remove('shown'), 4000);
}

export function problemNotice(error) {
  if (!(error instanceof ApiError)) return notice('error', String(error?.message ?? error));
  const hint = error.status === 403 ? ' This API key lacks the scope this page needs.' : '';
  return notice('error', `${error.status}: ${error.message}${hint}`);
}

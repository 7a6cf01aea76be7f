import { call, get } from '../api.js';
import { h, field, number, problemNotice } from '../dom.js';

// Recover answers 202 with the operation and says where to follow it (Location: /v1/operations/{id});
// the form watches it every 500 ms until it is completed or failed.
export function recoverForm(path, refresh) {
  const since = h('input', { type: 'datetime-local', name: 'since', required: true, step: 1,
    value: local(new Date(Date.now() - 24 * 3600 * 1000)) });
  const progress = h('div', { id: 'recover-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Recover');
  const form = h('form', { class: 'inline' },
    field('Redeliver failed events since', since, 'Your local time; at most 30 days ago.'), button, progress);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    button.disabled = true;
    try {
      const iso = new Date(since.value).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const response = await call('POST', `${path}/recover`, { since: iso });
      await watch(response.location, progress);
      button.disabled = false;
    } catch (error) {
      progress.replaceChildren(problemNotice(error));
      button.disabled = false;
      return;
    }
    // Leave the result readable; the log below refreshes when the operator asks for it.
    progress.append(h('button', { type: 'button', class: 'secondary small', onclick: refresh }, 'Refresh page'));
  });
  return form;
}

async function watch(location, progress) {
  const bar = h('progress', { 'aria-label': 'Recover progress' });
  for (;;) {
    const operation = await get(location);
    const text = `${operation.state}: ${number(operation.scanned)} events scanned, `
      + `${number(operation.enqueued)} enqueued for redelivery${operation.error ? ` (${operation.error})` : ''}`;
    progress.replaceChildren(h('p', { 'data-state': operation.state },
      text[0].toUpperCase() + text.slice(1) + '.'), operation.state === 'running' ? bar : null);
    if (operation.state !== 'running') return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

const pad = n => String(n).padStart(2, '0');
const local = d =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

import { call, get, query } from '../api.js';
import { h, badge, field, table, time, number, announce, problemNotice } from '../dom.js';

// GET /v1/vendor-webhooks (filters vendor, outcome, since; the last 7 days, newest first) and
// POST /v1/vendor-webhooks/{id}/replay (accepted entries only: the follow-up runs again).
export async function inboundPage() {
  const intro = [h('h1', {}, 'Inbound webhooks'),
    h('p', { class: 'lead' }, 'Every webhook the vendors sent in the last 7 days: accepted, duplicate or rejected '
      + '(with the reason; a rejected body is never stored, only its size and SHA-256).')];
  const vendors = (await get('/v1/vendors')).data.filter(v => v.capabilities.webhooks);
  const vendor = h('select', { name: 'vendor' }, h('option', { value: '' }, 'any'),
    vendors.map(v => h('option', { value: v.vendor }, v.name)));
  const outcome = h('select', { name: 'outcome' },
    ['', 'accepted', 'duplicate', 'rejected'].map(v => h('option', { value: v }, v || 'any')));
  const since = h('input', { type: 'datetime-local', name: 'since', step: 1 });
  const results = h('div', {});
  const form = h('form', { class: 'inline', role: 'search' }, field('Vendor', vendor), field('Outcome', outcome),
    field('Since', since), h('button', { type: 'submit' }, 'Filter'));
  const load = async cursor => {
    const filters = { vendor: vendor.value, outcome: outcome.value, cursor, limit: 50,
      since: since.value ? new Date(since.value).toISOString() : '' };
    try {
      results.replaceChildren(log(await get(`/v1/vendor-webhooks${query(filters)}`), load));
    } catch (error) {
      results.replaceChildren(problemNotice(error));
    }
  };
  form.addEventListener('submit', event => { event.preventDefault(); load(''); });
  await load('');
  return [...intro, form, results];
}

function log(page, load) {
  return h('div', {},
    table('Inbound webhooks, newest first',
      ['Received', 'Vendor', 'Outcome', 'Reason', '', 'Vendor event', 'Size', 'Trace'],
      page.data.map(w => h('tr', {},
        h('td', { class: 'nowrap' }, time(w.received_at)),
        h('td', {}, w.vendor ?? h('code', {}, w.path)),
        h('td', {}, badge(w.outcome, w.outcome === 'accepted' ? 'ok' : w.outcome === 'rejected' ? 'bad' : '')),
        h('td', {}, w.reason ?? ''),
        // Before the wide columns, so the action stays in view when the table scrolls sideways.
        h('td', {}, w.outcome === 'accepted' ? replayButton(w) : ''),
        h('td', {}, w.event ? [w.event, h('br'), h('code', {}, w.vendor_interview_id ?? '')] : '–'),
        h('td', { class: 'nowrap', title: w.body_sha256 ? `SHA-256 ${w.body_sha256}` : null },
          `${number(w.body_bytes)} B`),
        h('td', { class: 'wrap' }, w.trace_id ? h('small', { class: 'muted' }, w.trace_id) : '')))),
    page.next_cursor ? h('button', { type: 'button', class: 'secondary', onclick: () => load(page.next_cursor) },
      'Older webhooks') : null);
}

function replayButton(webhook) {
  return h('button', { type: 'button', class: 'small', 'aria-label': `Replay webhook ${webhook.id}`,
    onclick: async event => {
      event.target.disabled = true;
      try {
        await call('POST', `/v1/vendor-webhooks/${encodeURIComponent(webhook.id)}/replay`);
        announce(`Replay of ${webhook.id} queued`);
      } catch (error) {
        event.target.replaceWith(problemNotice(error));
      }
    } }, 'Replay');
}

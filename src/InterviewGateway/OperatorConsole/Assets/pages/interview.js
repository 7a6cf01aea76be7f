import { get, query, ApiError } from '../api.js';
import { h, badge, field, time, number, notice, problemNotice } from '../dom.js';

export async function interviewPage(id) {
  const input = h('input', { type: 'search', name: 'interview-id', value: id ?? '', required: true,
    placeholder: 'e.g. hindsight_4821', autocomplete: 'off' });
  const form = h('form', { class: 'inline', role: 'search' }, field('Interview id', input),
    h('button', { type: 'submit' }, 'Look up'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/interview/${encodeURIComponent(input.value.trim())}`;
  });
  return [
    h('h1', {}, 'Interview'),
    h('p', { class: 'lead' }, 'Look an interview up by its gateway id and see everything the gateway did for it.'),
    form,
    id ? await lookUp(id) : null,
  ];
}

async function lookUp(id) {
  let interview;
  try {
    interview = await get(`/v1/interviews/${encodeURIComponent(id)}`);
  } catch (error) {
    return error instanceof ApiError && error.status === 404
      ? notice('warn', `No interview with id ${id}.`) : problemNotice(error);
  }
  return h('div', {},
    h('section', { class: 'card', 'aria-labelledby': 'interview-title' },
      h('h2', { id: 'interview-title' }, interview.participant?.name || interview.id, ' ', badge(interview.status)),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Id'), h('dd', {}, h('code', {}, interview.id)),
        h('dt', {}, 'Vendor'), h('dd', {}, `${interview.vendor} (${interview.vendor_interview_id})`),
        h('dt', {}, 'Created'), h('dd', {}, time(interview.created_at)),
        h('dt', {}, 'Updated'), h('dd', {}, time(interview.updated_at)),
        h('dt', {}, 'Completed'), h('dd', {}, time(interview.completed_at)),
        h('dt', {}, 'Tracking'), h('dd', {}, `${interview.tracking?.mode ?? ''} ${interview.tracking?.state ?? ''}`))),
    await timeline(id));
}

// GET /v1/interviews/{id}/timeline: everything the gateway did for the interview, oldest first.
async function timeline(id) {
  return h('section', { 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, 'Timeline'),
    await timelinePage(`/v1/interviews/${encodeURIComponent(id)}/timeline`));
}

async function timelinePage(path, cursor = '') {
  let page;
  try {
    page = await get(path + query({ cursor, limit: 100 }));
  } catch (error) {
    return problemNotice(error);
  }
  const more = h('div', {});
  if (page.next_cursor) {
    more.append(h('button', { type: 'button', class: 'secondary', onclick: async () =>
      more.replaceWith(await timelinePage(path, page.next_cursor)) }, 'Later entries'));
  }
  return h('div', {},
    page.data.length ? h('ol', { class: 'timeline' }, page.data.map(entry => h('li', { 'data-kind': entry.kind },
      time(entry.at),
      h('strong', {}, KINDS[entry.kind] ?? entry.kind),
      h('span', {}, summary(entry)),
      entry.trace_id ? h('small', { class: 'muted' }, `trace ${entry.trace_id}`) : null)))
      : notice('info', 'Nothing recorded for this interview yet.'),
    more);
}

const KINDS = {
  created: 'Created', tracked: 'Tracked', vendor_call: 'Vendor call', inbound_webhook: 'Inbound webhook',
  stored_change: 'Stored change', event: 'Event', delivery_attempt: 'Delivery attempt',
};

const ms = value => (value === null || value === undefined ? null : `${number(value)} ms`);
const parts = (...list) => list.filter(p => p !== null && p !== undefined && p !== '').join(' · ');

// One line per entry, from the fields its kind carries (TimelineEntryResponse).
function summary(e) {
  switch (e.kind) {
    case 'created': return parts(e.api_key && `by key ${e.api_key}`);
    case 'tracked': return parts(e.purpose && `found by ${e.purpose}`, e.api_key && `by key ${e.api_key}`);
    case 'vendor_call':
      return parts(e.purpose, e.status_code === null ? 'no answer' : `HTTP ${e.status_code}`, ms(e.duration_ms),
        e.budget_wait_ms ? `waited ${ms(e.budget_wait_ms)} for budget` : null);
    case 'inbound_webhook': return parts(e.outcome, e.webhook_id);
    case 'stored_change':
      return parts(e.from_status ? `${e.from_status} → ${e.to_status}` : e.to_status,
        e.version === null ? null : `version ${e.version}`);
    case 'event': return parts(e.event_type, e.sequence === null ? null : `sequence ${e.sequence}`, e.event_id);
    case 'delivery_attempt':
      return parts(e.subscription_id, e.attempt === null ? null : `attempt ${e.attempt}`,
        e.status_code === null ? 'no answer' : `HTTP ${e.status_code}`, ms(e.duration_ms),
        e.next_attempt_at ? `next ${new Date(e.next_attempt_at).toLocaleString()}` : null, e.event_id);
    default: return '';
  }
}

import { get, hasRoute, query, ApiError } from '../api.js';
import { h, badge, field, table, time, notice, problemNotice } from '../dom.js';

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

async function timeline(id) {
  const path = `/v1/interviews/${encodeURIComponent(id)}/timeline`;
  if (!await hasRoute('GET', '/v1/interviews/{id}/timeline')) {
    return h('section', { 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title' }, 'Timeline'),
      notice('info', 'The timeline is not available on this server. Its events are listed instead.'),
      await events(id));
  }
  return h('section', { 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, 'Timeline'), await timelinePage(path));
}

async function timelinePage(path, cursor = '') {
  let page;
  try {
    page = await get(path + query({ cursor, limit: 100 }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return notice('info', 'The timeline is not available on this server.');
    }
    return problemNotice(error);
  }
  const more = h('div', {});
  if (page.next_cursor) {
    more.append(h('button', { type: 'button', class: 'secondary', onclick: async () =>
      more.replaceWith(await timelinePage(path, page.next_cursor)) }, 'Later entries'));
  }
  return h('div', {},
    h('ol', { class: 'timeline' }, page.data.map(entry => h('li', {},
      time(entry.at ?? entry.timestamp),
      h('strong', {}, entry.kind ?? entry.type ?? 'entry'),
      h('span', {}, details(entry)),
      entry.trace_id ? h('small', { class: 'muted' }, `trace ${entry.trace_id}`) : null))),
    more);
}

// The entry's own fields, whatever its kind, as short "name value" pairs.
function details(entry) {
  const skip = new Set(['at', 'timestamp', 'kind', 'type', 'trace_id']);
  return Object.entries(entry).filter(([k, v]) => !skip.has(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k.replaceAll('_', ' ')} ${v}`).join(' · ');
}

async function events(id) {
  const page = await get(`/v1/events${query({ interview_id: id, limit: 100 })}`);
  return table('Events about this interview, newest first', ['When', 'Type', 'Sequence', 'Event id'],
    page.data.map(e => h('tr', {}, h('td', {}, time(e.timestamp)), h('td', {}, h('code', {}, e.type)),
      h('td', {}, e.sequence ?? '–'), h('td', {}, h('code', {}, e.id)))));
}

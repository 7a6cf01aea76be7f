import { call, get, query } from '../api.js';
import { h, nodes, badge, field, table, time, number, notice, announce, problemNotice } from '../dom.js';
import { recoverForm } from './recover.js';

export async function subscriptionsPage() {
  const list = await get('/v1/subscriptions?limit=100');
  return [
    h('h1', {}, 'Subscriptions'),
    h('p', { class: 'lead' }, 'Webhook endpoints that receive interview events. Open one for its backlog, ',
      'delivery log, test sends and recovery.'),
    table('Subscriptions', ['Subscription', 'URL', 'Events', 'State'], list.data.map(s => h('tr', {},
      h('td', {}, h('a', { href: `#/subscriptions/${encodeURIComponent(s.id)}` }, s.description || s.id)),
      h('td', { class: 'wrap' }, s.url),
      h('td', {}, s.event_types.join(', ')),
      h('td', {}, s.enabled ? badge('enabled', 'ok') : badge('disabled', 'bad'))))),
    list.next_cursor ? notice('info', 'Showing the first 100 subscriptions.') : null,
  ];
}

export async function subscriptionPage(id) {
  const root = h('div', {});
  const refresh = async () => root.replaceChildren(...nodes(await detail(id, refresh)));
  await refresh();
  return [root];
}

async function detail(id, refresh) {
  const path = `/v1/subscriptions/${encodeURIComponent(id)}`;
  const [subscription, types, recent] = await Promise.all([
    get(path), get('/v1/event-types'), get(`${path}/deliveries?limit=100`)]);
  const streak = recent.data.findIndex(a => a.status === 'succeeded');
  const failures = streak === -1 ? recent.data.length : streak;
  const backlog = subscription.backlog ?? { queued: 0, in_flight: 0, lag_seconds: 0 };
  return [
    h('p', {}, h('a', { href: '#/subscriptions' }, '← All subscriptions')),
    h('h1', {}, subscription.description || subscription.id, ' ',
      subscription.enabled ? badge('enabled', 'ok') : badge('disabled', 'bad')),
    subscription.enabled ? null
      : notice('warn', `Disabled${subscription.disabled_reason ? ` (${subscription.disabled_reason})` : ''} `,
        subscription.disabled_at ? ['since ', time(subscription.disabled_at)] : null),
    h('dl', { class: 'facts' },
      fact('Id', h('code', {}, subscription.id)), fact('URL', subscription.url),
      fact('Events', subscription.event_types.join(', ')), fact('Payload', subscription.payload),
      fact('Max concurrency', subscription.max_concurrency)),
    h('div', { class: 'stats' },
      stat('Queued', number(backlog.queued)), stat('In flight', number(backlog.in_flight)),
      stat('Lag', `${number(Math.round(backlog.lag_seconds))} s`),
      stat('Failure streak', failures >= recent.data.length && recent.next_cursor ? `${failures}+` : number(failures),
        failures > 0 ? 'bad' : '')),
    h('section', { class: 'card actions', 'aria-labelledby': 'actions-title' },
      h('h2', { id: 'actions-title' }, 'Actions'),
      h('div', { class: 'row' }, toggleButton(path, subscription, refresh), testForm(path, types.data, refresh)),
      recoverForm(path, refresh)),
    await deliveryLog(path, refresh),
  ];
}

const fact = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
const stat = (label, value, kind = '') =>
  h('div', { class: `stat ${kind}` }, h('span', {}, label), h('strong', {}, value));

function toggleButton(path, subscription, refresh) {
  const enable = !subscription.enabled;
  return h('button', { type: 'button', class: enable ? '' : 'secondary', onclick: async event => {
    event.target.disabled = true;
    try {
      await call('PATCH', path, { enabled: enable });
      announce(enable ? 'Subscription enabled' : 'Subscription disabled');
      await refresh();
    } catch (error) {
      event.target.replaceWith(problemNotice(error));
    }
  } }, enable ? 'Enable' : 'Disable');
}

function testForm(path, types, refresh) {
  const type = h('select', { name: 'event_type' }, types.map(t => h('option', { value: t.type }, t.type)));
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'inline' }, field('Test event type', type),
    h('button', { type: 'submit' }, 'Send test'), result);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const attempt = (await call('POST', `${path}/test`, { event_type: type.value })).data;
      announce(`Test sent: ${attempt.status}`);
      await refresh();
    } catch (error) {
      result.replaceChildren(problemNotice(error));
    }
  });
  return form;
}

async function deliveryLog(path, refresh, status = '', cursor = '') {
  const page = await get(`${path}/deliveries${query({ status, cursor, limit: 20 })}`);
  const filter = h('select', { name: 'status' },
    ['', 'succeeded', 'failed', 'pending'].map(v => h('option', { value: v, selected: v === status }, v || 'any')));
  const section = h('section', { 'aria-labelledby': 'log-title' },
    h('h2', { id: 'log-title' }, 'Delivery log'),
    h('div', { class: 'row' }, field('Status', filter)),
    table('Delivery attempts, newest first', ['When', 'Event', 'Attempt', 'Result', 'Next attempt', ''],
      page.data.map(a => h('tr', {},
        h('td', {}, time(a.attempted_at)),
        h('td', {}, h('code', {}, a.event_type), h('br', {}), h('small', { class: 'muted' }, a.event_id)),
        h('td', {}, number(a.attempt)),
        h('td', {}, badge(a.status, a.status === 'succeeded' ? 'ok' : a.status === 'failed' ? 'bad' : 'warn'), ' ',
          a.status_code ?? a.error_class ?? '', h('small', { class: 'muted' }, ` ${number(a.duration_ms)} ms`)),
        h('td', {}, time(a.next_attempt_at)),
        h('td', {}, retryButton(path, a, refresh))))),
    page.next_cursor ? h('button', { type: 'button', class: 'secondary', onclick: async () =>
      section.replaceWith(await deliveryLog(path, refresh, status, page.next_cursor)) }, 'Older attempts') : null);
  filter.addEventListener('change', async () => section.replaceWith(await deliveryLog(path, refresh, filter.value)));
  return section;
}

function retryButton(path, attempt, refresh) {
  return h('button', { type: 'button', class: 'small', 'aria-label': `Retry ${attempt.event_type} ${attempt.event_id}`,
    onclick: async event => {
      event.target.disabled = true;
      try {
        const result = (await call('POST', `${path}/deliveries/${encodeURIComponent(attempt.event_id)}/retry`)).data;
        const code = result.status_code ? ` (${result.status_code})` : '';
        announce(`Retried ${attempt.event_id}: ${result.status}${code}`);
        await refresh();
      } catch (error) {
        event.target.replaceWith(problemNotice(error));
      }
    } }, 'Retry');
}

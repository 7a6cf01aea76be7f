import { get, hasRoute } from '../api.js';
import { h, badge, notice, time, number, duration, table } from '../dom.js';
import { budgetChart, cadenceChart, monthChart, seriesChart } from '../charts.js';

export async function vendorsPage() {
  const [vendors, usage] = await Promise.all([get('/v1/vendors'), hasRoute('GET', '/v1/vendors/{vendor}/usage')]);
  return [
    h('h1', {}, 'Vendors'),
    h('p', { class: 'lead' }, 'Budget use per window, the polling plan and how each vendor is connected.'),
    h('div', { class: 'cards' }, await Promise.all(vendors.data.map(v => vendorCard(v, usage)))),
  ];
}

async function vendorCard(vendor, usageAvailable) {
  const month = vendor.budgets.find(b => b.window === 'month');
  return h('section', { class: 'card vendor', 'aria-labelledby': `vendor-${vendor.vendor}` },
    h('h2', { id: `vendor-${vendor.vendor}` }, vendor.name, ' ',
      vendor.configured ? badge('configured', 'ok') : badge('not configured', 'bad'),
      vendor.sandbox ? badge('sandbox', 'warn') : null),
    vendor.sandbox_warning ? notice('warn', h('strong', {}, 'Sandbox: '), vendor.sandbox_warning) : null,
    vendor.paused_until ? notice('warn', 'Paused by the vendor (429) until ', time(vendor.paused_until)) : null,
    h('p', { class: 'muted' }, capabilities(vendor.capabilities)),
    h('h3', {}, 'Budget use'),
    budgetChart(vendor.name, vendor.budgets),
    month?.projected != null
      ? h('p', { class: month.projected > month.limit ? 'over' : 'muted' },
        `Month: ${number(month.used)} used, ${number(month.projected)} projected by month end of ${number(month.limit)}`
        + (month.projected > month.limit ? ' (over the limit)' : '') + '.')
      : null,
    usageAvailable ? await usageCharts(vendor) : null,
    vendor.polling ? pollingSection(vendor.polling) : null);
}

function capabilities(c) {
  const can = [c.create && 'create', c.list && 'list', c.webhooks && 'webhooks', c.polling && 'polling']
    .filter(Boolean);
  return `Supports ${can.join(', ') || 'nothing'}${c.update.length ? `; updates ${c.update.join(', ')}` : ''}.`;
}

async function usageCharts(vendor) {
  const usage = await get(`/v1/vendors/${encodeURIComponent(vendor.vendor)}/usage`);
  const limit = window => vendor.budgets.find(b => b.window === window)?.limit;
  const month = vendor.budgets.find(b => b.window === 'month');
  return h('div', { class: 'usage' },
    h('h3', {}, 'Calls over time'),
    h('h4', {}, 'Last hour, per minute'),
    seriesChart(`${vendor.name}: calls per minute, last hour`, usage.last_hour, limit('minute')),
    h('h4', {}, 'Last day, per hour'),
    seriesChart(`${vendor.name}: calls per hour, last day`, usage.last_day, limit('hour')),
    h('h4', {}, 'Last month, per day'), seriesChart(`${vendor.name}: calls per day, last 30 days`, usage.last_month),
    month ? [h('h4', {}, 'This month against its limit'),
      monthChart(`${vendor.name}: this month's use and projection`, usage.last_month, month)] : null);
}

function pollingSection(tiers) {
  return h('div', {},
    h('h3', {}, 'Polling'),
    cadenceChart(tiers),
    table('Polling tiers: how often interviews of each age are wanted and actually polled',
      ['Age', 'Tracked', 'Wanted every', 'Effective every'],
      tiers.map(t => h('tr', {},
        h('td', {}, t.age.replace('_', ' ')), h('td', {}, number(t.tracked)),
        h('td', {}, duration(t.wanted_seconds)),
        h('td', { class: t.effective_seconds > t.wanted_seconds * 1.05 ? 'over' : '' },
          duration(t.effective_seconds))))));
}

// Charts as inline SVG built with DOM calls (no library, no inline style: the CSP forbids it).
import { s, number } from './dom.js';

const W = 520; // user units; the SVG scales to its box, so a smaller width reads larger on a phone

/// One bar per budget window: use against the limit, and for the month the projection to its end.
export function budgetChart(vendorName, budgets) {
  // Each window: its name above the bar, the figures to the right (room for phone-sized text).
  const row = 54;
  const left = 0;
  const width = W - left - 160;
  const height = budgets.length * row + 4;
  const label = budgets.map(b => `${b.window}: ${b.used} of ${b.limit}`
    + (b.projected != null ? `, projected ${b.projected}` : '')).join('; ');
  return s('svg', {
    viewBox: `0 0 ${W} ${height}`, class: 'chart', role: 'img', 'aria-label': `${vendorName} budget use: ${label}` },
    s('title', {}, `${vendorName} budget use`),
    budgets.map((b, i) => {
      const y = i * row + 22;
      const scale = Math.max(b.limit, b.projected ?? 0, b.used, 1);
      const x = v => left + (Math.min(v, scale) / scale) * width;
      const over = (b.projected ?? b.used) > b.limit;
      return s('g', { class: 'budget' },
        s('text', { x: 0, y: y - 5, class: 'axis' }, `this ${b.window}`),
        s('rect', { x: left, y, width, height: 24, rx: 4, class: 'track' }),
        b.projected != null
          ? s('rect', { x: left, y, width: Math.max(0, x(b.projected) - left), height: 24, rx: 4,
            class: over ? 'projected over' : 'projected' }) : null,
        s('rect', { x: left, y, width: Math.max(b.used ? 2 : 0, x(b.used) - left), height: 24, rx: 4, class: 'used' }),
        s('line', { x1: x(b.limit), x2: x(b.limit), y1: y - 4, y2: y + 28, class: 'limit' }),
        s('text', { x: left + width + 8, y: y + 12, class: 'value' }, `${number(b.used)} / ${number(b.limit)}`),
        b.projected != null
          ? s('text', { x: left + width + 8, y: y + 27, class: over ? 'note over' : 'note' },
            `→ ${number(b.projected)} by month end`) : null);
    }));
}

/// Bars over time (usage buckets): each bucket's count, with the window's limit as a line when known.
export function seriesChart(title, buckets, limit) {
  const height = 120;
  const top = 10;
  const bottom = 22;
  const left = 56;
  const plot = W - left - 8;
  const peak = Math.max(0, ...buckets.map(b => b.count));
  // A limit far above the use would flatten every bar: then it is named, not drawn.
  const drawLimit = Boolean(limit) && limit <= peak * 2;
  const max = Math.max(1, peak, drawLimit ? limit : 0);
  const step = plot / Math.max(1, buckets.length);
  const y = v => top + (1 - v / max) * (height - top - bottom);
  const counts = buckets.map(b => b.count);
  const total = counts.reduce((sum, c) => sum + c, 0);
  return s('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart', role: 'img',
    'aria-label': `${title}: ${total} calls in ${buckets.length} buckets, at most ${Math.max(0, ...counts)}` },
  s('title', {}, title),
  s('line', { x1: left, x2: W - 8, y1: y(0), y2: y(0), class: 'baseline' }),
  s('text', { x: left - 6, y: y(max) + 4, class: 'axis end' }, number(max)),
  s('text', { x: left - 6, y: y(0) + 4, class: 'axis end' }, '0'),
  buckets.map((b, i) => s('rect', { x: left + i * step + step * 0.1, y: y(b.count), width: Math.max(1, step * 0.8),
    height: y(0) - y(b.count), class: 'used' }, s('title', {}, `${b.start}: ${b.count}`))),
  drawLimit ? s('line', { x1: left, x2: W - 8, y1: y(limit), y2: y(limit), class: 'limit' }) : null,
  limit && !drawLimit ? s('text', { x: left + 6, y: top + 4, class: 'axis' }, `(limit ${number(limit)})`) : null,
  buckets.length ? s('text', { x: left, y: height - 6, class: 'axis' }, label(buckets[0].start)) : null,
  buckets.length ? s('text', { x: W - 8, y: height - 6, class: 'axis end' }, label(buckets.at(-1).start)) : null);
}

const label = iso => new Date(iso)
  .toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/// Polling tiers: wanted and effective interval side by side (longer bar = polled less often).
export function cadenceChart(tiers) {
  const row = 40;
  const left = 84;
  const width = W - left - 130;
  const max = Math.max(1, ...tiers.flatMap(t => [t.wanted_seconds, t.effective_seconds]));
  return s('svg', { viewBox: `0 0 ${W} ${tiers.length * row + 6}`, class: 'chart', role: 'img',
    'aria-label': 'Polling interval per age tier: ' + tiers.map(t =>
      `${t.age}: wanted every ${t.wanted_seconds} s, effective every ${t.effective_seconds} s`).join('; ') },
  s('title', {}, 'Polling interval, wanted and effective'),
  tiers.map((t, i) => {
    const y = i * row + 4;
    const late = t.effective_seconds > t.wanted_seconds * 1.05;
    return s('g', {},
      s('text', { x: 0, y: y + 20, class: 'axis' }, t.age.replace('_', ' ')),
      s('rect', { x: left, y, width: (t.wanted_seconds / max) * width, height: 14, rx: 3, class: 'wanted' }),
      s('rect', { x: left, y: y + 16, width: (t.effective_seconds / max) * width, height: 14, rx: 3,
        class: late ? 'effective late' : 'effective' }),
      s('text', { x: left + width + 8, y: y + 12, class: 'value' }, `wanted ${secs(t.wanted_seconds)}`),
      s('text', { x: left + width + 8, y: y + 28, class: late ? 'note over' : 'note' },
        `effective ${secs(t.effective_seconds)}`));
  }));
}

const secs = v => (v >= 3600 ? `${+(v / 3600).toFixed(1)} h` : v >= 60 ? `${+(v / 60).toFixed(1)} min` : `${v} s`);

/// The month's quota curve: use so far this calendar month (UTC, cumulative per day), the projection to its
/// last day, and the limit.
export function monthChart(title, days, month) {
  const height = 150;
  const [top, bottom, left] = [12, 22, 56];
  const now = new Date();
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const length = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const sofar = days.filter(d => Date.parse(d.start) >= first);
  const points = [];
  sofar.reduce((sum, d) => { points.push([new Date(d.start).getUTCDate(), sum + d.count]); return sum + d.count; }, 0);
  const used = points.length ? points.at(-1)[1] : 0;
  const projected = Math.max(month.projected ?? used, used);
  const max = Math.max(1, month.limit, projected);
  const x = day => left + ((day - 0.5) / length) * (W - left - 8);
  const y = v => top + (1 - v / max) * (height - top - bottom);
  const over = projected > month.limit;
  const today = points.length ? points.at(-1)[0] : now.getUTCDate();
  return s('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart', role: 'img',
    'aria-label': `${title}: ${used} used so far, ${projected} projected by the end of the month, `
      + `limit ${month.limit}` },
  s('title', {}, title),
  s('line', { x1: left, x2: W - 8, y1: y(0), y2: y(0), class: 'baseline' }),
  s('line', { x1: left, x2: W - 8, y1: y(month.limit), y2: y(month.limit), class: 'limit' }),
  s('text', { x: left - 6, y: y(month.limit) + 4, class: 'axis end' }, number(month.limit)),
  s('text', { x: left - 6, y: y(0) + 4, class: 'axis end' }, '0'),
  s('polyline', { class: 'curve',
    points: [[x(1) - 4, y(0)], ...points.map(([d, v]) => [x(d), y(v)])].map(p => p.join(',')).join(' ') }),
  s('line', { x1: x(today), y1: y(used), x2: x(length), y2: y(projected),
    class: over ? 'projection over' : 'projection' }),
  s('text', { x: W - 8, y: Math.max(top + 10, y(projected) - 6), class: over ? 'note end over' : 'note end' },
    `${number(projected)} projected`),
  s('text', { x: left, y: height - 6, class: 'axis' }, `day 1`),
  s('text', { x: W - 8, y: height - 6, class: 'axis end' }, `day ${length}`));
}

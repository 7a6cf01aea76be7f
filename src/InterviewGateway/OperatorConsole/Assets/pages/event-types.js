import { get, apiDescription } from '../api.js';
import { h, json, prose } from '../dom.js';

export async function eventTypesPage() {
  const [types, description] = await Promise.all([get('/v1/event-types'), apiDescription()]);
  return [
    h('h1', {}, 'Event types'),
    h('p', { class: 'lead' }, 'What subscribers can receive: each type\'s body schema (thin and full) and an example.'),
    types.data.map(t => eventType(t, description.webhooks?.[t.type])),
  ];
}

function eventType(type, webhook) {
  const examples = webhook?.post?.requestBody?.content?.['application/json']?.examples ?? {};
  return h('section', { class: 'card', 'aria-labelledby': `type-${type.type}` },
    h('h2', { id: `type-${type.type}` }, h('code', {}, type.type)),
    h('p', {}, h('strong', {}, type.summary), ' ', prose(type.description)),
    h('p', { class: 'muted' }, `schema_version ${type.schema_version}`),
    h('details', {}, h('summary', {}, 'Schema (thin)'), json(type.schema)),
    h('details', {}, h('summary', {}, 'Schema (full)'), json(type.full_schema)),
    Object.entries(examples).map(([name, example]) =>
      h('details', {}, h('summary', {}, `Example (${example.summary ?? name})`), json(example.value))));
}

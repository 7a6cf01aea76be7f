// Every call goes through the public API with the pasted key: the console has no powers the key lacks.
// The key lives in this tab's sessionStorage only (gone when the tab closes, never sent anywhere else).
const STORAGE = 'interview-gateway.api-key';

export const session = {
  get key() { return sessionStorage.getItem(STORAGE); },
  signIn(key) { sessionStorage.setItem(STORAGE, key); },
  signOut() { sessionStorage.removeItem(STORAGE); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${session.key ?? ''}` };
  if (body !== undefined) {
    headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('igw:unauthorized', { detail: error }));
    throw error;
  }
  return { status: response.status, data, location: response.headers.get('Location') };
}

export const get = async path => (await call('GET', path)).data;

export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}

// The API description is public (no key) and names every route this server has, so pages built for
// routes a server may not have yet ask it first instead of provoking 404s.
let description;
export function apiDescription() {
  description ??= fetch('/openapi/v1.json', { cache: 'no-store' })
    .then(r => (r.ok ? r.json() : { paths: {}, webhooks: {} }));
  return description;
}

export async function hasRoute(method, path) {
  const doc = await apiDescription();
  return Boolean(doc.paths?.[path]?.[method.toLowerCase()]);
}

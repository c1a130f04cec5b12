// SPDX-License-Identifier: MIT
// The API client: every request is relative to the page's own location,
// so the app follows the API wherever a proxy mounts it.

const KEY_STORE = 'dossier-api-key';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORE) || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORE, key);
  else sessionStorage.removeItem(KEY_STORE);
}

// A URL of the API for path (no leading slash) and query parameters;
// empty values are left out.
export function apiUrl(path, params) {
  const url = new URL(path, document.baseURI);
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
    }
  }
  return url;
}

async function problemOf(res) {
  try {
    return await res.json();
  } catch {
    return { title: res.statusText, status: res.status };
  }
}

// GET (or any method) returning { body, etag }; throws ApiError with the
// problem document on a 4xx or 5xx.
export async function api(path, params, opts = {}) {
  const headers = { Accept: opts.accept || 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  if (opts.method && opts.method !== 'GET') {
    const key = apiKey();
    if (key) headers.Authorization = `Bearer ${key}`;
  }
  const res = await fetch(apiUrl(path, params), {
    method: opts.method || 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const body = res.status === 204 ? null : await res.json();
  return { body, etag: res.headers.get('ETag') };
}

export async function get(path, params, signal) {
  return (await api(path, params, { signal })).body;
}

// Names for ids: one batch request per list, as the API allows 100 ids.
export async function namesOf(list, ids, signal) {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map();
  for (let i = 0; i < unique.length; i += 100) {
    const page = await get(list, { id: unique.slice(i, i + 100).join(','),
                                   limit: 100 }, signal);
    for (const r of page.data) out.set(r.id, r);
  }
  return out;
}

// SPDX-License-Identifier: MIT
// The app's state lives in the URL's fragment: #/events?country=GB&q=5g.
// A link is shareable, and the back button walks the views.
import { useEffect, useState } from 'preact/hooks';

export function parseHash(hash) {
  const text = hash.replace(/^#/, '') || '/';
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  return { path, params, segments: path.split('/').filter(Boolean)
    .map(decodeURIComponent) };
}

// A fragment for path and an object or URLSearchParams of parameters.
export function href(path, params) {
  const p = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? params.entries()
    : Object.entries(params || {});
  for (const [k, v] of entries) {
    if (v !== undefined && v !== null && v !== '') p.set(k, v);
  }
  const qs = p.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(path, params) {
  location.hash = href(path, params);
}

export function useRoute() {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

// The same parameters with some changed (undefined or '' removes one);
// a change of filters starts again from the first page.
export function withParams(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') p.delete(k);
    else p.set(k, v);
  }
  if (!('cursor' in changes)) p.delete('cursor');
  return p;
}

export const idPath = (kind, id) => `/${kind}/${encodeURIComponent(id)}`;

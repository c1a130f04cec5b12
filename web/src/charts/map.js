// SPDX-License-Identifier: MIT
// A world map (d3-geo, Natural Earth via world-atlas, served by dossier):
// countries shaded by their event counts, events with coordinates as
// points. Countries are matched by their ISO 3166-1 numeric code.
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { html, useFetch } from '../ui.js';
import { get, apiUrl } from '../api.js';
import { href, idPath } from '../route.js';

let worldPromise = null;
// The geometry and the countries' codes, fetched once per page.
function world() {
  if (!worldPromise) {
    worldPromise = Promise.all([
      fetch(apiUrl('app/world.json')).then((r) => r.json()),
      get('countries', { limit: 1000, fields: 'code,numeric,name' }),
    ]).then(([topo, countries]) => {
      const byNumeric = new Map(countries.data.map((c) => [c.numeric, c]));
      return { shapes: feature(topo, topo.objects.countries).features,
               byNumeric };
    });
    worldPromise.catch(() => { worldPromise = null; });
  }
  return worldPromise;
}

const WIDTH = 720;
const HEIGHT = 360;

function shade(count, max) {
  if (!count) return '#eef0f2';
  const t = Math.log1p(count) / Math.log1p(max);
  const light = 88 - t * 58;
  return `hsl(205, 60%, ${light.toFixed(1)}%)`;
}

// counts: Map of alpha-2 code -> events; points: GeoJSON features.
export function WorldMap({ counts, points, linkParams, label }) {
  const state = useFetch((signal) => world(signal), []);
  if (state.error) return html`<p class="problem">The map could not load.</p>`;
  if (!state.data) return html`<div class="map placeholder" aria-hidden="true"></div>`;
  const { shapes, byNumeric } = state.data;
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT],
    { type: 'Sphere' });
  const path = geoPath(projection);
  const max = Math.max(1, ...counts.values());
  return html`<figure class="map">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group"
         aria-label=${label || 'Map of events by country'}>
      <path class="sphere" d=${path({ type: 'Sphere' })} />
      ${shapes.map((s) => {
        const c = byNumeric.get(s.id);
        const n = c ? counts.get(c.code) || 0 : 0;
        const d = path(s);
        const title = c ? `${c.name}: ${n.toLocaleString()} events` : s.properties.name;
        return c
          ? html`<a href=${href(idPath('countries', c.code.toLowerCase()), linkParams)}
                tabindex="-1" aria-label=${title}><path d=${d} fill=${shade(n, max)}><title>${title}</title></path></a>`
          : html`<path d=${d} fill=${shade(0, max)}><title>${title}</title></path>`;
      })}
      ${(points || []).map((f) => {
        const xy = projection(f.geometry.coordinates);
        if (!xy) return null;
        return html`<a href=${href(idPath('events', f.properties.id))} tabindex="-1"
            aria-label=${f.properties.title}>
          <circle class="point" cx=${xy[0].toFixed(1)} cy=${xy[1].toFixed(1)} r="2.5">
            <title>${f.properties.title}</title></circle></a>`;
      })}
    </svg>
    <figcaption>Countries shaded by events${points && points.length
      ? `; ${points.length} located events as points` : ''}.
      Map data: Natural Earth.</figcaption>
  </figure>`;
}

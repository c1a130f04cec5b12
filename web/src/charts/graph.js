// SPDX-License-Identifier: MIT
// The actor network (d3-force): laid out once, then drawn as SVG. Each
// node is a link to its actor, so the graph is walked with the keyboard.
import { forceSimulation, forceLink, forceManyBody, forceCenter,
  forceCollide, forceX, forceY } from 'd3-force';
import { html } from '../ui.js';
import { href, idPath } from '../route.js';

const WIDTH = 960;
const HEIGHT = 600;
const KIND_COLOURS = {
  person: '#1f5f8b', government: '#8b3a1f', company: '#2f7d32',
  organization: '#6a4c93', media: '#b8860b', alliance: '#555',
};

export function layout(nodes, edges) {
  const ns = nodes.map((n) => ({ ...n }));
  const es = edges.map((e) => ({ ...e }));
  const sim = forceSimulation(ns)
    .force('link', forceLink(es).id((n) => n.id).distance(70))
    .force('charge', forceManyBody().strength(-220))
    .force('center', forceCenter(WIDTH / 2, HEIGHT / 2))
    .force('collide', forceCollide(22))
    // Actors apart from the rest stay in view rather than drift off.
    .force('x', forceX(WIDTH / 2).strength(0.06))
    .force('y', forceY(HEIGHT / 2).strength(0.08))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  // Stretched to fill the picture, one scale both ways, room left on the
  // right for the labels.
  const xs = ns.map((n) => n.x);
  const ys = ns.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs),
    Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((WIDTH - 190) / Math.max(x1 - x0, 1),
    (HEIGHT - 50) / Math.max(y1 - y0, 1), 3);
  const dx = (WIDTH - 160 - (x1 - x0) * scale) / 2;
  const dy = (HEIGHT - (y1 - y0) * scale) / 2;
  for (const n of ns) {
    n.x = dx + (n.x - x0) * scale;
    n.y = dy + (n.y - y0) * scale;
  }
  return { nodes: ns, edges: es };
}

export function Network({ data, focus }) {
  if (!data.nodes.length) return html`<p>No actors share events here.</p>`;
  const { nodes, edges } = layout(data.nodes, data.edges);
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const maxN = Math.max(1, ...nodes.map((n) => n.event_count));
  return html`<figure class="network">
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group"
         aria-label="Actors linked by the events they share">
      ${edges.map((e) => html`<line x1=${e.source.x} y1=${e.source.y}
          x2=${e.target.x} y2=${e.target.y}
          stroke-width=${1 + (4 * e.weight) / maxW}>
        <title>${e.source.name} – ${e.target.name}: ${e.weight} shared events</title>
        </line>`)}
      ${nodes.map((n) => html`<a href=${href(idPath('actors', n.id))}
          aria-label=${`${n.name}, ${n.kind || 'actor'}, ${n.event_count} events`}>
        <circle cx=${n.x} cy=${n.y} r=${5 + (10 * n.event_count) / maxN}
          fill=${KIND_COLOURS[n.kind] || '#777'}
          class=${n.id === focus ? 'focus' : ''} />
        <text x=${n.x + 12} y=${n.y + 4}>${n.name}</text></a>`)}
    </svg>
    <figcaption>Node size: events; line width: shared events. Colours:
      ${Object.entries(KIND_COLOURS).map(([k, c]) => html`
        <span class="swatch"><span class="dot" style=${{ background: c }}></span>${k}</span> `)}</figcaption>
  </figure>`;
}

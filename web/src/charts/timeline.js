// SPDX-License-Identifier: MIT
// Events over time (uPlot): bars per month or day from /stats. Dragging
// across the chart selects a period, which becomes the view's from/to.
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../ui.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

// Buckets of the series' own unit, and the counts kept aside: events dated
// less precisely than the unit, and undated ones.
export function splitSeries(rows, unit) {
  const exact = unit === 'day' ? DAY : MONTH;
  const points = [];
  let coarser = 0;
  let undated = 0;
  for (const r of rows) {
    const key = r[unit];
    if (key === null) undated += r.count;
    else if (exact.test(key)) points.push([key, r.count]);
    else coarser += r.count;
  }
  points.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { points, coarser, undated };
}

const MONTH_SECONDS = 2629746;
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];
const DAY_STEPS = [1, 2, 7, 14, 28];

const toSeconds = (key) => Date.parse(key.length === 7 ? `${key}-01` : key) / 1000;

function keyOf(seconds, unit) {
  const iso = new Date(seconds * 1000).toISOString();
  return unit === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

export function Timeline({ rows, unit, onSelect, label }) {
  const box = useRef(null);
  const { points, coarser, undated } = splitSeries(rows, unit);
  useEffect(() => {
    if (!box.current || points.length === 0) return undefined;
    const xs = points.map((p) => toSeconds(p[0]));
    const ys = points.map((p) => p[1]);
    const plot = new uPlot({
      width: Math.max(box.current.clientWidth, 300),
      height: 180,
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: { x: { time: true } },
      // Ticks of whole months or days, labelled as the API names them.
      axes: [{
        incrs: unit === 'month' ? MONTH_STEPS.map((m) => m * MONTH_SECONDS)
          : DAY_STEPS.map((d) => d * 86400),
        values: (u, splits) => splits.map((v) => keyOf(v, unit)),
      }, { size: 50 }],
      series: [{}, {
        label: 'events', stroke: '#1f5f8b', fill: 'rgba(31,95,139,0.35)',
        paths: uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false },
      }],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 2 || !onSelect) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          onSelect(keyOf(from, unit), keyOf(to, unit));
        }],
      },
    }, [xs, ys], box.current);
    return () => plot.destroy();
  }, [JSON.stringify(points), unit]);
  const total = points.reduce((n, p) => n + p[1], 0);
  return html`<figure class="timeline">
    <div ref=${box} role="img" aria-label=${`${label || 'Events'} per ${unit}: ${
      total.toLocaleString()} events over ${points.length} ${unit}s`}></div>
    <figcaption>
      ${points.length === 0 ? `No events dated to the ${unit}. ` : ''}
      ${coarser ? `${coarser.toLocaleString()} dated less precisely than a ${unit}. ` : ''}
      ${undated ? `${undated.toLocaleString()} undated. ` : ''}
      ${onSelect && points.length > 1 ? 'Drag across the chart to filter by period.' : ''}
    </figcaption>
  </figure>`;
}

// The cache page: polls the silo's cache statistics (the document of GET /api/cache/stats), shows the latest
// figures, and keeps the samples of the last minutes to show rates and draw them. No library, nothing loaded from
// anywhere but this silo.
'use strict';

(() => {
  const intervalMs = 2000;
  const windowMs = 5 * 60 * 1000;
  const recentMs = 10 * 1000;
  const chartWidth = 600;
  const chartHeight = 90;
  const svgNs = 'http://www.w3.org/2000/svg';

  // A page opened as http://user:key@host/… has a URL that fetch refuses; the browser sends the credentials it
  // used for the page to the same origin by itself, so the data URL is the page's without them.
  const dataUrl = new URL('data', window.location.href);
  dataUrl.username = '';
  dataUrl.password = '';

  const whole = new Intl.NumberFormat('en-US');
  const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const samples = [];

  const cacheRows = [
    ['hits', 'hits', c => c.hits],
    ['misses', 'misses', c => c.misses],
    ['near hits', 'near_hits', c => c.near.hits],
  ];

  document.getElementById('interval').textContent = String(intervalMs / 1000);
  document.getElementById('window').textContent = String(windowMs / 60000);

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function setFigure(key, text) {
    const node = document.querySelector(`[data-figure="${CSS.escape(key)}"]`);
    if (node) {
      node.textContent = text;
    }
  }

  // hits / lookups as the API writes it: a percentage with one decimal, halves away from zero.
  function hitRate(hits, misses) {
    const lookups = hits + misses;
    return lookups > 0 ? (Math.round(1000 * hits / lookups) / 10).toFixed(1) + '%' : '–';
  }

  function cacheCard(name) {
    const rows = cacheRows.map(([label, key]) => element('tr', null,
      element('th', null, label),
      element('td', { 'data-figure': `${name}.${key}` }, '–'),
      element('td', { 'data-figure': `${name}.${key}_per_s` }, '–'),
      element('td', { 'data-figure': `${name}.${key}_per_s_window` }, '–')));
    const big = (label, key) => element('div', null, element('span', null, label), element('span', { 'data-figure': `${name}.${key}` }, '–'));
    const chart = document.createElementNS(svgNs, 'svg');
    chart.setAttribute('class', 'chart');
    chart.setAttribute('data-chart', name);
    chart.setAttribute('viewBox', `0 0 ${chartWidth} ${chartHeight}`);
    chart.setAttribute('preserveAspectRatio', 'none');
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', `${name}: hits and misses per second`);
    return element('section', { class: 'card', 'data-cache': name },
      element('h2', null, `${name} cache`),
      element('div', { class: 'big' },
        big('hit rate', 'hit_rate'),
        big('hit rate, 5 min', 'hit_rate_window'),
        big('entries', 'size'),
        big('TTL (s)', 'ttl')),
      element('table', null,
        element('thead', null, element('tr', null,
          element('th'), element('th', null, 'total'), element('th', null, 'per s, 10 s'), element('th', null, 'per s, 5 min'))),
        element('tbody', null, ...rows)),
      chart,
      element('p', { class: 'legend' },
        element('span', { class: 'key hits' }, 'hits/s'),
        element('span', { class: 'key misses' }, 'misses/s'),
        element('span', { class: 'scale', 'data-scale': name })));
  }

  // The rate of value(sample) per second between the first sample at or after `since` and the last one; null when
  // there is no span yet or a counter went down (a silo killed before it reported loses its counts).
  function rate(value, since) {
    const last = samples[samples.length - 1];
    const first = samples.find(s => s.time >= since);
    if (!first || first === last) {
      return null;
    }
    const delta = value(last.document) - value(first.document);
    return delta < 0 ? null : delta / ((last.time - first.time) / 1000);
  }

  function formatRate(value) {
    return value === null ? '–' : oneDecimal.format(value);
  }

  // One polyline per series, the rate of each interval between two samples, over the window; a gap where a
  // counter went down.
  function drawChart(key, series) {
    const svg = document.querySelector(`svg[data-chart="${CSS.escape(key)}"]`);
    if (!svg) {
      return;
    }
    const end = samples[samples.length - 1].time;
    const start = end - windowMs;
    const points = series.map(({ value }) => {
      const result = [];
      for (let i = 1; i < samples.length; i++) {
        const seconds = (samples[i].time - samples[i - 1].time) / 1000;
        const delta = value(samples[i].document) - value(samples[i - 1].document);
        result.push({ time: samples[i].time, rate: seconds > 0 && delta >= 0 ? delta / seconds : null });
      }
      return result;
    });
    const highest = Math.max(1, ...points.flat().map(p => p.rate ?? 0));
    svg.replaceChildren();
    series.forEach(({ className }, index) => {
      let line = [];
      const flush = () => {
        if (line.length > 1) {
          const polyline = document.createElementNS(svgNs, 'polyline');
          polyline.setAttribute('class', className);
          polyline.setAttribute('points', line.join(' '));
          svg.append(polyline);
        }
        line = [];
      };
      for (const point of points[index]) {
        if (point.rate === null) {
          flush();
          continue;
        }
        const x = (point.time - start) / windowMs * chartWidth;
        const y = chartHeight - 4 - point.rate / highest * (chartHeight - 8);
        line.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      }
      flush();
    });
    const scale = document.querySelector(`[data-scale="${CSS.escape(key)}"]`);
    if (scale) {
      scale.textContent = `last 5 min, top ${oneDecimal.format(highest)}/s`;
    }
  }

  function render(latest) {
    const now = samples[samples.length - 1].time;
    const container = document.getElementById('caches');
    for (const cache of latest.caches) {
      const name = cache.name;
      if (!container.querySelector(`[data-cache="${CSS.escape(name)}"]`)) {
        container.append(cacheCard(name));
      }
      const of = sample => sample.caches.find(c => c.name === name) ?? { hits: 0, misses: 0, near: { hits: 0 } };
      setFigure(`${name}.hit_rate`, cache.hit_rate);
      setFigure(`${name}.size`, whole.format(cache.size));
      setFigure(`${name}.ttl`, whole.format(cache.ttl));
      for (const [, key, value] of cacheRows) {
        setFigure(`${name}.${key}`, whole.format(value(cache)));
        setFigure(`${name}.${key}_per_s`, formatRate(rate(d => value(of(d)), now - recentMs)));
        setFigure(`${name}.${key}_per_s_window`, formatRate(rate(d => value(of(d)), now - windowMs)));
      }
      const first = of(samples[0].document);
      setFigure(`${name}.hit_rate_window`, hitRate(cache.hits - first.hits, cache.misses - first.misses));
      drawChart(name, [
        { className: 'hits', value: d => of(d).hits },
        { className: 'misses', value: d => of(d).misses },
      ]);
    }

    const database = [['reads', d => d.database.reads], ['writes', d => d.database.writes]];
    for (const [key, value] of database) {
      setFigure(`database.${key}`, whole.format(value(latest)));
      setFigure(`database.${key}_per_s`, formatRate(rate(value, now - recentMs)));
      setFigure(`database.${key}_per_s_window`, formatRate(rate(value, now - windowMs)));
    }
    drawChart('database', database.map(([className, value]) => ({ className, value })));
  }

  function setStatus(state, text) {
    const status = document.getElementById('status');
    status.dataset.state = state;
    status.textContent = text;
  }

  async function poll() {
    try {
      const response = await fetch(dataUrl, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) {
        throw new Error(`the silo answered ${response.status}`);
      }
      const latest = await response.json();
      const time = Date.now();
      samples.push({ time, document: latest });
      while (time - samples[0].time > windowMs) {
        samples.shift();
      }
      render(latest);
      setStatus('live', 'live');
      document.getElementById('updated').textContent = `updated ${new Date(time).toLocaleTimeString('en-GB')}`;
      document.getElementById('samples').textContent = String(samples.length);
    } catch (error) {
      // The last figures stay on the page; the status says they are not live.
      setStatus('error', `not updated: ${error.message}`);
    } finally {
      window.setTimeout(poll, intervalMs);
    }
  }

  poll();
})();

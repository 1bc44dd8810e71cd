// The piece drawn: one lane per track with a piano roll of its notes on the bar grid, a ruler of bar numbers and
// time signatures, a playhead; bars are marked for infill by clicking or dragging across cells, as in Calliope.
// Only the bars in view (and a margin) are drawn, so a 100-bar, 10-track song scrolls and zooms smoothly.

import { el, svg } from './dom.js';
import { trackColour } from './gm.js';

const LANE = 64;          // px per lane
const RULER = 28;         // px of the bar ruler
const TPQ = 12;           // the grid's ticks per quarter note (MMM's)
const MARGIN_BARS = 2;    // bars drawn beyond each edge of the view, so a short scroll shows no gap

const barTicks = (ts) => (48 * ts.numerator) / ts.denominator;

/**
 * The roll over `tracks`, the studio's per-track model ({ label, program, drum, isNew, action, bars: Set,
 * muted, solo }), which it reads to draw and changes when cells or lane headers are used; `hooks.changed()` is
 * called after every change of the marks, `hooks.mixChanged()` after mute or solo, `hooks.focus(i)` when a lane's
 * name is clicked, `hooks.drop(i)` for its drop button.
 */
export class Roll {
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    this.heads = root.querySelector('.roll-heads');
    this.scroller = root.querySelector('.roll-scroll');
    this.canvas = root.querySelector('.roll-canvas');
    this.pxPerQuarter = 24;
    this.scroller.addEventListener('scroll', () => this.drawSoon());
    this.scroller.addEventListener('wheel', (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      this.zoomBy(e.deltaY < 0 ? 1.25 : 0.8);
    }, { passive: false });
    this.canvas.addEventListener('pointerdown', (e) => this.pointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.pointerUp(e));
    this.canvas.addEventListener('pointercancel', () => this.endDrag());
  }

  /** Shows `piece` (the API's notes form) with one lane per entry of `tracks`; lanes past its tracks are new. */
  show(piece, tracks, canDrop) {
    this.piece = piece;
    this.tracks = tracks;
    this.canDrop = canDrop;
    this.starts = [0];
    for (const ts of piece.timeSignatures) this.starts.push(this.starts.at(-1) + barTicks(ts));
    this.ranges = tracks.map((t, i) => pitchRange(piece.tracks[i]));
    // fit about sixteen bars of 4/4 into the view at first
    this.pxPerQuarter = clamp(Math.floor((this.scroller.clientWidth || 960) / 64), 6, 48);
    this.buildHeads();
    this.buildLanes();
    this.scroller.scrollLeft = 0;
    this.draw();
  }

  get bars() { return this.piece.timeSignatures.length; }
  x(tick) { return (tick * this.pxPerQuarter) / TPQ; }

  /** The bar (from 0) at x pixels into the canvas. */
  barAt(x) {
    const tick = (x * TPQ) / this.pxPerQuarter;
    let lo = 0, hi = this.bars - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= tick) lo = mid; else hi = mid - 1;
    }
    return clamp(lo, 0, this.bars - 1);
  }

  zoomBy(factor) {
    if (!this.piece) return;
    const anchor = (this.scroller.scrollLeft * TPQ) / this.pxPerQuarter; // the tick at the left edge stays there
    this.pxPerQuarter = clamp(this.pxPerQuarter * factor, 2, 96);
    this.sizeCanvas();
    this.scroller.scrollLeft = this.x(anchor);
    this.draw();
  }

  buildHeads() {
    const heads = [el('div', { class: 'ruler-head' }, 'Bars')];
    this.tracks.forEach((t, i) => {
      const name = el('button', { type: 'button', class: 'lane-name', title: 'This track’s controls' },
        `${i + 1} · ${t.label}`);
      name.addEventListener('click', () => this.hooks.focus(i));
      const tools = el('div', { class: 'lane-tools' });
      for (const [prop, text, title] of [['muted', 'M', 'Mute'], ['solo', 'S', 'Solo']]) {
        const b = el('button', { type: 'button', class: prop, title, 'aria-pressed': String(!!t[prop]) }, text);
        b.addEventListener('click', () => { t[prop] = !t[prop]; b.setAttribute('aria-pressed', String(t[prop])); this.hooks.mixChanged(); });
        tools.append(b);
      }
      if (t.isNew) {
        tools.append(el('span', { class: 'badge new' }, 'new: generated'));
        const remove = el('button', { type: 'button', class: 'drop', title: 'Remove this added track' }, '✕');
        remove.addEventListener('click', () => this.hooks.drop(i));
        tools.append(remove);
      } else {
        const action = el('select', { class: 'lane-action', title: 'What the job does with this track',
          'aria-label': `Track ${i + 1} action` },
        ...['keep', 'regenerate', 'infill', 'ignore'].map((a) => el('option', { value: a }, a)));
        action.value = t.action;
        action.addEventListener('change', () => {
          t.action = action.value;
          if (t.action !== 'infill') t.bars.clear();
          this.changed();
        });
        tools.append(action);
        if (this.canDrop) {
          const drop = el('button', { type: 'button', class: 'drop', title: 'Drop this track (makes an edited piece)' }, '✕');
          drop.addEventListener('click', () => this.hooks.drop(i));
          tools.append(drop);
        }
      }
      const title = el('div', { class: 'lane-title' }, name);
      if (t.drum) title.append(el('span', { class: 'badge drum' }, 'drums'));
      heads.push(el('div', { class: 'lane-head', 'data-track': i + 1, style: `height:${LANE}px` }, title, tools));
    });
    this.heads.replaceChildren(...heads);
  }

  buildLanes() {
    this.ruler = svg('svg', { class: 'ruler', height: RULER });
    this.lanes = this.tracks.map((t, i) => svg('svg', { class: 'lane' + (t.isNew ? ' new' : ''), 'data-track': i + 1, height: LANE }));
    this.band = el('div', { class: 'drag-band', hidden: true });
    this.playhead = el('div', { class: 'playhead', hidden: true });
    this.canvas.replaceChildren(this.ruler, ...this.lanes, this.band, this.playhead);
    this.sizeCanvas();
  }

  sizeCanvas() {
    const width = Math.ceil(this.x(this.starts.at(-1))) + 1;
    this.canvas.style.width = width + 'px';
    for (const s of [this.ruler, ...this.lanes]) s.setAttribute('width', width);
  }

  drawSoon() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = null; this.draw(); });
  }

  /** Draws the bars in view: cells (marked or not) and notes per lane, bar numbers and signatures on the ruler. */
  draw() {
    if (!this.piece) return;
    const left = this.scroller.scrollLeft, right = left + (this.scroller.clientWidth || 960);
    const first = Math.max(0, this.barAt(left) - MARGIN_BARS);
    const last = Math.min(this.bars - 1, this.barAt(right) + MARGIN_BARS);
    this.root.dataset.firstBar = first + 1;
    this.root.dataset.lastBar = last + 1;
    this.drawRuler(first, last);
    this.tracks.forEach((t, i) => { this.lanes[i].innerHTML = this.laneHtml(t, i, first, last); });
  }

  drawRuler(first, last) {
    const every = this.x(48) < 28 ? 4 : 1; // number every bar only where the numbers fit
    let html = '';
    const sigs = this.piece.timeSignatures;
    for (let b = first; b <= last; b++) {
      const x = this.x(this.starts[b]);
      html += `<line x1="${x}" x2="${x}" y1="${RULER - 8}" y2="${RULER}" class="tick"/>`;
      if (b % every === 0) html += `<text x="${x + 3}" y="12" class="bar-number">${b + 1}</text>`;
      const ts = sigs[b], before = sigs[b - 1];
      if (b === 0 || ts.numerator !== before.numerator || ts.denominator !== before.denominator) {
        html += `<text x="${x + 3}" y="${RULER - 3}" class="signature">${ts.numerator}/${ts.denominator}</text>`;
      }
    }
    this.ruler.innerHTML = html;
  }

  laneHtml(t, i, first, last) {
    const colour = trackColour(t.program, t.drum);
    const state = t.isNew ? ' generated' : t.action === 'regenerate' ? ' regenerate' : t.action === 'ignore' ? ' ignored' : '';
    let html = '';
    for (let b = first; b <= last; b++) {
      const x = this.x(this.starts[b]), w = this.x(this.starts[b + 1]) - x;
      const marked = t.action === 'infill' && t.bars.has(b + 1) ? ' marked' : '';
      html += `<rect class="cell${b % 2 ? ' odd' : ''}${state}${marked}" x="${x}" y="0" width="${w}" height="${LANE}" data-bar="${b + 1}"/>`;
    }
    const track = this.piece.tracks[i];
    if (!track) return html;
    const [lo, hi] = this.ranges[i];
    const rowH = (LANE - 6) / (hi - lo + 1);
    for (let b = first; b <= last; b++) {
      const start = this.starts[b];
      for (const n of track.bars[b].notes) {
        const x = this.x(start + n.onset);
        const w = Math.max(2, this.x(t.drum ? 3 : n.duration) - 1);
        const y = 3 + (hi - n.pitch) * rowH;
        html += `<rect class="note" x="${x}" y="${y}" width="${w}" height="${Math.max(2, rowH)}" fill="${colour}"/>`;
      }
    }
    return html;
  }

  // ---- selection: click a cell, or drag across cells of one or several tracks ----

  cellAt(e) {
    const box = this.canvas.getBoundingClientRect();
    const y = e.clientY - box.top - RULER;
    return { track: clamp(Math.floor(y / LANE), 0, this.tracks.length - 1), bar: this.barAt(e.clientX - box.left) };
  }

  pointerDown(e) {
    if (!this.piece || e.button !== 0 || !e.target.closest('svg.lane')) return;
    const cell = this.cellAt(e);
    const t = this.tracks[cell.track];
    if (t.isNew) return;
    this.drag = { from: cell, to: cell, adding: !(t.action === 'infill' && t.bars.has(cell.bar + 1)) };
    this.canvas.setPointerCapture(e.pointerId);
    this.showBand();
  }

  pointerMove(e) {
    if (!this.drag) return;
    this.drag.to = this.cellAt(e);
    this.showBand();
  }

  pointerUp(e) {
    if (!this.drag) return;
    this.drag.to = this.cellAt(e);
    const { from, to, adding } = this.drag;
    this.endDrag();
    const [t0, t1] = [Math.min(from.track, to.track), Math.max(from.track, to.track)];
    const [b0, b1] = [Math.min(from.bar, to.bar), Math.max(from.bar, to.bar)];
    for (let i = t0; i <= t1; i++) {
      const t = this.tracks[i];
      if (t.isNew) continue;
      if (t.action !== 'infill') { t.action = 'infill'; t.bars.clear(); }
      for (let b = b0; b <= b1; b++) adding ? t.bars.add(b + 1) : t.bars.delete(b + 1);
      if (!t.bars.size) t.action = 'keep';
    }
    this.changed();
  }

  endDrag() {
    this.drag = null;
    this.band.hidden = true;
  }

  showBand() {
    const { from, to } = this.drag;
    const b0 = Math.min(from.bar, to.bar), b1 = Math.max(from.bar, to.bar);
    const t0 = Math.min(from.track, to.track), t1 = Math.max(from.track, to.track);
    Object.assign(this.band.style, {
      left: this.x(this.starts[b0]) + 'px', width: this.x(this.starts[b1 + 1] - this.starts[b0]) + 'px',
      top: RULER + t0 * LANE + 'px', height: (t1 - t0 + 1) * LANE + 'px',
    });
    this.band.hidden = false;
  }

  /** Esc: every track back to keep, no bar marked. */
  clearMarks() {
    for (const t of this.tracks || []) if (!t.isNew) { t.action = 'keep'; t.bars.clear(); }
    this.changed();
  }

  /** Redraws after the model changed outside (typed bars, a new action), without rebuilding the lanes. */
  changed() {
    this.heads.querySelectorAll('.lane-action').forEach((select, i) => { select.value = this.tracks[i].action; });
    this.draw();
    this.hooks.changed();
  }

  /** Moves the playhead to `tick` (grid ticks from the start), keeping it in view; null hides it. */
  setPlayhead(tick) {
    if (!this.playhead) return;
    if (tick == null) { this.playhead.hidden = true; return; }
    const x = this.x(tick);
    this.playhead.style.left = x + 'px';
    this.playhead.hidden = false;
    const { scrollLeft, clientWidth } = this.scroller;
    if (x < scrollLeft || x > scrollLeft + clientWidth - 40) this.scroller.scrollLeft = Math.max(0, x - 80);
  }
}

/** The lowest and highest pitch of a track, widened a little so notes do not touch the lane's edges. */
function pitchRange(track) {
  let lo = 127, hi = 0;
  for (const bar of track ? track.bars : []) for (const n of bar.notes) { lo = Math.min(lo, n.pitch); hi = Math.max(hi, n.pitch); }
  if (lo > hi) return [48, 72];
  const pad = Math.max(2, 12 - (hi - lo)) / 2;
  return [Math.max(0, Math.floor(lo - pad)), Math.min(127, Math.ceil(hi + pad))];
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

"use strict";
// The interactive time-lapse. Reads the data (PageData.swift documents its fields; every word
// about the training comes from the scene, D.words and the per-snapshot lists) and the words
// about the page's own controls (W) from the two JSON script elements; draws the map on a canvas each animation frame
// while playing or when something changes. No network: everything is in this file.
(() => {
  const $ = (id) => document.getElementById(id);
  const D = JSON.parse($("data").textContent);
  const W = JSON.parse($("words").textContent);
  const S = D.snapshots.length, C = D.classes.length;
  const fill = (t, v) => t.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));
  /** A class name as an element of its own whose direction comes from its own letters
   *  (`<bdi>`): a right-to-left name reads right to left and keeps its place in a sentence of
   *  either direction. */
  function isolated(text) {
    const e = document.createElement("bdi");
    e.textContent = text;
    return e;
  }
  /** Fills element `el` with template `t`, each {key} of `v` isolated (see `isolated`). */
  function sentence(el, t, v) {
    el.replaceChildren(...t.split(/\{(\w+)\}/).map((part, j) => (j % 2 === 0 ? part : part in v ? isolated(v[part]) : `{${part}}`)));
  }
  // A number as the scene writes it: at most two decimals, the language's decimal mark.
  const decimal = (x) => String(Math.round(x * 100) / 100).replace(".", D.words.decimal);

  // ---- Data ---------------------------------------------------------------------------------
  function bytes(b64) {
    const s = atob(b64), out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function indices(b64) {
    const b = bytes(b64);
    if (D.indexBytes === 1) return b;
    const v = new DataView(b.buffer), out = new Uint16Array(b.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = v.getUint16(2 * i, true);
    return out;
  }
  const labels = indices(D.labels), N = labels.length;
  const guesses = indices(D.guesses); // [S][N]
  // Coordinates [S][N][2], decoded from 16 bits; NaN where missing.
  const xy = (() => {
    const b = bytes(D.coords.data), v = new DataView(b.buffer), out = new Float32Array(b.length / 2);
    const [x0, x1, y0, y1] = D.coords.box, steps = D.coords.steps;
    for (let i = 0; i < out.length; i++) {
      const q = v.getUint16(2 * i, true);
      const [lo, hi] = i % 2 === 0 ? [x0, x1] : [y0, y1];
      out[i] = q === 65535 ? NaN : lo + (q / steps) * (hi - lo);
    }
    return out;
  })();
  const members = Array.from({ length: C }, () => []);
  for (let i = 0; i < N; i++) members[labels[i]].push(i);
  const guess = (k, i) => guesses[k * N + i];

  // ---- Style ---------------------------------------------------------------------------------
  const st = D.style, root = document.documentElement.style;
  root.setProperty("--bg", st.background); root.setProperty("--text", st.text);
  root.setProperty("--muted", st.muted); root.setProperty("--highlight", st.highlight);
  root.setProperty("--better", st.better); root.setProperty("--worse", st.worse); root.setProperty("--card", st.card);
  root.setProperty("--font", JSON.stringify(st.font));
  document.documentElement.style.colorScheme = st.dark ? "dark" : "light";
  const ease = {
    linear: (t) => t,
    smoothstep: (t) => t * t * (3 - 2 * t),
    cubic: (t) => (t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2),
  }[st.easing] || ((t) => t);

  // ---- Pictures ------------------------------------------------------------------------------
  const sheets = D.atlas ? D.atlas.sheets.map((src) => { const im = new Image(); im.src = src; return im; }) : [];
  const sheetsReady = Promise.all(sheets.map((im) => im.decode()));
  /** Draws sample i's picture into a canvas context, fitted into the box (x, y, w, h): centred,
   *  its aspect ratio kept. Exact (lossless) pictures are enlarged as crisp pixels; photographs
   *  (lossy) and any picture drawn smaller than stored are smoothed. */
  function drawPicture(ctx, i, x, y, w, h) {
    if (!D.atlas) return;
    const a = D.atlas, k = i % a.perSheet, sheet = sheets[Math.floor(i / a.perSheet)];
    const s = Math.min(w / a.width, h / a.height), dw = a.width * s, dh = a.height * s;
    ctx.imageSmoothingEnabled = !a.lossless || s < 1;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(sheet, (k % a.columns) * a.cellWidth, Math.floor(k / a.columns) * a.cellHeight, a.width, a.height,
      x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
  }
  function pictureCanvas(i, side) {
    const c = document.createElement("canvas");
    c.width = side; c.height = side;
    sheetsReady.then(() => drawPicture(c.getContext("2d"), i, 0, 0, side, side));
    return c;
  }

  // ---- State ---------------------------------------------------------------------------------
  const state = { pos: 0, playing: false, speed: 1, only: -1, mistakesOnly: false, hover: -1, pinned: -1, guide: -1 };
  const nearest = () => Math.min(S - 1, Math.round(state.pos));
  const when = (k) => D.when[k];
  const percent = (x) => fill(D.words.percent, { n: Math.round(x * 100) });

  // ---- Map -----------------------------------------------------------------------------------
  const map = $("map"), mctx = map.getContext("2d");
  let box = { w: 1, h: 1, scale: 1, dx: 0, dy: 0 };
  const px = new Float32Array(2 * N); // current pixel positions (CSS px)
  /** The frames' transform (ViewBox.transform): equal scale on both axes, centred, y up. */
  function layoutMap() {
    const r = map.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    map.width = Math.round(r.width * dpr); map.height = Math.round(r.height * dpr);
    mctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [vx0, vx1, vy0, vy1] = D.view;
    const scale = Math.min(r.width / (vx1 - vx0), r.height / (vy1 - vy0));
    box = { w: r.width, h: r.height, scale, dx: r.width / 2 - ((vx0 + vx1) / 2) * scale, dy: r.height / 2 + ((vy0 + vy1) / 2) * scale };
  }
  /** The frames' rule (Style.dotRadius), computed once by the scene. */
  const radius = () => st.dotRadius;
  /** Outliers beyond the view are drawn at its edge, their rings still whole. */
  function toPixel(x, y, out, j) {
    const edge = radius() + 4;
    out[j] = Math.min(box.w - edge, Math.max(edge, box.dx + x * box.scale));
    out[j + 1] = Math.min(box.h - edge, Math.max(edge, box.dy - y * box.scale));
  }
  function positions() {
    const a = Math.floor(state.pos), b = Math.min(S - 1, a + 1), t = ease(state.pos - a);
    const oa = a * 2 * N, ob = b * 2 * N;
    for (let i = 0; i < N; i++) {
      const j = 2 * i;
      let x = xy[oa + j], y = xy[oa + j + 1];
      const x2 = xy[ob + j], y2 = xy[ob + j + 1];
      if (Number.isFinite(x2) && Number.isFinite(x)) { x += (x2 - x) * t; y += (y2 - y) * t; }
      if (!Number.isFinite(x)) { px[j] = NaN; px[j + 1] = NaN; continue; }
      toPixel(x, y, px, j);
    }
  }
  const visible = (i, k) => !state.mistakesOnly || guess(k, i) !== labels[i];
  // Dots and rings are blended straight into the canvas's pixels from coverage masks made once
  // (as the frames' PointStamper does): thousands of anti-aliased canvas arcs per frame are too
  // slow for 60 frames/s where the browser draws canvases in software.
  let pixels = null, words32 = null, dotMask = null;
  const rgb = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
  const classRGB = D.colors.map(rgb), backgroundRGB = rgb(st.background), wrongRGB = rgb(st.wrong);
  /** The frames' encoding (DotColours): the class's colour when named right, the pale wrong
   *  tone when not, blended from snapshot a's to b's by t as the dots move. */
  const mixed = [0, 0, 0];
  function dotRGB(i, a, b, t) {
    const c = labels[i], ca = guess(a, i) === c ? classRGB[c] : wrongRGB, cb = guess(b, i) === c ? classRGB[c] : wrongRGB;
    if (ca === cb) return ca;
    for (let k = 0; k < 3; k++) mixed[k] = ca[k] + (cb[k] - ca[k]) * t;
    return mixed;
  }
  const backgroundWord = (255 << 24 | backgroundRGB[2] << 16 | backgroundRGB[1] << 8 | backgroundRGB[0]) >>> 0;
  /** The pixels a disc of radius `outer` minus one of radius `inner` covers (4×4 supersampled,
   *  centred on a pixel centre): their offsets in a canvas `width` wide, and their coverage 0…1. */
  function mask(outer, inner, width) {
    const half = Math.ceil(outer), offsets = [], cover = [];
    for (let y = -half; y <= half; y++) for (let x = -half; x <= half; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const dx = x + (sx + 0.5) / 4 - 0.5, dy = y + (sy + 0.5) / 4 - 0.5, d = dx * dx + dy * dy;
        if (d <= outer * outer && d >= inner * inner) hits++;
      }
      if (hits) { offsets.push(y * width + x); cover.push(hits / 16); }
    }
    return { half, offsets: Int32Array.from(offsets), cover: Float32Array.from(cover) };
  }
  /** Blends `colour` at `alpha` times the mask's coverage into the pixels around (x, y); points
   *  whose mask would cross the canvas's edge are left out (the view keeps them inside). */
  function stamp(m, x, y, colour, alpha) {
    const w = map.width, cx = Math.round(x), cy = Math.round(y);
    if (cx < m.half || cy < m.half || cx >= w - m.half || cy >= map.height - m.half) return;
    const base = cy * w + cx, r = colour[0], g = colour[1], b = colour[2], offsets = m.offsets, cover = m.cover;
    for (let k = 0; k < offsets.length; k++) {
      const a = cover[k] * alpha, at = base + offsets[k], v = words32[at];
      const dr = v & 255, dg = (v >>> 8) & 255, db = (v >>> 16) & 255;
      words32[at] = (0xFF000000 | ((db + (b - db) * a) << 16) | ((dg + (g - dg) * a) << 8) | (dr + (r - dr) * a)) >>> 0;
    }
  }
  function drawMap() {
    positions();
    const k = nearest(), r = radius(), dpr = map.width / box.w;
    if (!pixels || pixels.width !== map.width || pixels.height !== map.height) {
      pixels = mctx.createImageData(map.width, map.height);
      words32 = new Uint32Array(pixels.data.buffer);
      dotMask = mask(r * dpr, 0, map.width);
    }
    words32.fill(backgroundWord);
    const a = Math.floor(state.pos), b = Math.min(S - 1, a + 1), t = ease(state.pos - a);
    // Dimmed classes first, then pale (wrong) dots, so coloured islands are never covered.
    const pass = (dim, pale) => {
      const alpha = dim ? 0.12 : st.pointAlpha;
      for (let c = 0; c < C; c++) {
        if ((state.only >= 0 && c !== state.only) !== dim) continue;
        for (const i of members[c]) {
          const x = px[2 * i], y = px[2 * i + 1];
          if (x !== x || !visible(i, k) || (guess(b, i) !== c) !== pale) continue;
          stamp(dotMask, x * dpr, y * dpr, dotRGB(i, a, b, t), alpha);
        }
      }
    };
    pass(true, true); pass(true, false); pass(false, true); pass(false, false);
    mctx.putImageData(pixels, 0, 0);
    drawMark(k);
    drawLabels(a, b, t);
    // Gallery pictures are circled in the text colour, as in the frames.
    const gallery = D.gallery[k];
    mctx.strokeStyle = st.text; mctx.lineWidth = 1.5;
    if (gallery) for (const i of gallery.samples) ring(i, r + 5);
    if (state.guide >= 0) {
      // The reading guide's lit pictures, ringed as the frames light them.
      mctx.lineWidth = 2.5; mctx.strokeStyle = st.text;
      for (const i of D.guide.screens[state.guide].lit) ring(i, r + 4);
    }
    if (state.pinned >= 0) drawPath(state.pinned);
    const focus = state.hover >= 0 ? state.hover : state.pinned;
    if (focus >= 0) { mctx.lineWidth = 3; mctx.strokeStyle = st.text; ring(focus, r + 7); }
  }
  /** The caption's place circled in the accent colour, as in the frames (MapMark). */
  function drawMark(k) {
    const m = D.marks[k];
    if (!m) return;
    const p = [0, 0];
    toPixel(m[0], m[1], p, 0);
    mctx.strokeStyle = st.accent; mctx.lineWidth = 2.5;
    mctx.beginPath(); mctx.arc(p[0], p[1], m[2] * box.scale + 2 * radius(), 0, 2 * Math.PI); mctx.stroke();
  }
  /** The featured classes' names (or the groups') beside their islands (MapLabels), moving
   *  from snapshot a's place to b's: a pale card, a bar in its colour, the name, set in the
   *  direction of its own letters. */
  function drawLabels(a, b, t) {
    const to = new Map(D.mapLabels[b].map((l) => [l[0], l]));
    mctx.font = `bold 13px ${st.font}, sans-serif`; mctx.textBaseline = "middle"; mctx.textAlign = "left";
    const p = [0, 0];
    for (const l of D.mapLabels[a]) {
      const e = to.get(l[0]) || l, c = l[0];
      if (state.only >= 0 && c !== labelOf(state.only)) continue;
      toPixel(l[1] + (e[1] - l[1]) * t, l[2] + (e[2] - l[2]) * t, p, 0);
      mctx.direction = labelDirections[c];
      const name = D.labelNames[c], w = mctx.measureText(name).width + 10, h = 19, x = p[0] - w / 2, y = p[1] - h / 2;
      mctx.globalAlpha = 0.82; mctx.fillStyle = st.background; mctx.fillRect(x, y, w, h); mctx.globalAlpha = 1;
      mctx.fillStyle = D.labelColors[c]; mctx.fillRect(x, y + 3, 3, h - 6);
      mctx.fillStyle = st.text; mctx.fillText(name, x + 6, p[1]);
    }
  }
  function ring(i, rr) {
    const x = px[2 * i], y = px[2 * i + 1];
    if (x !== x) return;
    mctx.beginPath(); mctx.arc(x, y, rr, 0, 2 * Math.PI); mctx.stroke();
  }
  /** A pinned sample's path through all snapshots, dotted at each in the colour of its guess. */
  function drawPath(i) {
    const p = new Float32Array(2 * S);
    for (let k = 0; k < S; k++) toPixel(xy[k * 2 * N + 2 * i], xy[k * 2 * N + 2 * i + 1], p, 2 * k);
    mctx.strokeStyle = st.text; mctx.lineWidth = 1.5; mctx.beginPath();
    for (let k = 0; k < S; k++) if (p[2 * k] === p[2 * k]) (k ? mctx.lineTo : mctx.moveTo).call(mctx, p[2 * k], p[2 * k + 1]);
    mctx.stroke();
    for (let k = 0; k < S; k++) {
      if (p[2 * k] !== p[2 * k]) continue;
      mctx.fillStyle = D.colors[guess(k, i)];
      mctx.beginPath(); mctx.arc(p[2 * k], p[2 * k + 1], 3, 0, 2 * Math.PI); mctx.fill();
    }
  }
  /** The visible sample nearest to (x, y) in CSS px within `reach`, else −1. */
  function pick(x, y, reach) {
    const k = nearest();
    let best = -1, bestD = reach * reach;
    for (let i = 0; i < N; i++) {
      if (!visible(i, k) || (state.only >= 0 && labels[i] !== state.only)) continue;
      const dx = px[2 * i] - x, dy = px[2 * i + 1] - y, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  // ---- The picture under the pointer -----------------------------------------------------------
  const tip = $("tip"), tipImage = $("tip-image").getContext("2d"), tipHistory = $("tip-history").getContext("2d");
  function showTip() {
    const i = state.hover >= 0 ? state.hover : state.pinned;
    if (i < 0) { tip.hidden = true; return; }
    const k = nearest(), truth = labels[i], g = guess(k, i);
    sentence($("tip-truth"), W.truth, { kind: D.kind, name: D.classes[truth] });
    sentence($("tip-guess"), g === truth ? W.guessRight : W.guessWrong, { name: D.classes[g] });
    $("tip-image").style.borderColor = D.colors[g];
    tipImage.clearRect(0, 0, 112, 112);
    drawPicture(tipImage, i, 0, 0, 112, 112);
    // Guess history: one cell per snapshot in the colour of the guess; right guesses full height.
    const w = 220 / S;
    tipHistory.clearRect(0, 0, 220, 22);
    let first = -1, forgotten = -1;
    for (let s = 0; s < S; s++) {
      const right = guess(s, i) === truth;
      if (right && first < 0) first = s;
      if (!right && first >= 0 && forgotten < 0) forgotten = s;
      tipHistory.fillStyle = D.colors[guess(s, i)];
      tipHistory.fillRect(s * w, right ? 2 : 11, Math.max(1, w - 1), right ? 18 : 9);
    }
    tipHistory.fillStyle = st.text;
    tipHistory.fillRect(Math.min(219, state.pos * w + w / 2 - 1), 0, 2, 22);
    $("tip-story").textContent = [first === 0 ? W.alwaysRecognised : first > 0 ? fill(W.firstRecognised, { when: when(first) }) : W.neverRecognised,
      forgotten > 0 ? fill(W.forgotten, { when: when(forgotten) }) : ""].join(" ").trim();
    $("tip-pin").textContent = state.pinned === i ? W.pinned : W.pin;
    tip.hidden = false;
    const x = px[2 * i], y = px[2 * i + 1], tw = tip.offsetWidth, th = tip.offsetHeight;
    if (state.hover < 0) {
      // A pinned dot's panel waits in the corner, leaving its path in view.
      tip.style.left = `${Math.max(0, box.w - tw)}px`; tip.style.top = "0px";
      return;
    }
    tip.style.left = `${x + 16 + tw > box.w ? Math.max(0, x - 16 - tw) : x + 16}px`;
    tip.style.top = `${Math.min(Math.max(0, y - th / 2), Math.max(0, box.h - th))}px`;
  }
  map.addEventListener("pointermove", (e) => {
    const r = map.getBoundingClientRect();
    const i = pick(e.clientX - r.left, e.clientY - r.top, 12);
    if (i !== state.hover) { state.hover = i; requestDraw(); }
  });
  map.addEventListener("pointerleave", () => { state.hover = -1; requestDraw(); });
  map.addEventListener("click", (e) => {
    const r = map.getBoundingClientRect();
    const i = pick(e.clientX - r.left, e.clientY - r.top, 16);
    state.pinned = i === state.pinned ? -1 : i;
    requestDraw();
  });

  // ---- Panels --------------------------------------------------------------------------------
  const rows = [];
  const tbody = $("classes").querySelector("tbody");
  for (let c = 0; c < C; c++) {
    const tr = document.createElement("tr"), name = document.createElement("td");
    const b = document.createElement("button");
    b.type = "button"; b.className = "class-button"; b.setAttribute("aria-pressed", "false");
    b.setAttribute("aria-label", fill(W.showClass, { name: D.classes[c] }));
    const sw = document.createElement("span");
    sw.className = "swatch"; sw.style.background = D.colors[c];
    b.append(sw);
    if (D.examples[c] !== null && D.atlas) { const ex = pictureCanvas(D.examples[c], Math.round(24 * devicePixelRatio)); ex.className = "example"; b.append(ex); }
    const label = isolated(D.classes[c]);
    label.className = "name";
    b.append(label);
    if (D.groupOf) { const g = isolated(D.labelNames[D.groupOf[c]]); g.className = "group"; b.append(g); }
    b.addEventListener("click", () => { state.only = state.only === c ? -1 : c; shownK = -1; requestDraw(); });
    name.append(b);
    const count = document.createElement("td"), now = document.createElement("td"), change = document.createElement("td");
    tr.append(name, count, now, change); tbody.append(tr);
    rows.push({ tr, b, count, now, change });
  }
  // What the map's labels name (a class, or its group) and each label's direction, as the
  // browser finds it from the letters.
  const labelOf = (c) => (D.groupOf ? D.groupOf[c] : c);
  const labelDirections = D.labelNames.map((name) => {
    const probe = isolated(name);
    document.body.append(probe);
    const direction = getComputedStyle(probe).direction;
    probe.remove();
    return direction;
  });
  $("table-title").textContent = D.words.tableTitle;
  $("table-change").textContent = D.words.tableChange;
  $("learned-note").textContent = D.words.learnedNote;
  $("curve-title").textContent = D.words.curveTitle;
  /** The scene's table at snapshot k: counts, percentages and changes as the frames show them. */
  function drawTable(k) {
    const marked = D.highlight[k] ? D.highlight[k].row : -1;
    for (let c = 0; c < C; c++) {
      const row = rows[c], r = D.rows[k][c];
      row.count.textContent = r.count;
      row.now.textContent = r.learned ? `${r.percent} ${D.words.learnedMark}` : r.percent;
      row.change.textContent = r.change;
      row.change.className = r.points > 0 ? "better" : r.points < 0 ? "worse" : "";
      row.b.setAttribute("aria-pressed", String(state.only === c));
      row.tr.classList.toggle("dimmed", state.only >= 0 && state.only !== c);
      row.tr.classList.toggle("changed", c === marked);
    }
    $("highlight-reason").textContent = D.highlight[k] ? D.highlight[k].reason : "";
  }
  const curve = $("curve"), cctx = curve.getContext("2d");
  function drawCurve() {
    const r = curve.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    if (curve.width !== Math.round(r.width * dpr)) { curve.width = Math.round(r.width * dpr); curve.height = Math.round(r.height * dpr); }
    cctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    cctx.clearRect(0, 0, r.width, r.height);
    const left = 44, right = r.width - 6, top = 6, bottom = r.height - 8;
    const X = (k) => left + (S > 1 ? (k / (S - 1)) * (right - left) : 0), Y = (a) => bottom - a * (bottom - top);
    cctx.font = `11px ${st.font}, sans-serif`; cctx.fillStyle = st.muted; cctx.strokeStyle = st.muted; cctx.lineWidth = 1;
    cctx.textAlign = "right"; cctx.textBaseline = "middle";
    for (const a of [0, 0.5, 1]) {
      cctx.fillText(percent(a), left - 4, Y(a));
      cctx.globalAlpha = 0.35; cctx.beginPath(); cctx.moveTo(left, Y(a)); cctx.lineTo(right, Y(a)); cctx.stroke(); cctx.globalAlpha = 1;
    }
    D.snapshots.forEach((s, k) => { if (s.epochEnd && k > 0) { cctx.beginPath(); cctx.moveTo(X(k), bottom); cctx.lineTo(X(k), bottom + 5); cctx.stroke(); } });
    cctx.strokeStyle = st.text; cctx.lineWidth = 2; cctx.beginPath();
    D.accuracy.forEach((a, k) => (k ? cctx.lineTo(X(k), Y(a)) : cctx.moveTo(X(k), Y(a))));
    cctx.stroke();
    const a = Math.floor(state.pos), b = Math.min(S - 1, a + 1), t = state.pos - a;
    const acc = D.accuracy[a] + (D.accuracy[b] - D.accuracy[a]) * t;
    cctx.fillStyle = st.text; cctx.beginPath(); cctx.arc(X(state.pos), Y(acc), 4.5, 0, 2 * Math.PI); cctx.fill();
  }
  function drawWords(k) {
    $("title").textContent = D.titles[k];
    $("details").textContent = D.details[k];
    $("details-label").textContent = W.details;
    drawKey(k);
    const summary = $("summary");
    summary.hidden = k !== S - 1;
    summary.replaceChildren(...D.summary.lines.map((t, i) => {
      const p = document.createElement(i === 0 ? "h2" : "p"); p.textContent = t; return p;
    }));
    const caps = $("captions");
    caps.replaceChildren(...(D.captions[k].length ? D.captions[k] : [W.noCaptions]).map((t) => {
      const li = document.createElement("li"); li.textContent = t; return li;
    }));
    const g = D.gallery[k], box = $("gallery");
    $("gallery-title").textContent = g ? g.title : "";
    $("gallery-note").textContent = g ? g.note : D.words.galleryEmpty;
    $("gallery-hint").textContent = g ? W.galleryHint : "";
    box.replaceChildren(...(g ? g.samples : []).map((i) => {
      const b = document.createElement("button");
      b.type = "button"; b.style.borderColor = D.colors[guess(k, i)];
      b.setAttribute("aria-label", fill(W.galleryItem, { truth: D.classes[labels[i]], predicted: D.classes[guess(k, i)] }));
      b.append(pictureCanvas(i, 56));
      b.addEventListener("click", () => { state.pinned = i; requestDraw(); map.scrollIntoView({ block: "nearest" }); });
      return b;
    }));
    $("when").textContent = when(k);
    slider.setAttribute("aria-valuetext", when(k));
  }

  // ---- Time ----------------------------------------------------------------------------------
  const slider = $("slider"), play = $("play");
  slider.max = String(S - 1);
  const ticks = $("ticks");
  D.snapshots.forEach((s, k) => {
    if (!s.epochEnd) return;
    const t = document.createElement("span");
    t.style.left = `${S > 1 ? (k / (S - 1)) * 100 : 0}%`;
    t.textContent = k === 0 ? D.words.timelineStart : D.tick[k];
    ticks.append(t);
  });
  let shownK = -1;
  function seek(pos) {
    state.pos = Math.min(S - 1, Math.max(0, pos));
    slider.value = String(state.pos);
    requestDraw();
  }
  function setPlaying(on) {
    if (on && state.guide >= 0) showGuide(D.guide.screens.length);
    if (on && state.pos >= S - 1) state.pos = 0;
    state.playing = on && S > 1;
    play.textContent = state.playing ? W.pause : W.play;
    play.setAttribute("aria-pressed", String(state.playing));
    last = performance.now();
    requestDraw();
  }
  play.addEventListener("click", () => setPlaying(!state.playing));
  slider.addEventListener("input", () => { state.pos = Number(slider.value); requestDraw(); });
  $("speed").addEventListener("change", (e) => { state.speed = Number(e.target.value); });
  $("mistakes").addEventListener("change", (e) => { state.mistakesOnly = e.target.checked; requestDraw(); });
  document.addEventListener("keydown", (e) => {
    const tag = e.target.tagName, type = e.target.type;
    if (type === "search") return; // typing in the find box: a space is a space, arrows move the caret
    if (e.key === " " && !(tag === "BUTTON" || tag === "SELECT" || type === "checkbox")) {
      e.preventDefault(); setPlaying(!state.playing);
    } else if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && tag !== "SELECT") {
      e.preventDefault(); setPlaying(false);
      seek(e.key === "ArrowRight" ? Math.floor(state.pos + 1e-6) + 1 : Math.ceil(state.pos - 1e-6) - 1);
    }
  });
  // The moment in the address: #snapshot=K (0-based), kept when it changes, read on load.
  function fromHash() {
    const m = /snapshot=(\d+)/.exec(location.hash);
    if (m && Number(m[1]) !== shownK) seek(Number(m[1]));
  }
  window.addEventListener("hashchange", fromHash);
  /** The key under the map at snapshot k, as in the frames: what a dot means, then the colour
   *  rule, each colour with its swatch ("named right" in the colour most on the map then). */
  function drawKey(k) {
    const item = (t, colour) => {
      const li = document.createElement("li");
      if (colour) { const sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = colour; li.append(sw); }
      li.append(t); return li;
    };
    // The first swatch ("named right") in the colour most on the map at snapshot k.
    const entries = D.key.map(([colour, text], i) => [i === 0 && D.keyClass[k] !== null ? D.colors[D.keyClass[k]] : colour, text]);
    $("key").replaceChildren(item(D.words.keyDots), ...entries.map(([colour, text]) => item(text, colour)));
  }

  // ---- The loop ------------------------------------------------------------------------------
  let pending = false, last = 0;
  function requestDraw() { if (!pending) { pending = true; requestAnimationFrame(frame); } }
  function frame(now) {
    pending = false;
    if (state.playing) {
      state.pos = Math.min(S - 1, state.pos + (Math.max(0, now - last) / 1000) * state.speed / st.secondsPerSnapshot);
      last = now;
      slider.value = String(state.pos);
      if (state.pos >= S - 1) setPlaying(false);
    }
    const k = nearest();
    if (k !== shownK) {
      shownK = k; drawWords(k); drawTable(k);
      if (location.hash !== `#snapshot=${k}`) location.replace(`#snapshot=${k}`);
    }
    drawMap(); drawCurve(); showTip();
    if (state.playing) requestDraw();
  }
  // ---- The reading guide: the frames' screens, one at a time, before the story; skippable --
  function showGuide(g) {
    state.guide = g < D.guide.screens.length ? g : -1;
    $("guide").hidden = state.guide < 0;
    if (state.guide >= 0) {
      $("guide-title").textContent = D.guide.title;
      $("guide-text").textContent = D.guide.screens[g].text;
      $("guide-next").textContent = g + 1 < D.guide.screens.length ? W.guideNext : W.guideDone;
    }
    requestDraw();
  }
  $("guide-skip").textContent = W.guideSkip;
  $("guide-next").textContent = W.guideNext;
  $("guide-next").addEventListener("click", () => showGuide(state.guide + 1));
  $("guide-skip").addEventListener("click", () => showGuide(D.guide.screens.length));
  // ---- Find a kind by typing its name (any class count) --------------------------------------
  const find = $("find");
  find.placeholder = D.words.findKind; find.setAttribute("aria-label", D.words.findKind);
  find.hidden = C <= 12;
  // A class is found by its name or its group's. Names and what is typed are compared in one
  // Unicode form (NFC), so a letter typed as one character finds the same letter stored as a
  // base and a combining mark (Devanagari's nukta).
  const folded = (t) => t.normalize("NFC").toLocaleLowerCase();
  const names = D.classes.map((name, c) => folded(D.groupOf ? `${name} ${D.labelNames[D.groupOf[c]]}` : name));
  find.addEventListener("input", () => {
    const q = folded(find.value.trim());
    rows.forEach((row, c) => { row.tr.hidden = q !== "" && !names[c].includes(q); });
  });
  new ResizeObserver(() => { layoutMap(); requestDraw(); }).observe($("map-box"));
  layoutMap();
  if (!location.hash) showGuide(0);
  fromHash();
  requestDraw();
  sheetsReady.then(() => { document.body.dataset.ready = "true"; requestDraw(); });
})();

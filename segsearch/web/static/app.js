// segsearch page: class queries, example search with clickable query objects, results with the
// matched segments outlined, paging, and a detail view with "more like this object".
"use strict";
const $ = (sel) => document.querySelector(sel);
const PAGE = 24;
let colours = {};
let state = { mode: null, q: "", offset: 0, file: null, object: null };

function setStatus(text, error = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", error);
}

async function api(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || body.detail?.[0]?.msg || body.detail || response.statusText);
  return body;
}

function box(bbox, width, height, cls, label) {
  const [x0, y0, x1, y1] = bbox;
  const div = document.createElement("div");
  div.className = "box";
  Object.assign(div.style, {
    left: `${(100 * x0) / width}%`, top: `${(100 * y0) / height}%`,
    width: `${(100 * (x1 - x0)) / width}%`, height: `${(100 * (y1 - y0)) / height}%`,
    borderColor: colours[cls] || "#f00",
  });
  const tag = document.createElement("span");
  tag.textContent = label;
  tag.style.background = colours[cls] || "#f00";
  div.append(tag);
  return div;
}

function stage(src, alt) {
  const wrap = document.createElement("div");
  wrap.className = "stage";
  const img = document.createElement("img");
  img.className = "photo";
  img.src = src;
  img.alt = alt;
  img.loading = "lazy";
  wrap.append(img);
  return wrap;
}

function showHits(hits, title) {
  const grid = $("#results");
  grid.replaceChildren();
  for (const [i, hit] of hits.entries()) {
    const card = document.createElement("figure");
    card.className = "card";
    card.dataset.imageId = hit.image_id;
    const st = stage(`/api/images/${hit.image_id}/thumb?size=320`, hit.path);
    for (const m of hit.matches) {
      const label = m.similarity === null ? m.class : `#${m.query_object} ${m.class} ${m.similarity.toFixed(2)}`;
      st.append(box(m.bbox, hit.width, hit.height, m.class, label));
    }
    const cap = document.createElement("figcaption");
    cap.innerHTML = `<b>${state.offset + i + 1}.</b> score ${hit.score.toFixed(3)}<div class="path"></div>`;
    cap.querySelector(".path").textContent = hit.path;
    card.append(st, cap);
    card.addEventListener("click", () => showDetail(hit.image_id));
    grid.append(card);
  }
  setStatus(hits.length ? title : "no matching images");
  $("#pager").hidden = !(state.offset > 0 || hits.length === PAGE);
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = hits.length < PAGE;
  $("#page").textContent = `results ${state.offset + 1}–${state.offset + hits.length}`;
}

async function runClassQuery() {
  setStatus("searching…");
  try {
    const url = `/api/search?q=${encodeURIComponent(state.q)}&k=${PAGE}&offset=${state.offset}`;
    const body = await api(url);
    showHits(body.hits, `images matching “${state.q}”`);
  } catch (e) { setStatus(e.message, true); }
}

function showQueryObjects(objects, src) {
  const section = $("#example");
  const st = stage(src, "your photo");
  const img = st.querySelector("img");
  img.onload = () => {
    for (const o of objects) {
      const b = box(o.bbox, img.naturalWidth, img.naturalHeight, o.class, `#${o.number} ${o.class}`);
      b.dataset.object = o.number;
      b.title = `search by object #${o.number} (${o.class}) only`;
      b.classList.toggle("chosen", state.object === o.number);
      b.addEventListener("click", () => { state.object = state.object === o.number ? null : o.number; state.offset = 0; runExample(); });
      st.append(b);
    }
  };
  $("#example-stage").replaceWith(st);
  st.id = "example-stage";
  section.hidden = false;
}

async function runExample() {
  setStatus("segmenting your photo and searching…");
  const form = new FormData();
  form.append("file", state.file);
  form.append("k", String(PAGE + state.offset));
  if (state.object) form.append("object", String(state.object));
  try {
    const body = await api("/api/search/image", { method: "POST", body: form });
    showQueryObjects(body.query_objects, URL.createObjectURL(state.file));
    const hits = body.hits.slice(state.offset);
    const what = body.whole_image ? "whole-image similarity (no objects found)"
      : state.object ? `images with objects like #${state.object}` : "images with objects like yours";
    showHits(hits, what);
  } catch (e) { setStatus(e.message, true); }
}

async function runSimilar(imageId, object) {
  $("#detail").close();
  setStatus("searching…");
  try {
    const body = await api(`/api/images/${imageId}/similar?object=${object}&k=${PAGE}`);
    $("#example").hidden = true;
    state = { mode: null, q: "", offset: 0, file: null, object: null };
    showHits(body.hits, `more like object #${object} of image ${imageId}`);
    $("#pager").hidden = true;
  } catch (e) { setStatus(e.message, true); }
}

async function showDetail(imageId) {
  const info = await api(`/api/images/${imageId}`);
  $("#detail-title").textContent = info.path;
  const st = stage(`/api/images/${imageId}/thumb?size=640`, info.path);
  for (const s of info.segments) {
    const mask = document.createElement("img");
    mask.className = "mask";
    mask.src = `/api/segments/${s.segment_id}/mask.png`;
    Object.assign(mask.style, {
      left: `${(100 * s.bbox[0]) / info.width}%`, top: `${(100 * s.bbox[1]) / info.height}%`,
      width: `${(100 * (s.bbox[2] - s.bbox[0])) / info.width}%`, height: `${(100 * (s.bbox[3] - s.bbox[1])) / info.height}%`,
    });
    st.append(mask, box(s.bbox, info.width, info.height, s.class, `#${s.object} ${s.class}`));
  }
  $("#detail-stage").replaceWith(st);
  st.id = "detail-stage";
  const list = $("#detail-segments");
  list.replaceChildren();
  for (const s of info.segments) {
    const li = document.createElement("li");
    li.textContent = `${s.class}, ${(100 * s.area).toFixed(1)}% of the image, confidence ${s.confidence.toFixed(2)} `;
    const more = document.createElement("button");
    more.textContent = "more like this object";
    more.addEventListener("click", () => runSimilar(imageId, s.object));
    li.append(more);
    list.append(li);
  }
  if (!info.segments.length) list.textContent = "no objects found in this image";
  $("#detail").showModal();
}

function chooseFile(file) {
  if (!file) return;
  state = { mode: "image", q: "", offset: 0, file, object: null };
  runExample();
}

async function init() {
  const info = await api("/api/classes");
  for (const c of info.classes) colours[c.name] = c.colour;
  $("#words").replaceChildren(...info.words.map((w) => Object.assign(document.createElement("option"), { value: w })));
  api("/api/stats").then((s) => { $("#stats").textContent = `${s.images} images · ${s.segments} objects`; }).catch(() => {});
  $("#query-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = $("#query").value.trim();
    if (!q) return setStatus("type a class query, e.g. car and person", true);
    state = { mode: "class", q, offset: 0, file: null, object: null };
    $("#example").hidden = true;
    runClassQuery();
  });
  $("#upload").addEventListener("change", (ev) => chooseFile(ev.target.files[0]));
  const drop = $("#drop");
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => { ev.preventDefault(); drop.classList.remove("over"); chooseFile(ev.dataTransfer.files[0]); });
  $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); rerun(); });
  $("#next").addEventListener("click", () => { state.offset += PAGE; rerun(); });
}

function rerun() { if (state.mode === "class") runClassQuery(); else if (state.mode === "image") runExample(); }

init().catch((e) => setStatus(e.message, true));

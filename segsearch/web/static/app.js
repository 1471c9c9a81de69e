// segsearch page: word queries, example search with clickable query objects, results with the
// matched segments outlined, paging, and a detail view with "more like this object". The state
// (query, upload id, image, object, page, any-class) lives in the URL, so Back, bookmarks and
// sharing work; an analysed upload is kept by the server under its content hash, so another object
// or page does not analyse the photo again.
"use strict";
const $ = (sel) => document.querySelector(sel);
const PAGE = 24;
let colours = {};
let state = { mode: null, q: "", offset: 0, upload: null, like: null, object: null, box: null, any: false, after: "", before: "" };

function dateParams(p) {
  // the date inputs' "until" day is included: the API's taken_before is the next day
  if (state.after) p.set("taken_after", state.after);
  if (state.before) {
    const next = new Date(`${state.before}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    p.set("taken_before", next.toISOString().slice(0, 10));
  }
  return p;
}
let localPhoto = null; // an object URL of the photo the user dropped, while it is the query

function toURL(st) {
  const p = new URLSearchParams();
  if (st.mode === "class") p.set("q", st.q);
  if (st.mode === "upload") p.set("upload", st.upload);
  if (st.mode === "like") p.set("like", String(st.like));
  if (st.object) p.set("object", String(st.object));
  if (st.box) p.set("box", st.box);
  if (st.offset) p.set("offset", String(st.offset));
  if (st.any) p.set("any", "1");
  if (st.after) p.set("after", st.after);
  if (st.before) p.set("before", st.before);
  const text = p.toString();
  return text ? `?${text}` : location.pathname;
}

function fromURL() {
  const p = new URLSearchParams(location.search);
  const st = { mode: null, q: "", offset: Number(p.get("offset") || 0), upload: null, like: null, box: null,
               object: p.get("object") ? Number(p.get("object")) : null, box: p.get("box"), any: p.get("any") === "1",
               after: p.get("after") || "", before: p.get("before") || "" };
  if (p.get("q")) Object.assign(st, { mode: "class", q: p.get("q") });
  else if (p.get("upload")) Object.assign(st, { mode: "upload", upload: p.get("upload") });
  else if (p.get("like")) Object.assign(st, { mode: "like", like: Number(p.get("like")) });
  return st;
}

function go(next, push = true) {
  state = next;
  if (push) history.pushState(null, "", toURL(state));
  else history.replaceState(null, "", toURL(state));
  $("#query").value = state.mode === "class" ? state.q : "";
  $("#any-class").checked = state.any;
  $("#after").value = state.after || "";
  $("#before").value = state.before || "";
  rerun();
}

function setStatus(text, error = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", error);
}

async function api(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw Object.assign(new Error(body.error || body.detail?.[0]?.msg || body.detail || response.statusText),
      { didYouMean: body.did_you_mean });
  }
  return body;
}

function offerCorrection(fix) {
  // a mistyped word: one click searches the query with the word the server suggested
  // (a mistyped phrase, "traffic lite", may have been typed with any spaces between its words)
  const escaped = fix.typed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
  const corrected = state.q.replace(new RegExp(`(^|[^\\p{L}])${escaped}(?=$|[^\\p{L}])`, "iu"), `$1${fix.meant}`);
  if (corrected === state.q) return;
  const link = Object.assign(document.createElement("a"), { id: "correction", href: toURL({ ...state, q: corrected, offset: 0 }),
    textContent: `search for “${corrected}”` });
  link.addEventListener("click", (ev) => { ev.preventDefault(); go({ ...state, q: corrected, offset: 0 }); });
  $("#status").append(" ", link);
}

function offerParts(parts) {
  // a search that found nothing: one click searches a condition that some photos meet alone, or
  // the thing alone where a count, size or colour of it found nothing ("two dogs": "dog")
  for (const part of parts.flatMap((p) => (p.broader ? [p, p.broader] : [p]))) {
    if (!part.searchable || !part.photos) continue;
    const link = Object.assign(document.createElement("a"), {
      className: "part", href: toURL({ ...state, q: part.said, offset: 0 }), textContent: `search for “${part.said}”` });
    link.addEventListener("click", (ev) => { ev.preventDefault(); go({ ...state, q: part.said, offset: 0 }); });
    $("#status").append(" ", link);
  }
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

// Labels of boxes whose top-left corners meet would cover each other ("#1 dining table" over "#3
// table"): each label, in drawing order, moves down its box below any label drawn before it that it
// covers, while it stays inside its box (a label that cannot is left where it is). Run again
// whenever the stage changes size, since boxes scale with the photo and labels do not.
function declutter(wrap) {
  const placed = [];
  for (const tag of wrap.querySelectorAll(".box > span")) {
    tag.style.top = "0px";
    const inner = tag.parentElement.getBoundingClientRect();
    let r = tag.getBoundingClientRect();
    for (let tries = 0; tries <= placed.length; tries++) {
      const hit = placed.find((p) => r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom);
      if (!hit) break;
      const top = hit.bottom - inner.top;
      if (top + r.height > inner.height) { tag.style.top = "0px"; r = tag.getBoundingClientRect(); break; }
      tag.style.top = `${top}px`;
      r = tag.getBoundingClientRect();
    }
    placed.push(r);
  }
}

function stage(src, alt) {
  const wrap = document.createElement("div");
  wrap.className = "stage";
  new ResizeObserver(() => declutter(wrap)).observe(wrap);
  const img = document.createElement("img");
  img.className = "photo";
  img.src = src;
  img.alt = alt;
  img.loading = "lazy";
  wrap.append(img);
  return wrap;
}

function clearResults() {
  $("#results").replaceChildren();
  $("#pager").hidden = true;
}

// byDate: the hits are ranked by when they were taken (the API's order "newest" or "oldest": "photos
// from 2019", "old photos", "recent photos of my dog"), each shown with that day, not a score;
// counted: what they are ranked by how many of (the API's `counted`, order "most" or "fewest": "the
// photo with the most people"), each shown with its count
function showHits(hits, title, empty = "no matching images", byDate = false, counted = null) {
  const grid = $("#results");
  grid.replaceChildren();
  for (const [i, hit] of hits.entries()) {
    const card = document.createElement("figure");
    card.className = "card";
    card.dataset.imageId = hit.image_id;
    const st = stage(`/api/images/${hit.image_id}/thumb?size=320`, hit.path);
    st.style.aspectRatio = `${hit.width} / ${hit.height}`; // the card keeps its shape while loading
    for (const m of hit.matches) {
      if (m.repeats) continue;  // another network's view of an object already boxed (the API's `repeats`)
      const name = m.colour ? `${m.colour} ${m.class}` : m.class;  // the colour asked of it: "red car (coco)"
      const label = m.similarity === null ? name : `#${m.query_object} ${name} ${m.similarity.toFixed(2)}`;
      st.append(box(m.bbox, hit.width, hit.height, m.class, label));
    }
    const cap = document.createElement("figcaption");
    const said = byDate ? `taken ${hit.taken ? hit.taken.slice(0, 10) : "(no date)"}`
      : counted ? `${counted}: ${hit.count}` : `score ${hit.score.toFixed(3)}`;
    cap.innerHTML = `<b>${state.offset + i + 1}.</b> ${said}<div class="path"></div>`;
    cap.querySelector(".path").textContent = hit.path;
    card.append(st, cap);
    card.addEventListener("click", () => showDetail(hit.image_id));
    grid.append(card);
  }
  setStatus(hits.length ? title : empty);
  $("#pager").hidden = !(state.offset > 0 || hits.length === PAGE);
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = hits.length < PAGE;
  $("#page").textContent = `results ${state.offset + 1}–${state.offset + hits.length}`;
}

async function runClassQuery() {
  setStatus("searching…");
  $("#example").hidden = true;
  try {
    const p = dateParams(new URLSearchParams({ q: state.q, k: String(PAGE), offset: String(state.offset) }));
    const url = `/api/search?${p}`;
    const body = await api(url);
    const note = body.note ? ` — ${body.note}` : ""; // words left out are named, with or without results
    const apart = body.apart_note ? ` — ${body.apart_note}` : ""; // nothing found: each condition alone
    const read = body.read_as ? `, read as: ${body.read_as}` : ""; // "person and (beach or park)"
    showHits(body.hits, `images matching “${state.q}”${read}${note}`, `no matching images${read}${apart}${note}`,
      body.order === "newest" || body.order === "oldest", body.counted || null);
    if (body.apart) offerParts(body.apart);
  } catch (e) {
    clearResults();
    setStatus(e.message, true);
    if (e.didYouMean) offerCorrection(e.didYouMean);
  }
}

function enableBoxDrawing(st, img) {
  // drag on the photo to search for what is inside the drawn region (a click still picks an object)
  let start = null;
  let drawn = null;
  let dragged = false; // the click that ends a drag must not also pick the object under it
  st.addEventListener("click", (ev) => { if (dragged) { ev.stopPropagation(); ev.preventDefault(); dragged = false; } }, true);
  const point = (ev) => {
    const r = img.getBoundingClientRect();
    return [Math.min(Math.max(ev.clientX - r.left, 0), r.width), Math.min(Math.max(ev.clientY - r.top, 0), r.height), r];
  };
  st.addEventListener("pointerdown", (ev) => { start = point(ev); ev.preventDefault(); });
  st.addEventListener("pointermove", (ev) => {
    if (!start) return;
    const [x, y] = point(ev);
    if (!drawn && Math.hypot(x - start[0], y - start[1]) < 8) return;
    if (!drawn) { drawn = document.createElement("div"); drawn.className = "drawn"; st.append(drawn); }
    Object.assign(drawn.style, { left: `${Math.min(x, start[0])}px`, top: `${Math.min(y, start[1])}px`,
      width: `${Math.abs(x - start[0])}px`, height: `${Math.abs(y - start[1])}px` });
  });
  st.addEventListener("pointerup", (ev) => {
    if (!start) return;
    const [x, y, r] = point(ev);
    const [sx, sy] = start;
    start = null;
    if (!drawn) return; // a click: the object boxes handle it
    drawn.remove();
    drawn = null;
    dragged = true;
    const fx = img.naturalWidth / r.width, fy = img.naturalHeight / r.height;
    const b = [Math.min(x, sx) * fx, Math.min(y, sy) * fy, Math.max(x, sx) * fx, Math.max(y, sy) * fy].map(Math.round);
    ev.stopPropagation();
    go({ ...state, object: null, box: b.join(","), offset: 0 });
  });
}

function showQueryObjects(objects, src) {
  const section = $("#example");
  const st = stage(src, "your photo");
  const img = st.querySelector("img");
  enableBoxDrawing(st, img);
  img.onload = () => {
    if (state.box) {
      const b = box(state.box.split(",").map(Number), img.naturalWidth, img.naturalHeight, "", "your region");
      b.classList.add("region");
      st.append(b);
    }
    for (const o of objects) {
      const b = box(o.bbox, img.naturalWidth, img.naturalHeight, o.class, `#${o.number} ${o.class}`);
      b.dataset.object = o.number;
      b.title = `search by object #${o.number} (${o.class}) only`;
      b.classList.toggle("chosen", state.object === o.number);
      b.addEventListener("click", () => go({ ...state, box: null, object: state.object === o.number ? null : o.number, offset: 0 }));
      st.append(b);
    }
    declutter(st);
  };
  $("#example-stage").replaceWith(st);
  st.id = "example-stage";
  section.hidden = false;
}

function showObjectList(objects) {
  // after a reload the dropped photo is gone from the page (the server keeps only its analysis)
  const section = $("#example");
  const list = document.createElement("div");
  list.className = "stage";
  list.id = "example-stage";
  for (const o of objects) {
    const b = document.createElement("button");
    b.textContent = `#${o.number} ${o.class}`;
    b.className = "object-chip" + (state.object === o.number ? " chosen" : "");
    b.addEventListener("click", () => go({ ...state, object: state.object === o.number ? null : o.number, offset: 0 }));
    list.append(b);
  }
  $("#example-stage").replaceWith(list);
  section.hidden = false;
}

function exampleTitle(body) {
  const title = body.whole_image ? "whole-image similarity (no objects found)"
    : state.box ? `images with what is in your region (${body.query_objects.map((o) => o.class).join(", ")})`
    : state.object ? `images with objects like #${state.object}` : "images with objects like yours";
  return body.unmatched_note ? `${title} — ${body.unmatched_note}` : title; // a query object no photo here has
}

async function uploadPhoto(file) {
  setStatus("analysing your photo and searching…");
  const form = new FormData();
  form.append("file", file);
  form.append("k", String(PAGE));
  if (state.any) form.append("any_class", "true");
  try {
    const body = await api("/api/search/image", { method: "POST", body: form });
    if (localPhoto) URL.revokeObjectURL(localPhoto);
    localPhoto = URL.createObjectURL(file);
    state = { ...state, mode: "upload", q: "", offset: 0, upload: body.upload_id, like: null, object: null, box: null };
    history.pushState(null, "", toURL(state));
    if (state.after || state.before) return runUpload(); // the first page with the date filters too
    showQueryObjects(body.query_objects, localPhoto);
    showHits(body.hits, exampleTitle(body));
  } catch (e) { clearResults(); setStatus(e.message, true); }
}

async function runUpload() {
  setStatus("searching…");
  const p = new URLSearchParams({ k: String(PAGE), offset: String(state.offset) });
  if (state.object) p.set("object", String(state.object));
  if (state.box) p.set("box", state.box);
  if (state.any) p.set("any_class", "true");
  dateParams(p);
  try {
    const body = await api(`/api/uploads/${state.upload}/search?${p}`);
    const objects = body.photo_objects || body.query_objects;
    if (localPhoto) showQueryObjects(objects, localPhoto); else showObjectList(objects);
    showHits(body.hits, exampleTitle(body));
  } catch (e) { clearResults(); $("#example").hidden = true; setStatus(e.message, true); }
}

async function runSimilar() {
  setStatus("searching…");
  $("#example").hidden = true;
  const p = new URLSearchParams({ k: String(PAGE), offset: String(state.offset) });
  if (state.object) p.set("object", String(state.object));
  if (state.any) p.set("any_class", "true");
  dateParams(p);
  try {
    const body = await api(`/api/images/${state.like}/similar?${p}`);
    showHits(body.hits, state.object ? `more like object #${state.object} of image ${state.like}` : `more like image ${state.like}`);
  } catch (e) { clearResults(); setStatus(e.message, true); }
}

async function showDetail(imageId) {
  const info = await api(`/api/images/${imageId}`);
  $("#detail-title").textContent = info.path;
  const original = $("#detail-original");
  original.href = `/api/images/${imageId}/file`;
  // when and with what it was taken, as the date and camera words search them
  const fileDate = info.taken_from === "file" ? " (the file's date)" : "";
  const when = info.taken ? `taken ${info.taken.slice(0, 16).replace("T", " ")}${fileDate}` : "";
  const said = [when, info.camera ? `with ${info.camera}` : ""].filter(Boolean).join(" ");
  $("#detail-taken").textContent = said ? `${said} ·` : "";
  const st = stage(`/api/images/${imageId}/thumb?size=640`, info.path);
  for (const s of info.segments) {
    const mask = document.createElement("img");
    mask.className = "mask";
    mask.src = `/api/segments/${s.segment_id}/mask.png`;
    Object.assign(mask.style, {
      left: `${(100 * s.bbox[0]) / info.width}%`, top: `${(100 * s.bbox[1]) / info.height}%`,
      width: `${(100 * (s.bbox[2] - s.bbox[0])) / info.width}%`, height: `${(100 * (s.bbox[3] - s.bbox[1])) / info.height}%`,
    });
    const outline = box(s.bbox, info.width, info.height, s.class, `#${s.object} ${s.class}`);
    mask.dataset.object = outline.dataset.object = String(s.object);
    st.append(mask, outline);
  }
  $("#detail-stage").replaceWith(st);
  st.id = "detail-stage";
  const list = $("#detail-segments");
  list.replaceChildren();
  for (const s of info.segments) {
    const li = document.createElement("li");
    const colours = s.colours && s.colours.length ? `, ${s.colours.join(" and ")}` : "";  // what colour it mostly is
    li.textContent = `${s.class}${colours}, ${(100 * s.area).toFixed(1)}% of the image, confidence ${s.confidence.toFixed(2)} `;
    const more = document.createElement("button");
    more.textContent = "more like this object";
    more.addEventListener("click", () => {
      $("#detail").close();
      go({ ...state, mode: "like", q: "", offset: 0, upload: null, like: imageId, object: s.object, box: null });
    });
    li.append(more);
    // pointing at an object in the list shows it alone on the photo: with every segment drawn, a
    // busy photo is a heap of overlapping masks
    const focus = (on) => {
      st.classList.toggle("focus", on);
      li.classList.toggle("on", on);
      for (const el of st.querySelectorAll(`[data-object="${s.object}"]`)) el.classList.toggle("on", on);
    };
    li.addEventListener("mouseenter", () => focus(true));
    li.addEventListener("mouseleave", () => focus(false));
    li.addEventListener("focusin", () => focus(true));
    li.addEventListener("focusout", () => focus(false));
    list.append(li);
  }
  if (!info.segments.length) list.textContent = "no objects found in this image";
  $("#detail").showModal();
}

function chooseFile(file) {
  if (file) uploadPhoto(file);
}

async function init() {
  const info = await api("/api/classes");
  for (const c of info.classes) colours[c.name] = c.colour;
  $("#words").replaceChildren(...info.words.map((w) => Object.assign(document.createElement("option"), { value: w })));
  api("/api/stats").then((s) => { $("#stats").textContent = `${s.images} images · ${s.segments} objects`; }).catch(() => {});
  $("#query-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = $("#query").value.trim();
    if (!q) return setStatus("type what to look for, e.g. people on the beach", true);
    go({ ...state, mode: "class", q, offset: 0, upload: null, like: null, object: null, box: null });
  });
  $("#any-class").addEventListener("change", (ev) => {
    if (state.mode === "upload" || state.mode === "like") go({ ...state, any: ev.target.checked, offset: 0 });
    else state.any = ev.target.checked;
  });
  for (const id of ["after", "before"]) {
    $(`#${id}`).addEventListener("change", (ev) => {
      const next = { ...state, [id]: ev.target.value, offset: 0 };
      if (state.mode) go(next); else state = next;
    });
  }
  window.addEventListener("popstate", () => { state = fromURL(); $("#query").value = state.q; rerun(); });
  $("#upload").addEventListener("change", (ev) => chooseFile(ev.target.files[0]));
  const drop = $("#drop");
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => { ev.preventDefault(); drop.classList.remove("over"); chooseFile(ev.dataTransfer.files[0]); });
  $("#prev").addEventListener("click", () => go({ ...state, offset: Math.max(0, state.offset - PAGE) }));
  $("#next").addEventListener("click", () => go({ ...state, offset: state.offset + PAGE }));
  if (location.search) go(fromURL(), false);
}

function rerun() {
  if (state.mode === "class") runClassQuery();
  else if (state.mode === "upload") runUpload();
  else if (state.mode === "like") runSimilar();
}

init().catch((e) => setStatus(e.message, true));

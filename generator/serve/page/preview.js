// The preview page of `respack serve`: the server sends the pack's state as server-sent
// events; each document whose state changed is drawn again in place, so the page never
// reloads and keeps its scroll position. The site, language and format chosen are told to the
// server, which renders what is shown first.
"use strict";

const grid = document.getElementById("documents");
const statusLine = document.getElementById("status");
const filters = { site: document.getElementById("site"), language: document.getElementById("language"),
                  format: document.getElementById("format") };
const large = document.getElementById("large");
window.previewState = null; // the last state received

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") element.className = value;
    else if (name === "style") element.style.cssText = value;
    else element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

// One page image, with a red box over each problem located on it.
function pageImage(doc, src, number, problems) {
  const [width, height] = doc.page_mm;
  const page = el("div", { class: "page", style: `aspect-ratio: ${width} / ${height}`, "data-page": number },
    el("img", { src, alt: `${doc.id}, page ${number}`, loading: "lazy" }));
  for (const problem of problems.filter((p) => p.page === number && p.box)) {
    const [x0, y0, x1, y1] = problem.box;
    page.append(el("div", {
      class: "problem-box", title: problem.message,
      style: `left:${x0 * 100}%;top:${y0 * 100}%;width:${(x1 - x0) * 100}%;height:${(y1 - y0) * 100}%`,
    }));
  }
  page.addEventListener("click", () => openLarge(doc, page));
  return page;
}

function openLarge(doc, page) {
  const links = large.querySelector(".links");
  links.replaceChildren(el("strong", {}, `${doc.id} `),
    doc.pdf ? el("a", { href: doc.pdf, target: "_blank" }, "Open the PDF") : "not written");
  large.querySelector(".page-large").replaceChildren(page.cloneNode(true));
  large.showModal();
}

function documentCard(doc) {
  const facts = el("ul", { class: "facts" },
    doc.draft ? el("li", { class: "draft" }, "Draft translation") : el("li", {}, "Reviewed"),
    el("li", {}, `Information as of ${doc.as_of}`),
    el("li", { class: "qr" }, el("details", {}, el("summary", {}, `${doc.verified.length} QR codes verified`),
      el("ul", {}, ...doc.verified.map((payload) => el("li", {}, payload))))),
    doc.failed ? el("li", { class: "bad" }, "Failed its check: not written") : null);
  const card = el("article", { class: "document", "data-id": doc.id, "data-site": doc.site,
                               "data-language": doc.language, "data-format": doc.format },
    el("h2", {}, doc.site ? `${doc.site_name} · ` : "", `${doc.language} · ${doc.title} `, doc.pdf ? el("a", { href: doc.pdf, target: "_blank" }, "PDF") : null),
    facts);
  card.classList.toggle("failed", doc.failed);
  card.classList.toggle("stale", doc.stale);
  if (doc.failed && doc.failed_pages.length) {
    card.append(el("p", { class: "caption" }, "This render (not written):"),
      el("div", { class: "pages failed-pages" }, ...doc.failed_pages.map((src, i) => pageImage(doc, src, i + 1, doc.problems))));
    if (doc.pages.length) {
      const last = el("div", { class: "pages last-good" }, ...doc.pages.map((src, i) => pageImage(doc, src, i + 1, [])));
      last.querySelectorAll(".page").forEach((page) => page.classList.add("stale"));
      card.append(el("p", { class: "caption" }, "Last written:"), last);
    }
  } else {
    card.append(el("div", { class: "pages" }, ...doc.pages.map((src, i) => pageImage(doc, src, i + 1, doc.problems))));
  }
  if (doc.problems.length) {
    const messages = new Set(doc.problems.map((p) => p.message)); // a line may be both too wide and cut off
    card.append(el("ul", { class: "problems" }, ...[...messages].map((message) => el("li", {}, message))));
  }
  card.dataset.key = JSON.stringify(doc);
  return card;
}

function showProblems(section, problems, summary) {
  section.hidden = problems.length === 0;
  section.querySelector("ul").replaceChildren(...problems.map((p) => el("li", {}, p.text)));
  if (summary) section.querySelector("summary").textContent = summary;
}

// The choices of a filter: [value, label] pairs; the one chosen stays, else `fallback`.
function fillFilter(select, choices, fallback = "") {
  const values = choices.map(([value]) => value);
  const filled = JSON.stringify(values);
  if (filled === select.dataset.filled) return;
  const chosen = values.length && select.dataset.filled && select.dataset.filled !== "[]" ? select.value : fallback;
  select.replaceChildren(el("option", { value: "" }, "all"),
    ...choices.map(([value, label]) => el("option", { value }, label)));
  select.value = values.includes(chosen) ? chosen : fallback;
  select.dataset.filled = filled;
}

function shown(card) {
  return Object.entries(filters).every(([name, select]) => !select.value || card.dataset[name] === select.value);
}

let told = null;
function applyFilters() {
  for (const card of grid.children) card.hidden = !shown(card);
  const empty = document.getElementById("empty");
  empty.hidden = [...grid.children].some((card) => !card.hidden);
  empty.textContent = window.previewState && window.previewState.building
    ? "These documents are being made: they come before the others." : "No document of this choice.";
  const chosen = JSON.stringify(Object.fromEntries(Object.entries(filters).map(([name, s]) => [name, s.value])));
  if (chosen !== told) { // the server renders what is shown first
    told = chosen;
    fetch("/api/chosen", { method: "POST", headers: { "Content-Type": "application/json" }, body: chosen })
      .catch(() => {});
  }
}

function render(state) {
  window.previewState = state;
  const failed = state.documents.filter((d) => d.failed).length;
  statusLine.className = state.building ? "building" : "";
  const [made, planned] = state.progress;
  statusLine.textContent = state.building ? (planned ? `Building… ${made} of ${planned} documents made` : "Building…")
    : `${state.documents.length} documents` + (failed ? `, ${failed} failed their check` : "")
      + (state.errors.length ? "; the pack has errors" : "") + ` · updated ${new Date().toLocaleTimeString()}`;
  showProblems(document.getElementById("errors"), state.errors);
  showProblems(document.getElementById("warnings"), state.warnings, `${state.warnings.length} warnings`);
  // What the build makes, before it is made: a site is chosen, and rendered first.
  const { sites, languages, formats } = state.choices;
  document.getElementById("site-choice").hidden = sites.length === 0;
  // A rollout's hundreds of documents: one site at a time, the first to begin with.
  fillFilter(filters.site, sites, sites.length ? sites[0][0] : "");
  fillFilter(filters.language, languages.map((language) => [language, language]));
  fillFilter(filters.format, formats.map((format) => [format, format]));
  const cards = new Map([...grid.children].map((card) => [card.dataset.id, card]));
  let previous = null;
  for (const doc of state.documents) {
    let card = cards.get(doc.id);
    cards.delete(doc.id);
    if (!card || card.dataset.key !== JSON.stringify(doc)) {
      const fresh = documentCard(doc);
      if (card) card.replaceWith(fresh);
      card = fresh;
    }
    const expected = previous ? previous.nextElementSibling : grid.firstElementChild;
    if (card !== expected) grid.insertBefore(card, expected); // in the state's order
    previous = card;
  }
  for (const gone of cards.values()) gone.remove();
  applyFilters();
}

for (const select of Object.values(filters)) select.addEventListener("change", applyFilters);

const events = new EventSource("/events");
events.addEventListener("state", (event) => render(JSON.parse(event.data)));
events.addEventListener("error", () => {
  statusLine.className = "offline";
  statusLine.textContent = "Not connected: is respack serve still running?";
});

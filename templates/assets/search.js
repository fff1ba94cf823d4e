// committee-papers: the search page (templates/pages/search.html.j2). The Pagefind index is loaded only
// when someone searches, and only the chunks a search needs (papers/site/search.py). Results name the
// paper, its meeting and committee; the form works without this script (it reloads with ?q=...).
const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const FILTERS = ["kind", "committee", "year"];
const PAGE = 10;
const KIND_NAMES = { agenda: "Agenda", report: "Report", minutes: "Minutes", decision: "Decisions",
  committee: "Committee", member: "Councillor" };
let engine = null;
let results = [];
let shown = 0;
let searchNumber = 0;

// The search engine, started at the first search: Pagefind's web worker, which this page starts itself and
// talks to in the worker's own messages (init, search, getData, releaseData). Pagefind's pagefind.js would
// start the same worker, and is not fetched: 45 KB less per first search, the search still off the page's
// thread (on it, ranking a common word across a large archive froze the page for a second or more).
// papers/site/search.py checks at build time that the bundle's worker answers these messages. Where no worker
// can be started, pagefind.js runs the search on the page's thread instead.
function pagefind() {
  if (engine === null) {
    const bundle = new URL(form.dataset.bundle, document.baseURI);
    // The site may be published under a path: results are addressed from the folder that holds pagefind/.
    const options = { baseUrl: new URL("..", bundle).pathname, excerptLength: 24 };
    engine = (typeof Worker === "undefined" ? onThisThread(bundle, options) : inWorker(bundle, options)).catch(
      (error) => {
        engine = null; // the next search tries again
        throw error;
      },
    );
  }
  return engine;
}

async function onThisThread(bundle, options) {
  const module = await import(bundle.href);
  await module.options({ ...options, noWorker: true });
  return {
    search: (query, filters) => module.search(query, { filters }),
    data: (result) => result.data(),
  };
}

async function inWorker(bundle, options) {
  const worker = new Worker(new URL("pagefind-worker.js", bundle));
  const waiting = new Map();
  let next = 0;
  const call = (method, ...args) =>
    new Promise((resolve, reject) => {
      const id = `papers_${next++}`;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    });
  worker.addEventListener("message", ({ data }) => {
    const pending = waiting.get(data.id);
    if (!pending) return; // the answer to a releaseData
    waiting.delete(data.id);
    if (data.error) pending.reject(new Error(data.error));
    else pending.resolve(data.result);
  });
  worker.addEventListener("error", (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the search worker failed: ${event.message}`));
    waiting.clear();
    worker.terminate();
    engine = null; // the next search starts a new worker
  });
  const language = (document.documentElement.lang || "unknown").toLowerCase();
  await call("init", { ...options, basePath: new URL(".", bundle).pathname, language, primary: true });
  let held = []; // the worker keeps each result's record until it is released
  return {
    async search(query, filters) {
      for (const id of held) worker.postMessage({ id: `release_${id}`, method: "releaseData", args: [id] });
      const found = await call("search", query, { filters });
      held = found.results.map((result) => result.data);
      return found;
    },
    data: (result) => call("getData", result.data),
  };
}

function chosenFilters() {
  const filters = {};
  for (const name of FILTERS) {
    const value = form.elements[name].value;
    if (value) filters[name] = value;
  }
  return filters;
}

// Pagefind's excerpt marks the words found with <mark>; everything else is written as text, never as HTML.
function excerptNodes(excerpt) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
  const nodes = [];
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("p");
  heading.className = "search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const details = document.createElement("p");
  details.className = "search-result-details";
  const kind = KIND_NAMES[(data.filters.kind || [])[0]];
  details.textContent = [kind, data.meta.meeting || data.meta.committee].filter(Boolean).join(": ");
  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, details, excerpt);
  return item;
}

async function showMore(number) {
  const next = results.slice(shown, shown + PAGE);
  const search = await pagefind();
  const found = await Promise.all(next.map((result) => search.data(result)));
  if (number !== searchNumber) return; // a newer search has started
  const first = list.children.length;
  list.append(...found.map(resultItem));
  shown += next.length;
  more.hidden = shown >= results.length;
  // After "Show more results", focus the first new result so a keyboard user reads on from there.
  if (first > 0 && list.children[first]) list.children[first].querySelector("a").focus();
}

async function run(number) {
  const query = form.elements.q.value.trim();
  const filters = chosenFilters();
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  if (!query && Object.keys(filters).length === 0) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  const search = await (await pagefind()).search(query || null, filters);
  if (number !== searchNumber) return;
  results = search.results;
  await showMore(number);
  if (number !== searchNumber) return;
  // Announced once the first results are on the page.
  const count = results.length;
  const what = query ? ` for “${query}”` : "";
  status.textContent = count === 0 ? `No results${what}.` : `${count} result${count === 1 ? "" : "s"}${what}.`;
}

function fromAddress() {
  const params = new URLSearchParams(window.location.search);
  form.elements.q.value = params.get("q") || "";
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  if (form.elements.q.value.trim()) params.set("q", form.elements.q.value.trim());
  for (const [name, value] of Object.entries(chosenFilters())) params.set(name, value);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  run(++searchNumber).catch(failed);
});
more.addEventListener("click", () => showMore(searchNumber).catch(failed));
// Escape from the results (or the button under them) takes a keyboard user back to the search box.
for (const region of [list, more]) {
  region.addEventListener("keydown", (event) => {
    if (event.key === "Escape") form.elements.q.focus();
  });
}

function failed(error) {
  status.textContent = "Search is not available just now. Please try again later.";
  console.error(error);
}

fromAddress();
if (window.location.search) run(++searchNumber).catch(failed);

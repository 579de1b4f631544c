// The trace viewer: a trace (GET /v1/trace) drawn as a genealogy of serials, lots, packages,
// orders, locations and partners (model.js, graph.js), its rows in pages, the recall impact of
// the same number (POST /v1/recalls, nothing blocked), a details panel and exports.
import { buildModel, drawnCount, siblingGroups } from "./model.js";
import { drawGenealogy, showLegend } from "./graph.js";
import { rowsTable, showRecall, showDetails } from "./panels.js";

const view = { cy: null, trace: null, recall: null, model: null, groups: null, genealogy: null,
               timings: {} };
window.tracegraphView = view;

// Above this many nodes (siblings already collapsed) the graph shows the summary view.
const SUMMARY_ABOVE = 400;

const $ = (id) => document.getElementById(id);
const rows = rowsTable($("rows"), $("pager"));
showLegend($("legend"));

// The API key: from a link's #key=… (kept out of server logs: a fragment is never sent), the
// field, or what this browser saved last time; it travels as Authorization: Bearer.
const KEY_STORE = "tracegraph-api-key";
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get("key")) {
  localStorage.setItem(KEY_STORE, fragment.get("key"));
  history.replaceState(null, "", location.pathname + location.search);
}
$("api-key").value = localStorage.getItem(KEY_STORE) || "";

function authorization() {
  const key = $("api-key").value.trim();
  if (key) localStorage.setItem(KEY_STORE, key);
  return key ? { Authorization: `Bearer ${key}` } : {};
}

// Exports are downloads that need the key too: fetched, then saved from a blob.
async function download(event) {
  event.preventDefault();
  const link = event.currentTarget;
  const response = await fetch(link.href, { headers: authorization() });
  if (!response.ok) {
    $("status").textContent = `Export failed: ${(await response.json()).detail}`;
    $("status").classList.add("error");
    return;
  }
  const saved = document.createElement("a");
  saved.href = URL.createObjectURL(await response.blob());
  saved.download = link.dataset.filename;
  saved.click();
  URL.revokeObjectURL(saved.href);
}
for (const [id, filename] of [["export-csv", "trace.csv"], ["export-xlsx", "trace-fsma204.xlsx"],
                              ["export-epcis", "trace.jsonld"]]) {
  $(id).dataset.filename = filename;
  $(id).addEventListener("click", download);
}


// PNG: the graph as drawn now (collapsed groups stay collapsed), on a white background.
$("export-png").addEventListener("click", (event) => {
  event.preventDefault();
  if (!view.cy) return;
  const saved = document.createElement("a");
  saved.href = view.cy.png({ full: true, bg: "#ffffff", scale: 2, maxWidth: 8000,
                             maxHeight: 8000 });
  saved.download = "trace.png";
  saved.click();
});

async function answer(response) {
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.detail || response.statusText);
    error.problem = body;
    throw error;
  }
  return body;
}

// A card or where-is answer for the details panel; null when there is none (404) or it fails.
async function fetchJson(url) {
  const response = await fetch(url, { headers: authorization() });
  return response.ok ? response.json() : null;
}

// A number that names nothing: say so, and offer what the service suggests as buttons that
// trace the suggestion (a lot suggested for a serial traces as a lot).
function showNotFound(problem, method, components) {
  const status = $("status");
  status.textContent = `Not found: ${problem.detail}`;
  status.classList.add("error");
  for (const s of (problem.suggestions || []).filter((s) => s.kind !== "item")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "suggestion";
    button.textContent = s.item_no ? `${s.no} (${s.kind}, item ${s.item_no})` : `${s.no} (${s.kind})`;
    button.addEventListener("click", () => {
      const kind = `${s.kind}_no`;
      $("kind").value = kind;
      $("number").value = s.no;
      run(kind, s.no, method, components);
    });
    status.append(" ", button);
  }
}

function select(id) {
  const node = view.model.nodes.get(id);
  if (!node) return;
  $("details-title").textContent = "Details";
  showDetails($("node-details"), node, fetchJson);
  if (node.entries.length) rows.showEntry(node.entries[0].entry_no);
}

function draw(trace) {
  const started = performance.now();
  view.model = buildModel(trace.rows);
  view.groups = siblingGroups(view.model);
  // Too many to read one by one even collapsed: the summary view, a node per item and lot.
  view.summary = drawnCount(view.model, view.groups) > SUMMARY_ABOVE;
  if (view.summary) view.groups = siblingGroups(view.model, 2, true);
  if (view.genealogy) view.genealogy.cy.destroy();
  const collapsed = new Set([...view.groups.values()].map((g) => g.id)).size;
  const noun = view.summary ? "numbers of one item and lot (summary view)" : "identical siblings";
  const describe = (cy) => {
    const left = cy.nodes("[?collapsed]").length;
    $("graph-summary").textContent = `${cy.nodes().length} nodes drawn for ` +
      `${trace.rows.length} entries` +
      (left ? `; ${left} group(s) of ${noun} collapsed (click to expand)` : "");
  };
  view.genealogy = drawGenealogy($("graph"), view.model, view.groups, select, describe);
  view.cy = view.genealogy.cy;
  view.timings.draw = performance.now() - started;
  $("expand-all").hidden = collapsed === 0;
}

async function run(kind, number, method, components) {
  const query = new URLSearchParams({ [kind]: number, method, show_components: components });
  $("status").textContent = "Tracing…";
  $("status").classList.remove("error");
  view.recall = null;
  view.timings = {};
  const started = performance.now();
  // The graph paints as soon as the trace answers; the recall preview follows.
  const recalled = fetch("../v1/recalls", {
    method: "POST", headers: { "content-type": "application/json", ...authorization() },
    body: JSON.stringify({ recall_no: "UI", reason: "Impact view", user: "ui",
                           numbers: [{ [kind]: number }], block: false }),
  }).then(answer);
  recalled.catch(() => null);  // a failed trace says why; its recall stays unheard
  try {
    const trace = await fetch(`../v1/trace?${query}&graph=false`, { headers: authorization() })
      .then(answer);
    view.timings.trace = performance.now() - started;
    view.trace = trace;
    draw(trace);
    rows.show(trace.rows);
    for (const [id, format] of [["export-csv", "csv"], ["export-xlsx", "xlsx"],
                                ["export-epcis", "epcis"]]) {
      const link = $(id);
      link.href = `../v1/trace?${query}&format=${format}`;
      link.hidden = false;
    }
    $("export-png").hidden = false;
    const more = trace.next_offset !== null && trace.next_offset !== undefined
      ? ` (the first ${trace.rows.length} of ${trace.total_rows}; CSV and XLSX hold them all)` : "";
    $("status").textContent =
      `${kind.replace("_no", "")} ${number}: ${trace.rows.length} entries${more} (${method}); ` +
      `packages: ${trace.packages.join(", ") || "none"}`;
    history.replaceState(null, "", `?${query}`);
    try {
      const recall = await recalled;
      showRecall(recall, $("recall-totals"), $("customers"), $("on-hand"));
      view.recall = recall;
    } catch (error) {
      $("recall-totals").textContent = `No recall preview: ${error.message}`;
    }
  } catch (error) {
    if (error.problem && error.problem.code === "number-not-found") {
      showNotFound(error.problem, method, components);
      return;
    }
    $("status").textContent = `Could not trace ${number}: ${error.message}`;
    $("status").classList.add("error");
  }
}

$("trace-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run($("kind").value, $("number").value.trim(), $("method").value, $("components").value);
});
$("expand-all").addEventListener("click", () => view.genealogy?.expandAll());
$("fit").addEventListener("click", () => view.cy?.fit(undefined, 20));

// A link such as /ui/?serial_no=1001&method=origin-to-usage opens on that trace.
const initial = new URLSearchParams(location.search);
for (const kind of ["serial_no", "lot_no", "package_no"]) {
  if (initial.get(kind)) {
    $("kind").value = kind;
    $("number").value = initial.get(kind);
    $("method").value = initial.get("method") || "usage-to-origin";
    $("components").value = initial.get("show_components") || "item-tracked-only";
    $("trace-form").requestSubmit();
    break;
  }
}
if (typeof cytoscape === "undefined") {
  $("status").textContent = "Cytoscape.js is missing: run `make setup` (npm installs it).";
  $("status").classList.add("error");
}

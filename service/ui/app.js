// The trace viewer: a trace (GET /v1/trace) as an interactive Cytoscape.js graph with its rows,
// the recall impact of the same number (POST /v1/recalls, nothing blocked), and exports.
"use strict";

const COLORS = {
  Purchase: "#5DB665", Sale: "#DA7194", Transfer: "#C0A378", Output: "#F16667",
  Consumption: "#F79767", "Assembly Output": "#F16667", "Assembly Consumption": "#F79767",
  "Positive Adjmt.": "#8DCC93", "Negative Adjmt.": "#ECB5C9",
};
const view = { cy: null, trace: null, recall: null };
window.tracegraphView = view;

const $ = (id) => document.getElementById(id);

function cell(row, values) {
  for (const value of values) {
    const td = document.createElement("td");
    td.textContent = value ?? "";
    row.appendChild(td);
  }
}

function numbersOf(p) {
  return [p.serialNo && `SN ${p.serialNo}`, p.lotNo && `LOT ${p.lotNo}`]
    .filter(Boolean).join(" ");
}

function drawGraph(trace) {
  const elements = [];
  for (const node of trace.graph.nodes) {
    const p = node.properties;
    elements.push({ data: {
      id: node.id, entryType: p.entryType,
      label: `${p.entryType} ${p.documentNo}\n${p.itemNo}\n${numbersOf(p)}\nqty ${p.quantity}` +
             (p.sourceNo ? ` ${p.sourceNo}` : ""),
      color: COLORS[p.entryType] || "#4C8EDA",
    } });
  }
  for (const rel of trace.graph.relationships) {
    elements.push({ data: { id: `${rel.source}>${rel.target}`, source: rel.source,
                            target: rel.target, label: rel.type.toLowerCase() } });
  }
  if (view.cy) view.cy.destroy();
  view.cy = cytoscape({
    container: $("graph"),
    elements,
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.25, padding: 30 },
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", label: "data(label)", "text-wrap": "wrap",
        "text-max-width": 120, "font-size": 8, "text-valign": "bottom", "text-margin-y": 4,
        "text-background-color": "#fff", "text-background-opacity": 0.8, width: 26,
        height: 26 } },
      { selector: "edge", style: {
        width: 2, "line-color": "#9aa1ac", "target-arrow-color": "#9aa1ac",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)",
        "font-size": 8, color: "#555" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#1f3b57" } },
    ],
  });
}

function showRows(trace) {
  $("row-count").textContent = `${trace.rows.length} rows`;
  const body = $("rows").querySelector("tbody");
  body.replaceChildren();
  for (const r of trace.rows) {
    const tr = document.createElement("tr");
    tr.dataset.entryNo = r.entry_no;
    cell(tr, [r.level, r.entry_no, r.entry_type, r.item_no, r.serial_no, r.lot_no, r.package_no,
              r.document_no, r.posting_date, r.source_no, r.location_code, r.quantity]);
    body.appendChild(tr);
  }
}

function showRecall(recall) {
  const t = recall.totals;
  $("recall-totals").textContent =
    `${t.affected_numbers} affected numbers, ${t.customers} customers, shipped ` +
    `${t.shipped_quantity}, on hand ${t.on_hand_quantity} (open ${t.open_quantity}, expired ` +
    `${t.expired_quantity}, blocked ${t.blocked_quantity})`;
  const body = $("customers").querySelector("tbody");
  body.replaceChildren();
  for (const c of recall.customers) {
    for (const s of c.shipments) {
      const tr = document.createElement("tr");
      cell(tr, [c.customer_no, s.document_no, s.posting_date, s.item_no, s.serial_no, s.lot_no,
                s.quantity]);
      body.appendChild(tr);
    }
  }
}

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
for (const [id, filename] of [["export-csv", "trace.csv"], ["export-epcis", "trace.jsonld"]]) {
  $(id).dataset.filename = filename;
  $(id).addEventListener("click", download);
}

async function answer(response) {
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.detail || response.statusText);
    error.problem = body;
    throw error;
  }
  return body;
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

async function run(kind, number, method, components) {
  const query = new URLSearchParams({ [kind]: number, method, show_components: components });
  $("status").textContent = "Tracing…";
  $("status").classList.remove("error");
  try {
    const [trace, recall] = await Promise.all([
      fetch(`../v1/trace?${query}`, { headers: authorization() }).then(answer),
      fetch("../v1/recalls", {
        method: "POST", headers: { "content-type": "application/json", ...authorization() },
        body: JSON.stringify({ recall_no: "UI", reason: "Impact view", user: "ui",
                               numbers: [{ [kind]: number }], block: false }),
      }).then(answer),
    ]);
    view.trace = trace;
    view.recall = recall;
    drawGraph(trace);
    showRows(trace);
    showRecall(recall);
    for (const [id, format] of [["export-csv", "csv"], ["export-epcis", "epcis"]]) {
      const link = $(id);
      link.href = `../v1/trace?${query}&format=${format}`;
      link.hidden = false;
    }
    $("status").textContent =
      `${kind.replace("_no", "")} ${number}: ${trace.rows.length} entries (${method}); ` +
      `packages: ${trace.packages.join(", ") || "none"}`;
    history.replaceState(null, "", `?${query}`);
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

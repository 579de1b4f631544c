// From trace rows (ledger entries) to the things a person thinks in: serials, lots, packages,
// orders, locations, customers and vendors as nodes; documents and quantities on the edges.
// Pure functions, no DOM: the graph view (graph.js) draws what `buildModel` answers.

export const KINDS = {
  serial: { label: "Serial No.", color: "#4C8EDA", shape: "ellipse" },
  lot: { label: "Lot No.", color: "#57C7E3", shape: "ellipse" },
  item: { label: "Item (untracked)", color: "#A5ABB6", shape: "ellipse" },
  package: { label: "Package", color: "#C990C0", shape: "round-rectangle" },
  order: { label: "Production / assembly order", color: "#F79767", shape: "diamond" },
  location: { label: "Location (transfer, adjustment)", color: "#C0A378", shape: "tag" },
  vendor: { label: "Vendor", color: "#5DB665", shape: "hexagon" },
  customer: { label: "Customer", color: "#DA7194", shape: "hexagon" },
};

const fmt = (q) => Number.isInteger(q) ? String(q) : q.toFixed(2).replace(/\.?0+$/, "");

// The number an entry moves: its serial, else its lot, else the item itself.
function numberOf(r) {
  if (r.serial_no) {
    return { id: `serial:${r.item_no}/${r.serial_no}`, kind: "serial", item_no: r.item_no,
             serial_no: r.serial_no, lot_no: r.lot_no, title: `SN ${r.serial_no}` };
  }
  if (r.lot_no) {
    return { id: `lot:${r.item_no}/${r.lot_no}`, kind: "lot", item_no: r.item_no,
             lot_no: r.lot_no, title: `LOT ${r.lot_no}` };
  }
  return { id: `item:${r.item_no}`, kind: "item", item_no: r.item_no, title: r.item_no };
}

function partnerOf(r) {
  const kind = r.source_type === "Vendor" ? "vendor" : "customer";
  return { id: `${kind}:${r.source_no}`, kind, partner_no: r.source_no,
           title: r.source_name ? `${r.source_no}\n${r.source_name}` : r.source_no };
}

const orderOf = (r) => ({ id: `order:${r.document_no}`, kind: "order", document_no: r.document_no,
                          title: `${r.entry_type.startsWith("Assembly") ? "Assembly" : "Production"}` +
                                 ` ${r.document_no}` });
const placeOf = (r, title) => ({ id: `location:${r.location_code}:${title}`, kind: "location",
                                 location_code: r.location_code,
                                 title: `${title} ${r.location_code}` });

// Where an entry takes its number from and to, as [from, to] (null: the entry draws no edge).
function flowOf(r, number) {
  const q = r.quantity;
  switch (r.entry_type) {
    case "Purchase":
      return q >= 0 ? [partnerOf(r), number] : [number, partnerOf(r)];
    case "Sale":
      return q < 0 ? [number, partnerOf(r)] : [partnerOf(r), number];
    case "Output": case "Assembly Output":
      return [orderOf(r), number];
    case "Consumption": case "Assembly Consumption":
      return [number, orderOf(r)];
    case "Transfer":
      return q > 0 ? [number, placeOf(r, "at")] : null;
    case "Positive Adjmt.":
      return [placeOf(r, "found at"), number];
    case "Negative Adjmt.":
      return [number, placeOf(r, "written off at")];
    default:
      return null;
  }
}

// nodes: id -> {id, kind, title, item_no, ..., entries: [row]}; edges: id -> {source, target,
// document_no, quantity, entries}.
export function buildModel(rows) {
  const nodes = new Map();
  const edges = new Map();
  const node = (n) => {
    if (!nodes.has(n.id)) nodes.set(n.id, { ...n, entries: [] });
    return nodes.get(n.id);
  };
  const edge = (from, to, label, quantity, row, dashed = false) => {
    const id = `${from.id}>${to.id}>${label}`;
    if (!edges.has(id)) {
      edges.set(id, { id, source: from.id, target: to.id, document_no: label, quantity: 0,
                      entries: [], dashed });
    }
    const e = edges.get(id);
    e.quantity += Math.abs(quantity);
    if (row) e.entries.push(row.entry_no);
  };
  for (const r of rows) {
    const number = node(numberOf(r));
    number.entries.push(r);
    const flow = flowOf(r, number);
    if (flow) {
      const [from, to] = flow.map(node);
      if (from !== number) from.entries.push(r);
      if (to !== number) to.entries.push(r);
      edge(from, to, r.document_no, r.quantity, r);
    }
    if (r.package_no) {
      const pkg = node({ id: `package:${r.package_no}`, kind: "package",
                         package_no: r.package_no, title: `PKG ${r.package_no}` });
      if (!pkg.entries.includes(r)) pkg.entries.push(r);
      edge(number, pkg, "packed in", 0, null, true);
    }
  }
  return { nodes, edges };
}

// Identical siblings: numbers of one kind and item, in one lot, with the same neighbours on both
// sides. Each group of at least `min` becomes one node with a count; answers id -> group.
// `summary` groups numbers by kind, item and lot alone (whatever their neighbours): the view of
// a trace too large to draw number by number.
export function siblingGroups(model, min = 3, summary = false) {
  const ins = new Map();
  const outs = new Map();
  for (const e of model.edges.values()) {
    if (!ins.has(e.target)) ins.set(e.target, []);
    if (!outs.has(e.source)) outs.set(e.source, []);
    ins.get(e.target).push(`${e.source}|${e.document_no}`);
    outs.get(e.source).push(`${e.target}|${e.document_no}`);
  }
  const bySignature = new Map();
  for (const n of model.nodes.values()) {
    if (!["serial", "lot", "item"].includes(n.kind)) continue;
    const signature = [n.kind, n.item_no, n.kind === "serial" ? n.lot_no : "",
                       summary ? "" : (ins.get(n.id) || []).sort().join(","),
                       summary ? "" : (outs.get(n.id) || []).sort().join(",")].join("#");
    if (!bySignature.has(signature)) bySignature.set(signature, []);
    bySignature.get(signature).push(n);
  }
  const groups = new Map();
  for (const members of bySignature.values()) {
    if (members.length < min) continue;
    const first = members[0];
    const noun = { serial: "serials", lot: "lots", item: "entries" }[first.kind];
    const group = {
      id: `group:${first.id}`, kind: first.kind, count: members.length, members,
      title: `${members.length} ${noun}\n${first.item_no}` +
             (first.kind === "serial" && first.lot_no ? ` LOT ${first.lot_no}` : ""),
    };
    for (const m of members) groups.set(m.id, group);
  }
  return groups;
}

// The elements to draw: nodes outside a collapsed group, one node per collapsed group, and the
// edges between what is drawn (a group's edges merged, their quantities summed).
export function elementsOf(model, groups, expanded) {
  const shown = (id) => {
    const g = groups.get(id);
    return g && !expanded.has(g.id) ? g : null;
  };
  const elements = [];
  const drawnGroups = new Set();
  for (const n of model.nodes.values()) {
    const g = shown(n.id);
    if (g) {
      if (drawnGroups.has(g.id)) continue;
      drawnGroups.add(g.id);
      elements.push({ group: "nodes", data: { id: g.id, kind: g.kind, label: g.title,
                                              count: g.count, collapsed: true } });
      continue;
    }
    const label = n.item_no && n.kind !== "item" ? `${n.title}\n${n.item_no}` : n.title;
    elements.push({ group: "nodes", data: { id: n.id, kind: n.kind, label } });
  }
  const merged = new Map();
  for (const e of model.edges.values()) {
    const source = shown(e.source)?.id || e.source;
    const target = shown(e.target)?.id || e.target;
    const id = `${source}>${target}>${e.document_no}`;
    if (!merged.has(id)) {
      merged.set(id, { id, source, target, document_no: e.document_no, quantity: 0,
                       dashed: e.dashed });
    }
    merged.get(id).quantity += e.quantity;
  }
  for (const e of merged.values()) {
    const label = e.dashed ? "in" : `${e.document_no} · ${fmt(e.quantity)}`;
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
                                            label, dashed: e.dashed ? 1 : 0 } });
  }
  return elements;
}

// How many nodes `elementsOf` would draw with every group collapsed.
export function drawnCount(model, groups) {
  const ids = new Set([...groups.values()].map((g) => g.id));
  return model.nodes.size - groups.size + ids.size;
}

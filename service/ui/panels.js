// The tables beside and below the graph: the trace rows (every column, in pages), the recall
// preview (returned and blocked marked) and the details of a clicked node.

export const PAGE_ROWS = 100;

export const COLUMNS = [
  ["level", "Level"], ["parent_entry_no", "Parent"], ["via", "Via"], ["entry_no", "Entry"],
  ["entry_type", "Type"], ["document_kind", "Document kind"], ["document_no", "Document"],
  ["posting_date", "Date"], ["item_no", "Item"], ["item_description", "Description"],
  ["variant_code", "Variant"], ["serial_no", "Serial"], ["lot_no", "Lot"],
  ["package_no", "Package"], ["location_code", "Location"], ["source_type", "Source type"],
  ["source_no", "Source"], ["source_name", "Source name"], ["quantity", "Qty"],
  ["remaining_quantity", "Remaining"], ["created_by", "Created by"], ["created_on", "Created on"],
];

export function cells(tr, values) {
  for (const value of values) {
    const td = document.createElement("td");
    td.textContent = value ?? "";
    tr.appendChild(td);
  }
}

function head(table, names) {
  const tr = document.createElement("tr");
  for (const name of names) {
    const th = document.createElement("th");
    th.textContent = name;
    tr.appendChild(th);
  }
  table.querySelector("thead").replaceChildren(tr);
}

// The rows table, a page at a time: `show(rows)` starts at page one, the buttons move.
export function rowsTable(table, pager) {
  head(table, COLUMNS.map(([, name]) => name));
  const state = { rows: [], page: 0 };
  const render = () => {
    const body = table.querySelector("tbody");
    body.replaceChildren();
    const start = state.page * PAGE_ROWS;
    for (const r of state.rows.slice(start, start + PAGE_ROWS)) {
      const tr = document.createElement("tr");
      tr.dataset.entryNo = r.entry_no;
      cells(tr, COLUMNS.map(([key]) => r[key]));
      body.appendChild(tr);
    }
    const pages = Math.max(1, Math.ceil(state.rows.length / PAGE_ROWS));
    pager.querySelector(".page").textContent =
      `rows ${state.rows.length ? start + 1 : 0} to ${Math.min(start + PAGE_ROWS, state.rows.length)}` +
      ` of ${state.rows.length} (page ${state.page + 1} of ${pages})`;
    pager.querySelector(".prev").disabled = state.page === 0;
    pager.querySelector(".next").disabled = state.page >= pages - 1;
  };
  pager.querySelector(".prev").addEventListener("click", () => { state.page -= 1; render(); });
  pager.querySelector(".next").addEventListener("click", () => { state.page += 1; render(); });
  return {
    show(rows) { state.rows = rows; state.page = 0; render(); },
    showEntry(entryNo) {
      const at = state.rows.findIndex((r) => r.entry_no === entryNo);
      if (at >= 0) { state.page = Math.floor(at / PAGE_ROWS); render(); }
    },
  };
}

export function showRecall(recall, totals, customers, onHand) {
  const t = recall.totals;
  totals.textContent =
    `${t.affected_numbers} affected numbers, ${t.customers} customers, shipped ` +
    `${t.shipped_quantity}, returned ${t.returned_quantity}, outstanding ` +
    `${t.outstanding_quantity}; on hand ${t.on_hand_quantity} (open ${t.open_quantity}, ` +
    `expired ${t.expired_quantity}, blocked ${t.blocked_quantity})`;
  const body = customers.querySelector("tbody");
  body.replaceChildren();
  for (const c of recall.customers) {
    for (const s of c.shipments) {
      const tr = document.createElement("tr");
      const returned = s.returned_quantity || 0;
      if (returned > 0) tr.className = returned >= s.quantity ? "returned" : "part-returned";
      cells(tr, [c.customer_no, s.document_no, s.posting_date, s.item_no, s.serial_no, s.lot_no,
                 s.quantity, returned || "", returned > 0 ? "returned" : "at customer"]);
      body.appendChild(tr);
    }
  }
  const stock = onHand.querySelector("tbody");
  stock.replaceChildren();
  for (const h of recall.on_hand) {
    const tr = document.createElement("tr");
    tr.className = h.status;
    cells(tr, [h.item_no, h.serial_no, h.lot_no, h.location_code, h.bin_code, h.quantity,
               h.status, h.returned_by || ""]);
    stock.appendChild(tr);
  }
}

// The details of a node: its card (the number's information card, with its block state), where
// it is now, and its entries. `fetchJson(url)` answers the body, or null when not found.
export async function showDetails(panel, node, fetchJson) {
  panel.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = node.title.replace("\n", " · ");
  panel.appendChild(title);
  const facts = document.createElement("dl");
  const fact = (name, value) => {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    facts.append(dt, dd);
    return dd;
  };
  if (node.item_no) fact("Item", node.item_no);
  if (node.lot_no) fact("Lot", node.lot_no);
  panel.appendChild(facts);
  const enc = encodeURIComponent;
  const card = {
    serial: `../v1/serial-nos/${enc(node.item_no)}/${enc(node.serial_no)}`,
    lot: `../v1/lots/${enc(node.item_no)}/${enc(node.lot_no)}`,
    package: `../v1/packages/${enc(node.package_no)}`,
  }[node.kind];
  const where = {
    serial: { serial_no: node.serial_no, item_no: node.item_no },
    lot: { lot_no: node.lot_no, item_no: node.item_no },
    package: { package_no: node.package_no },
  }[node.kind];
  if (card) {
    const info = await fetchJson(card);
    const state = fact("Block state", info ? (info.blocked ? "BLOCKED" : "not blocked")
                                           : "no information card");
    if (info?.blocked) state.className = "blocked";
    if (info?.description) fact("Description", info.description);
    if (info && "inventory" in info) fact("Inventory", info.inventory);
  }
  if (where) {
    const found = await fetchJson(`../v1/where-is?${new URLSearchParams(where)}`);
    if (found) {
      const chain = found.chain.map((c) => c.package_no || `LOT ${c.lot_no}`).join(" in ");
      fact("Packed in now", chain || "nothing");
      fact("On hand now", found.on_hand.map((h) =>
        `${h.quantity} at ${h.location_code}${h.bin_code ? "/" + h.bin_code : ""}`).join(", ") ||
        "none");
      fact("Shipped to", found.shipped_to.map((s) => `${s.customer_no} (${s.document_no}` +
        `${s.returned_quantity ? `, ${s.returned_quantity} returned` : ""})`).join(", ") || "none");
    }
  }
  const entries = document.createElement("table");
  entries.className = "entries";
  entries.innerHTML = "<thead></thead><tbody></tbody>";
  head(entries, ["Entry", "Type", "Document", "Date", "Item", "Serial", "Lot", "Location", "Qty"]);
  for (const r of node.entries) {
    const tr = document.createElement("tr");
    cells(tr, [r.entry_no, r.entry_type, r.document_no, r.posting_date, r.item_no, r.serial_no,
               r.lot_no, r.location_code, r.quantity]);
    entries.querySelector("tbody").appendChild(tr);
  }
  const count = document.createElement("h4");
  count.textContent = `${node.entries.length} entries`;
  panel.append(count, entries);
}

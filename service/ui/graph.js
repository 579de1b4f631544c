// The genealogy as a Cytoscape.js graph, laid out left to right in layers by dagre
// (cytoscape-dagre), with a legend. Collapsed sibling groups expand on click.
import { KINDS, elementsOf } from "./model.js";

// cytoscape-dagre registers its layout with the global cytoscape when its script loads.

const STYLE = [
  { selector: "node", style: {
    "background-color": (n) => KINDS[n.data("kind")].color,
    shape: (n) => KINDS[n.data("kind")].shape,
    label: "data(label)", "text-wrap": "wrap", "text-max-width": 140, "font-size": 10,
    "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3, width: 22, height: 22,
    "text-background-color": "#fff", "text-background-opacity": 0.85,
    "text-background-padding": 1 } },
  { selector: "node[?collapsed]", style: {
    width: 34, height: 34, "border-width": 3, "border-color": "#1f3b57", "border-style": "double",
    "font-weight": "bold" } },
  { selector: "node.blocked", style: { "border-width": 4, "border-color": "#b00020" } },
  { selector: "edge", style: {
    width: 1.5, "line-color": "#9aa1ac", "target-arrow-color": "#9aa1ac",
    "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)",
    "font-size": 8, color: "#444", "text-rotation": "autorotate",
    "text-background-color": "#fff", "text-background-opacity": 0.8 } },
  { selector: "edge[dashed = 1]", style: {
    "line-style": "dashed", "line-color": "#c9b3c6", "target-arrow-color": "#c9b3c6" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#1f3b57" } },
];

// Above this many drawn nodes dagre's layout costs more than a person waits; a grid of layers
// (breadthfirst) is drawn instead.
const DAGRE_LIMIT = 1500;

export function layoutOptions(count) {
  if (typeof cytoscapeDagre !== "undefined" && count <= DAGRE_LIMIT) {
    return { name: "dagre", rankDir: "LR", nodeSep: 30, rankSep: 170, edgeSep: 4,
             padding: 20, animate: false };
  }
  return { name: "breadthfirst", directed: true, padding: 20, animate: false };
}

// Draw `model` into `container`; `onSelect(id)` hears clicks on plain nodes, a collapsed group
// expands on click; `onRedraw(cy)` hears every drawing. Answers { cy, expand(groupId),
// expandAll(), redraw() }.
export function drawGenealogy(container, model, groups, onSelect, onRedraw) {
  const expanded = new Set();
  const cy = cytoscape({ container, style: STYLE, wheelSensitivity: 0.3, minZoom: 0.05 });
  const redraw = () => {
    const elements = elementsOf(model, groups, expanded);
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    cy.layout(layoutOptions(cy.nodes().length)).run();
    // Fitted smaller than labels can be read (a long column of expanded siblings): zoom in on
    // the middle, where dagre puts the start; the rest is a pan away (Fit shows it all).
    if (cy.zoom() < 0.45) {
      cy.zoom(cy.nodes().length < 120 ? 0.45 : 0.6);
      cy.center();
    }
    onRedraw(cy);
  };
  cy.on("tap", "node", (event) => {
    const n = event.target;
    if (n.data("collapsed")) {
      expanded.add(n.id());
      redraw();
      return;
    }
    onSelect(n.id());
  });
  redraw();
  return {
    cy,
    redraw,
    expand(id) { expanded.add(id); redraw(); },
    expandAll() { for (const g of groups.values()) expanded.add(g.id); redraw(); },
  };
}

export function showLegend(element) {
  element.replaceChildren();
  for (const [kind, k] of Object.entries(KINDS)) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch ${k.shape}`;
    swatch.style.background = k.color;
    item.append(swatch, ` ${k.label}`);
    item.dataset.kind = kind;
    element.appendChild(item);
  }
  const group = document.createElement("li");
  group.innerHTML = '<span class="swatch group"></span> <b>n serials</b>: identical siblings, ' +
    "click to expand";
  const edge = document.createElement("li");
  edge.innerHTML = '<span class="swatch line"></span> document · quantity; ' +
    '<span class="swatch dashed"></span> packed in';
  element.append(group, edge);
}

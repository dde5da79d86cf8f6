/* The gap map page: the overview (cards, the first screen), one gap's network, the whole
 * network, and what they share (side panel, popover, legend, date control, exports, Reset).
 *
 * Safety rule for this file: text from the data only ever enters the document through
 * textContent or createTextNode, never innerHTML, insertAdjacentHTML or document.write. A label
 * or quote holding "<script>" or "<img onerror=...>" is therefore shown as those characters and
 * runs nothing; vis-network draws labels on a canvas.
 *
 * Nothing here decides a status: the cards of every date are computed in Python (gapmap/
 * overview.py, with the same judge as `lexgap history`) and embedded; this script only picks
 * the date's cards and lays them out.
 *
 * State for tests and for people debugging the page is kept on window.gapmap.
 */
"use strict";

var gapmap = {
  startedAt: performance.now(),
  firstPaintMs: null,
  stable: false,
  stabiliseMs: null,
  clustered: false,
};
var network = null; // the whole network, drawn the first time its view is opened
var nodes = null;
var edges = null;

var GM_TIP_ITEMS = 2; // the popover shows the first items; the side panel shows them all
var GM_SVG = "http://www.w3.org/2000/svg";

function gmEl(tag, className, text) {
  var e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function gmClear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function gmFields(fields) {
  var dl = gmEl("dl");
  fields.forEach(function (f) {
    dl.appendChild(gmEl("dt", null, f[0]));
    dl.appendChild(gmEl("dd", null, f[1]));
  });
  return dl;
}

/* An item of a tooltip or of the side panel. `seen` (the side panel's): what the panel already
 * shows; an item shown before is left out, and a quote already shown is not repeated. */
function gmItem(item, seen) {
  var key = item.head + "\u0000" + item.quotes.map(function (q) { return q.text; }).join("\u0000");
  if (seen) {
    if (seen[key]) return null;
    seen[key] = true;
  }
  var div = gmEl("div", "gm-item");
  div.appendChild(gmEl("div", "gm-item-head", item.head));
  if (item.fields.length) div.appendChild(gmFields(item.fields));
  item.quotes.forEach(function (q) {
    if (seen && seen["quote\u0000" + q.text]) return;
    if (seen) seen["quote\u0000" + q.text] = true;
    var bq = gmEl("blockquote", "gm-quote", q.text);
    if (q.where) { // a quote under its citation's heading needs no second one
      bq.appendChild(document.createTextNode(" "));
      bq.appendChild(gmEl("span", "gm-where", "(" + q.where + ")"));
    }
    div.appendChild(bq);
  });
  return div;
}

/* A tooltip element from tip data; `limit` items at most. */
function gmTip(tip, limit, seen) {
  var root = gmEl("div", "gm-tip");
  root.appendChild(gmEl("div", "gm-tip-title", tip.title));
  if (tip.fields.length) root.appendChild(gmFields(tip.fields));
  tip.items.slice(0, limit).forEach(function (item) {
    var el = gmItem(item, seen);
    if (el) root.appendChild(el);
  });
  if (tip.items.length > limit) {
    root.appendChild(gmEl("div", "gm-more", "… " + (tip.items.length - limit) + " more: click for all"));
  }
  return root;
}

function gmTipText(tip) {
  var parts = [tip.title];
  tip.fields.forEach(function (f) { parts.push(f[1]); });
  tip.items.forEach(function (item) {
    parts.push(item.head);
    item.fields.forEach(function (f) { parts.push(f[1]); });
    item.quotes.forEach(function (q) { parts.push(q.text); });
  });
  return parts.join(" ").toLowerCase();
}

/* Node and edge data get their search text; no `title`, so vis-network shows no tooltip of its
 * own (it would cover the node): the page's popover sits beside the node instead. */
function gapmapPrepare(items) {
  items.forEach(function (it) {
    it.searchText = (String(it.label || "") + " " + String(it.cite || "") + " " + gmTipText(it.tip)).toLowerCase();
  });
  return items;
}

function gmSvg(width, height) {
  var svg = document.createElementNS(GM_SVG, "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("aria-hidden", "true");
  return svg;
}

function gmSvgChild(svg, tag, attrs) {
  var s = document.createElementNS(GM_SVG, tag);
  Object.keys(attrs).forEach(function (k) { s.setAttribute(k, String(attrs[k])); });
  svg.appendChild(s);
  return s;
}

function gmSvgLine(colour, width, dashes) {
  var svg = gmSvg(34, 8);
  var line = gmSvgChild(svg, "line", { x1: 1, y1: 4, x2: 33, y2: 4, stroke: colour, "stroke-width": Math.max(1, width) });
  if (dashes.length) line.setAttribute("stroke-dasharray", dashes.join(" "));
  return svg;
}

function gmSvgShape(shape, colour) {
  var svg = gmSvg(14, 12);
  var s;
  if (shape === "dot") s = gmSvgChild(svg, "circle", { cx: 7, cy: 6, r: 5 });
  else if (shape === "triangle") s = gmSvgChild(svg, "polygon", { points: "7,1 13,11 1,11" });
  else s = gmSvgChild(svg, "rect", { x: 1, y: 1, width: shape === "box" ? 12 : 10, height: 10 });
  s.setAttribute("fill", colour || "#90a4ae");
  s.setAttribute("stroke", "#37474f");
  return svg;
}

/* A status icon: a shape of its own per group of answers (cross, warning triangle, half disc,
 * tick, question mark), so the status reads the same without colour. Drawn as SVG, not as a
 * font glyph, so it does not depend on the fonts installed. */
function gmIcon(icon, colour, size) {
  var n = size || 18;
  var svg = gmSvg(n, n);
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("class", "gm-icon gm-icon-" + icon);
  var ink = "#1f2933";
  if (icon === "warning") {
    gmSvgChild(svg, "polygon", { points: "10,1 19,18 1,18", fill: colour, stroke: ink, "stroke-width": 1.2 });
    gmSvgChild(svg, "line", { x1: 10, y1: 7, x2: 10, y2: 12.5, stroke: ink, "stroke-width": 2.2 });
    gmSvgChild(svg, "circle", { cx: 10, cy: 15.3, r: 1.3, fill: ink });
    return svg;
  }
  if (icon === "half") {
    gmSvgChild(svg, "circle", { cx: 10, cy: 10, r: 8.5, fill: "#fff", stroke: ink, "stroke-width": 1.2 });
    gmSvgChild(svg, "path", { d: "M10 1.5 A8.5 8.5 0 0 0 10 18.5 Z", fill: colour, stroke: ink, "stroke-width": 1.2 });
    return svg;
  }
  if (icon === "cross") {
    gmSvgChild(svg, "rect", { x: 1.5, y: 1.5, width: 17, height: 17, rx: 2, fill: colour, stroke: ink, "stroke-width": 1.2 });
    gmSvgChild(svg, "path", { d: "M6 6 L14 14 M14 6 L6 14", stroke: "#fff", "stroke-width": 2.6 });
    return svg;
  }
  gmSvgChild(svg, "circle", { cx: 10, cy: 10, r: 8.5, fill: colour, stroke: ink, "stroke-width": 1.2 });
  if (icon === "tick") {
    gmSvgChild(svg, "path", { d: "M5.5 10.5 L8.7 13.5 L14.5 6.5", fill: "none", stroke: "#fff", "stroke-width": 2.6 });
  } else {
    // a question mark drawn as a path: an icon holds no text of its own
    gmSvgChild(svg, "path", { d: "M7.2 7.6 A2.9 2.9 0 1 1 11.4 10.2 C10.4 10.8 10 11.3 10 12.4", fill: "none", stroke: "#fff", "stroke-width": 2.2 });
    gmSvgChild(svg, "circle", { cx: 10, cy: 15.2, r: 1.3, fill: "#fff" });
  }
  return svg;
}

/* ---------------------------------------------------------------------------------------------
 * The shared side panel: a node's details, then its neighbours grouped by edge kind. `ctx` is
 * the network it is shown for: {network, nodes, edges, select}.
 */
function gmNodeDetails(panel, G, ctx, id) {
  var kindOf = {};
  G.edgeKinds.forEach(function (k) { kindOf[k.kind] = k; });
  var kindWords = {};
  G.nodeKinds.forEach(function (k) { kindWords[k.kind] = k.label; });
  var n = nodes.get(id);
  if (!n) return false;
  // Each fact once: a statement, quote or recommendation's words already in the panel is not
  // repeated under the links that carry it too.
  var seen = {};
  panel.appendChild(gmEl("h2", null, n.kind === "offence" ? n.label : n.cite || n.label));
  panel.appendChild(gmEl("div", "gm-where", kindWords[n.kind] || n.kind));
  panel.appendChild(gmTip(n.tip, Infinity, seen));
  var sections = {};
  var order = [];
  ctx.edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
    var k = kindOf[e.kind];
    if (!k) return;
    var outgoing = e.from === id;
    var heading = outgoing ? k.fromSection : k.toSection;
    if (!(heading in sections)) { sections[heading] = []; order.push(heading); }
    var other = nodes.get(outgoing ? e.to : e.from);
    var div = gmEl("div", "gm-entry");
    var link = gmEl("button", "gm-link", other ? other.cite || other.label : "(not on the map)");
    link.type = "button";
    if (other) link.addEventListener("click", function () { ctx.select([other.id]); });
    div.appendChild(link);
    e.tip.items.forEach(function (item) { var el = gmItem(item, seen); if (el) div.appendChild(el); });
    if (other && other.kind === "recommendation" && other.tip.items.length) {
      var words = gmItem(other.tip.items[0], seen); // the recommendation's own words
      if (words) div.appendChild(words);
    }
    sections[heading].push(div);
  });
  order.forEach(function (heading) {
    panel.appendChild(gmEl("h3", null, heading + " (" + sections[heading].length + ")"));
    sections[heading].forEach(function (div) { panel.appendChild(div); });
  });
  return true;
}

/* The popover: a small summary placed beside the hovered node's box (right of it, else left),
 * never over it, with pointer-events off so it never steals the hover. */
function gmPopover(net, tipOf) {
  var pop = document.getElementById("gm-popover");
  function hide() { pop.hidden = true; gmClear(pop); }
  net.on("hoverNode", function (p) {
    var tip = tipOf(p.node, "node");
    if (!tip) return;
    gmClear(pop);
    pop.appendChild(gmTip(tip, GM_TIP_ITEMS));
    pop.hidden = false;
    var box = net.getBoundingBox(p.node);
    var tl = net.canvasToDOM({ x: box.left, y: box.top });
    var br = net.canvasToDOM({ x: box.right, y: box.bottom });
    var frame = net.body.container.getBoundingClientRect();
    var w = pop.offsetWidth;
    var h = pop.offsetHeight;
    var left = frame.left + br.x + 12;
    if (left + w > window.innerWidth - 4) left = frame.left + tl.x - 12 - w;
    if (left < 4) left = 4; // no room either side: below the node instead
    var top = frame.top + tl.y;
    if (left === 4) top = frame.top + br.y + 12;
    top = Math.max(4, Math.min(top, window.innerHeight - h - 4));
    pop.style.left = left + "px";
    pop.style.top = top + "px";
  });
  net.on("hoverEdge", function (p) {
    var tip = tipOf(p.edge, "edge");
    if (!tip) return;
    gmClear(pop);
    pop.appendChild(gmTip(tip, GM_TIP_ITEMS));
    pop.hidden = false;
    var frame = net.body.container.getBoundingClientRect();
    var left = frame.left + p.pointer.DOM.x + 16;
    if (left + pop.offsetWidth > window.innerWidth - 4) left = frame.left + p.pointer.DOM.x - 16 - pop.offsetWidth;
    pop.style.left = Math.max(4, left) + "px";
    pop.style.top = Math.max(4, Math.min(frame.top + p.pointer.DOM.y + 16, window.innerHeight - pop.offsetHeight - 4)) + "px";
  });
  net.on("blurNode", hide);
  net.on("blurEdge", hide);
  net.on("dragStart", hide);
  net.on("zoom", hide);
  return hide;
}

/* The side panel's legend, for what the view on screen draws. The whole network: gap questions
 * as dots coloured by their answer (the card icon names the colour), provisions as boxes,
 * recommendations as triangles coloured by body, documents as squares. A gap's network: every
 * node a rounded box, told apart by its fill, the question's border coloured by its answer.
 * Links: only the kinds the view draws. */
function gmLegend(G, view, groups, edgeKinds) {
  var legend = document.getElementById("gapmap-legend");
  gmClear(legend);
  function row(svg, text) {
    var d = gmEl("div");
    d.appendChild(svg);
    d.appendChild(document.createTextNode(text));
    legend.appendChild(d);
  }
  legend.appendChild(gmEl("h4", null, view === "gap" ? "Answer (the question's border)" : "Answer (a gap's dot)"));
  groups.forEach(function (g) {
    var both = gmEl("span");
    both.style.display = "inline-flex";
    both.style.gap = "2px";
    if (view === "gap") both.appendChild(gmSvgBox("#ffffff", g.group.colour, false, 3));
    else both.appendChild(gmSvgShape("dot", g.group.colour));
    both.appendChild(gmIcon(g.group.icon, g.group.colour, 14));
    row(both, g.group.short + (g.detail ? " (" + g.detail + ")" : ""));
  });
  if (view === "gap") {
    legend.appendChild(gmEl("h4", null, "Boxes"));
    GM_GAP_BOXES.forEach(function (b) { row(gmSvgBox(b.fill, b.border, b.dashed, 1.5), b.label); });
  } else {
    legend.appendChild(gmEl("h4", null, "Nodes"));
    G.nodeKinds.forEach(function (k) {
      if (k.kind === "recommendation") return; // one row per body below
      row(gmSvgShape(k.shape, k.kind === "offence" ? "#ffffff" : k.colour), k.label);
    });
    G.bodies.forEach(function (b) { row(gmSvgShape("triangle", b.colour), "recommendation: " + b.label + ", " + b.name); });
  }
  legend.appendChild(gmEl("h4", null, "Links"));
  G.edgeKinds.forEach(function (k) {
    if (!edgeKinds[k.kind]) return;
    row(gmSvgLine(k.colour, k.width, k.dashes), k.label);
  });
}

/* The boxes of a gap's network, as gapNodeStyle draws them. */
var GM_GAP_BOXES = [
  { label: "source document", fill: "#e4e7eb", border: "#323f4b" },
  { label: "provision (article or law)", fill: "#dce6f5", border: "#3b5b92" },
  { label: "the question, with its answer", fill: "#ffffff", border: "#1f2933" },
  { label: "recommendation", fill: "#fff8ee", border: "#b25b00" },
  { label: "State responses (one box per report)", fill: "#eceff1", border: "#546e7a", dashed: true },
];

function gmSvgBox(fill, border, dashed, width) {
  var svg = gmSvg(20, 14);
  var r = gmSvgChild(svg, "rect", { x: 1.5, y: 1.5, width: 17, height: 11, rx: 3, fill: fill, stroke: border, "stroke-width": width });
  if (dashed) r.setAttribute("stroke-dasharray", "3 2");
  return svg;
}

/* A CSV cell: quoted, and a cell that a spreadsheet would read as a formula (= + - @) is
 * prefixed with an apostrophe, as the CSV export does. */
function gmCsvCell(value) {
  var s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return '"' + s.replace(/"/g, '""') + '"';
}

/* A long text cut at a word boundary, for a card; the network's side panel has it whole. */
function gmShort(text, limit) {
  if (text.length <= limit) return text;
  var cut = text.slice(0, limit);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), limit - 20)) + " …";
}

function gmDownload(href, name) {
  var a = gmEl("a");
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
}

/* ---------------------------------------------------------------------------------------------
 * The page.
 */
function gapmapInit(G, nodeList, edgeList, options) {
  var byId = function (id) { return document.getElementById(id); };
  nodes = new vis.DataSet(gapmapPrepare(nodeList));
  edges = new vis.DataSet(gapmapPrepare(edgeList));
  gapmap.nodes = nodes;
  gapmap.edges = edges;
  var panel = byId("gapmap-selection");
  var aside = byId("gapmap-panel");
  var steps = G.timeline;
  var ui = { view: "overview", step: steps.length - 1, gap: null };
  gapmap.ui = ui;
  var groupsByKey = {};
  G.groups.forEach(function (g) { groupsByKey[g.key] = g; });

  function currentCards() { return steps.length ? steps[ui.step].cards : []; }

  /* --- date control ------------------------------------------------------------------------ */
  var dates = byId("gm-dates");
  steps.forEach(function (s, i) {
    var label = gmEl("label");
    var input = gmEl("input");
    input.type = "radio";
    input.name = "gm-date";
    input.value = String(i);
    input.checked = i === ui.step;
    input.addEventListener("change", function () { setStep(i); });
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + s.label));
    label.title = s.documents.length ? "adds " + s.documents.join("; ") : "every source";
    dates.appendChild(label);
  });
  if (steps.length < 2) dates.hidden = true;

  function setStep(i) {
    ui.step = i;
    Array.prototype.forEach.call(dates.querySelectorAll("input"), function (r) { r.checked = Number(r.value) === i; });
    renderCards();
    if (ui.gap) openGap(ui.gap, false);
  }
  gapmap.setStep = setStep;

  /* --- the overview ------------------------------------------------------------------------- */
  var helpIcons = byId("gm-help-icons");
  G.groups.forEach(function (g, i) {
    helpIcons.appendChild(gmIcon(g.icon, g.colour, 14));
    helpIcons.appendChild(document.createTextNode(" " + g.label.split(":")[0].toLowerCase() + (i < G.groups.length - 1 ? ", " : "")));
  });
  var groupBox = byId("gm-filter-groups");
  G.groups.forEach(function (g) {
    var label = gmEl("label");
    var input = gmEl("input");
    input.type = "checkbox";
    input.checked = true;
    input.value = g.key;
    input.addEventListener("change", renderCards);
    label.appendChild(input);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(gmIcon(g.icon, g.colour, 14));
    label.appendChild(document.createTextNode(" " + g.label.split(":")[0]));
    groupBox.appendChild(label);
  });
  var kindSel = byId("gm-filter-kind");
  kindSel.addEventListener("change", renderCards);
  var cardSearch = byId("gm-card-search");
  cardSearch.addEventListener("input", renderCards);

  function cardText(c) {
    var parts = [c.title, c.question, c.statusWords, c.kindWords];
    c.provisions.forEach(function (p) { parts.push(p.provision, p.penalty); });
    c.findings.forEach(function (f) { parts.push(f); });
    c.bodies.forEach(function (b) { parts.push(b); });
    if (c.latest) parts.push(c.latest.cite, c.latest.body);
    if (c.latestBroader) parts.push(c.latestBroader.cite, c.latestBroader.body);
    parts.push(c.askedFor.words);
    return parts.join(" ").toLowerCase();
  }

  /* The cards the overview's filters keep, at the chosen date: what the list shows and what
   * the CSV holds. */
  function shownCards() {
    var groups = {};
    Array.prototype.forEach.call(groupBox.querySelectorAll("input"), function (i) { groups[i.value] = i.checked; });
    var kind = kindSel.value;
    var q = cardSearch.value.trim().toLowerCase();
    return currentCards().filter(function (c) {
      return groups[c.group] && (!kind || c.kind === kind) && (!q || cardText(c).indexOf(q) >= 0);
    });
  }
  gapmap.shownCards = function () { return shownCards().map(function (c) { return c.id; }); };

  function askLine(ask, where) {
    return where + ": " + ask.body + ", " + ask.year + ": " + ask.cite;
  }

  function provisionLine(p) {
    var s = p.provision + (p.penalty ? ": " + p.penalty : "");
    return p.leavesOut ? s + " (leaves out " + p.leavesOut + ")" : s;
  }

  function cardFields(c) {
    var f = [];
    if (c.kind === "minimum-age") {
      if (c.standard) f.push(["Standard", gmShort(c.standard, 150)]);
      c.ages.forEach(function (a) { f.push(["Age " + a.age, a.act + ": " + a.provision]); });
    } else if (c.provisions.length) {
      f.push(["Decided by", c.provisions.map(provisionLine).join("; ") + (c.moreProvisions ? "; and " + c.moreProvisions + " more" : "")]);
    } else {
      f.push(["Decided by", "no provision found in the sources"]);
    }
    if (c.findings.length) f.push(["Found a gap", c.findings.join("; ")]);
    // The latest ask on the question's own offence (as `lexgap ask` picks it); one on a broader
    // offence only when there is none, or named besides it when it is later.
    if (c.latest) f.push(["Latest ask", askLine(c.latest, c.latest.scope === "broader" ? "on a broader offence" : "on this offence")]);
    else f.push(["Latest ask", "no recommendation yet"]);
    if (c.latestBroader) f.push(["Later, broader", askLine(c.latestBroader, "latest on a broader offence")]);
    f.push(["Asked for", c.askedFor.words]);
    if (c.caveats.length) f.push(["Caveat", "sources disagree whether " + c.caveats.join(", ") + " is in force"]);
    return f;
  }

  /* What the chosen date changed on this card, in words (nothing on the first date). */
  function changeText(c) {
    if (!c.change || ui.step === 0) return "";
    var parts = [];
    var when = stepYear();
    if (c.change.changed) parts.push("the answer changed (before " + when + ": " + c.change.from.toLowerCase() + ")");
    // counted as the card's "Asked for" counts: on this offence, on broader offences
    [[c.change.own, "on this offence"], [c.change.broader, "on broader offences"]].forEach(function (x) {
      if (!x[0].new) return;
      parts.push((x[0].again ? "asked for again " : "first asked for ") + x[1] + " (" + x[0].new + " new)");
    });
    return parts.join("; ");
  }

  /* The chosen date without its note: "2019", not "2019 (all sources)". */
  function stepYear() { return steps[ui.step].label.split(" (")[0]; }

  function statusLine(c) {
    var line = gmEl("div", "gm-status");
    line.appendChild(gmIcon(c.icon, c.colour, 18));
    line.appendChild(gmEl("span", "gm-status-text", c.statusWords));
    line.appendChild(gmEl("span", "gm-kind", c.kindWords));
    return line;
  }

  function cardElement(c) {
    var el = gmEl("article", "gm-card");
    el.tabIndex = 0;
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", c.title + ": " + c.statusWords + ". Open its network.");
    el.dataset.id = c.id;
    el.dataset.group = c.group;
    el.style.setProperty("--gm-colour", c.colour);
    el.appendChild(statusLine(c));
    el.appendChild(gmEl("h3", null, c.title));
    el.appendChild(gmEl("p", "gm-question", c.question));
    var dl = gmEl("dl");
    cardFields(c).forEach(function (f) {
      dl.appendChild(gmEl("dt", null, f[0]));
      dl.appendChild(gmEl("dd", null, f[1]));
    });
    el.appendChild(dl);
    var change = changeText(c);
    if (change) el.appendChild(gmEl("p", "gm-change", "In " + stepYear() + ": " + change));
    el.appendChild(gmEl("p", "gm-open-hint", "Open its network →"));
    el.addEventListener("click", function () { openGap(c.id, true); });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openGap(c.id, true); }
    });
    return el;
  }

  function renderCards() {
    var box = byId("gm-cards");
    gmClear(box);
    var shown = shownCards();
    G.groups.forEach(function (g) {
      var mine = shown.filter(function (c) { return c.group === g.key; });
      if (!mine.length) return;
      var section = gmEl("section", "gm-group");
      section.dataset.group = g.key;
      var h = gmEl("h2");
      h.appendChild(gmIcon(g.icon, g.colour, 18));
      h.appendChild(document.createTextNode(" " + g.label + " (" + mine.length + ")"));
      section.appendChild(h);
      var grid = gmEl("div", "gm-grid");
      mine.forEach(function (c) { grid.appendChild(cardElement(c)); });
      section.appendChild(grid);
      box.appendChild(section);
    });
    if (!shown.length) box.appendChild(gmEl("p", null, "No question matches these filters."));
    byId("gm-date-note").textContent = dateNote(shown);
  }

  function dateNote(shown) {
    if (!steps.length) return "";
    var s = steps[ui.step];
    var all = currentCards();
    var open = all.filter(function (c) { return c.group !== "covered"; }).length;
    var text = "Sources up to " + s.label + (s.documents.length ? " (last added: " + s.documents.join("; ") + ")" : "") +
      ": " + open + " of " + all.length + " questions not fully covered";
    if (ui.step > 0) {
      var changed = all.filter(function (c) { return c.change && c.change.changed; }).length;
      var againOwn = all.filter(function (c) { return c.change && c.change.own.again; }).length;
      var againWide = all.filter(function (c) { return c.change && !c.change.own.again && c.change.broader.again; }).length;
      text += "; at this date " + changed + " answer" + (changed === 1 ? "" : "s") + " changed, " + againOwn +
        " question" + (againOwn === 1 ? " was" : "s were") + " asked for again on their own offence and " + againWide + " only on broader offences";
    }
    return text + ". Showing " + shown.length + ".";
  }

  /* --- one gap's network -------------------------------------------------------------------- */
  var GAP_COL = 240; // canvas units between columns
  var GAP_ROW = 66; // ... and between rows before they are stacked by height
  var GAP_GAP = 10; // between two stacked nodes
  var GAP_FONT = 14;
  var GAP_LABEL_W = 190;
  var gapNet = null;
  var gapNodes = new vis.DataSet();
  var gapEdges = new vis.DataSet();
  gapmap.gapNodes = gapNodes;
  gapmap.gapEdges = gapEdges;
  var hideGapPopover = null;

  function byDate(a, b) {
    var x = nodes.get(a);
    var y = nodes.get(b);
    return String(x.date || "9999").localeCompare(String(y.date || "9999")) || String(x.cite || x.label).localeCompare(String(y.cite || y.label), "en", { numeric: true });
  }

  function byLabel(a, b) { return String(nodes.get(a).label).localeCompare(String(nodes.get(b).label), "en", { numeric: true }); }

  /* The gap's network as columns: sources → provisions → the question ← recommendations (by
   * date) → State responses (one node per responding document). */
  function gapColumns(card) {
    var m = card.members;
    var recs = m.recommendations.slice().sort(byDate);
    var recSet = {};
    recs.forEach(function (r) { recSet[r] = true; });
    var responses = {};
    edges.forEach(function (e) {
      if (e.kind === "answers" && recSet[e.to]) responses["response " + e.from] = e.from;
    });
    return [
      { head: "Sources", ids: m.documents.slice().sort(byDate) },
      { head: "Provisions", ids: m.provisions.slice().sort(byLabel) },
      { head: "The question", ids: [card.node] },
      { head: "Recommendations, by date", ids: recs },
      { head: "State responses", ids: Object.keys(responses), responses: responses },
    ].filter(function (col) { return col.ids.length; });
  }

  function gapNodeStyle(n, card) {
    var base = { font: { size: GAP_FONT, color: "#1f2933" }, shape: "box", margin: 7, widthConstraint: { maximum: GAP_LABEL_W }, borderWidth: 1.5 };
    if (n.kind === "offence") {
      base.label = card.title + "\n" + card.statusWords;
      base.font = { size: GAP_FONT + 1, color: "#1f2933" };
      base.color = { background: "#ffffff", border: card.colour, highlight: { background: "#f5f7fa", border: "#1f2933" } };
      base.borderWidth = 5;
    } else if (n.kind === "provision") {
      base.color = { background: "#dce6f5", border: "#3b5b92" };
    } else if (n.kind === "document") {
      base.label = n.short || n.cite || n.label;
      base.color = { background: "#e4e7eb", border: "#323f4b" };
    } else {
      base.label = n.short || n.cite || n.label;
      base.color = { background: "#fff8ee", border: "#b25b00" };
    }
    return base;
  }

  function gapGraph(card) {
    var cols = gapColumns(card);
    var rows = Math.max.apply(null, cols.map(function (c) { return c.ids.length; }));
    var list = [];
    var inNet = {};
    var respOf = {};
    cols.forEach(function (col, ci) {
      var x = ci * GAP_COL;
      var top = ((rows - col.ids.length) * GAP_ROW) / 2;
      list.push({ id: "col " + ci, label: col.head, x: x, y: -GAP_ROW, fixed: true, shape: "text", chosen: false, font: { size: GAP_FONT, color: "#47525e" }, kind: "heading" });
      col.ids.forEach(function (id, ri) {
        var y = top + ri * GAP_ROW;
        if (col.responses) {
          var doc = nodes.get(col.responses[id]);
          respOf[col.responses[id]] = id;
          list.push({ id: id, kind: "response", x: x, y: y, fixed: true, label: "Responses in " + (doc.short || doc.cite || doc.label), shape: "box", margin: 7, widthConstraint: { maximum: GAP_LABEL_W }, font: { size: GAP_FONT, color: "#1f2933" }, color: { background: "#eceff1", border: "#546e7a" }, shapeProperties: { borderDashes: [5, 3] }, of: col.responses[id] });
        } else {
          var n = nodes.get(id);
          var item = Object.assign({ id: id, kind: n.kind, x: x, y: y, fixed: true, label: n.label }, gapNodeStyle(n, card));
          list.push(item);
        }
        inNet[id] = true;
      });
    });
    var links = [];
    edges.forEach(function (e) {
      var from = e.kind === "answers" ? respOf[e.from] : e.from;
      if (!from || !inNet[from] || !inNet[e.to] || e.kind === "stated-in") return;
      links.push({ id: e.id, from: from, to: e.to, kind: e.kind, tip: e.tip, color: e.color, width: e.width, dashes: e.dashes, arrows: e.arrows, smooth: { type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45 } });
    });
    return { nodes: list, edges: links, cols: cols.length, rows: rows, columns: cols.map(function (c) { return c.ids; }) };
  }

  function gapTip(id, what) {
    if (what === "edge") { var e = gapEdges.get(id); return e ? e.tip : null; }
    var g = gapNodes.get(id);
    if (!g || g.kind === "heading") return null;
    if (g.kind === "response") return { title: g.label, fields: [["recommendations answered", String(gapEdges.get({ filter: function (e) { return e.from === id; } }).length)]], items: [] };
    var n = nodes.get(id);
    return n ? n.tip : null;
  }

  function gapCtx() {
    return { network: gapNet, nodes: gapNodes, edges: gapEdges, select: selectInGap };
  }

  function ensureGapNet() {
    if (gapNet) return;
    gapNet = new vis.Network(byId("gm-gap-network"), { nodes: gapNodes, edges: gapEdges }, {
      autoResize: false,
      physics: { enabled: false },
      layout: { randomSeed: 7 },
      interaction: { hover: true, zoomView: false, dragView: true, dragNodes: false, keyboard: false, multiselect: false },
      nodes: { scaling: { label: { enabled: false, drawThreshold: G.labelMinPx + 1 } } },
    });
    gapmap.gapNetwork = gapNet;
    hideGapPopover = gmPopover(gapNet, gapTip);
    gapNet.on("selectNode", function (p) { if (p.nodes.length === 1) showGapNode(p.nodes[0]); });
    gapNet.on("deselectNode", function () { showGapList(); });
  }

  /* Each column stacked from its nodes' drawn heights (a label wraps to one to four lines),
   * centred on the tallest column, its heading above it; returns the tallest height. */
  function stackColumns(graph) {
    gapNet.redraw(); // sizes the boxes
    var heights = graph.columns.map(function (ids) {
      return ids.map(function (id) { var b = gapNet.getBoundingBox(id); return b.bottom - b.top; });
    });
    var totals = heights.map(function (hs) { return hs.reduce(function (a, h) { return a + h + GAP_GAP; }, -GAP_GAP); });
    var tallest = Math.max.apply(null, totals);
    graph.columns.forEach(function (ids, ci) {
      var y = (tallest - totals[ci]) / 2;
      ids.forEach(function (id, ri) {
        gapNet.moveNode(id, ci * GAP_COL, y + heights[ci][ri] / 2);
        y += heights[ci][ri] + GAP_GAP;
      });
      gapNet.moveNode("col " + ci, ci * GAP_COL, -30);
    });
    return tallest;
  }

  /* The opening zoom: the whole network fits the screen (width and height) when it can, but
   * never below the scale at which the smallest label is LABEL_MIN_PX + 1 high; a network
   * too tall for that grows the box instead, the view scrolls like a page (the wheel scrolls,
   * it does not zoom), and a "more below" hint shows until the bottom is reached. */
  function gapZoom(graph) {
    var scroller = byId("gm-gap-scroll");
    var box = byId("gm-gap-network");
    var wide = (graph.cols - 1) * GAP_COL + GAP_LABEL_W + 60;
    var tall = graph.tall + 90;
    var roomW = scroller.clientWidth - 8;
    var roomH = scroller.clientHeight - 8;
    var minScale = (G.labelMinPx + 1) / GAP_FONT;
    var scale = Math.max(minScale, Math.min(1.15, roomW / wide, roomH / tall));
    var w = Math.max(roomW, Math.ceil(wide * scale));
    var h = Math.max(roomH, Math.ceil(tall * scale));
    box.style.width = w + "px";
    box.style.height = h + "px";
    gapNet.setSize(w + "px", h + "px");
    gapNet.redraw();
    var cx = ((graph.cols - 1) * GAP_COL) / 2;
    var cy = (graph.tall - 60) / 2;
    gapNet.moveTo({ position: { x: cx, y: cy }, scale: scale, animation: false });
    scroller.scrollTop = 0;
    scroller.scrollLeft = 0;
    gapmap.gapFits = tall * scale <= roomH + 1;
    moreHint();
  }

  function moreHint() {
    var scroller = byId("gm-gap-scroll");
    var below = scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 4;
    byId("gm-gap-more").hidden = ui.view !== "gap" || !below;
  }
  byId("gm-gap-scroll").addEventListener("scroll", moreHint);

  function openGap(id, fromOverview) {
    var card = currentCards().filter(function (c) { return c.id === id; })[0];
    if (!card) return;
    ui.gap = id;
    showView("gap");
    ensureGapNet();
    var graph = gapGraph(card);
    gapNodes.clear();
    gapEdges.clear();
    gapNodes.add(graph.nodes);
    gapEdges.add(graph.edges);
    // the bar first: its height (one or two lines of title) is the room left for the network
    var status = byId("gm-gap-status");
    gmClear(status);
    status.appendChild(gmIcon(card.icon, card.colour, 18));
    status.appendChild(gmEl("span", "gm-status-text", card.statusWords));
    byId("gm-gap-title").textContent = card.question + " — sources up to " + steps[ui.step].label;
    graph.tall = stackColumns(graph);
    gapZoom(graph);
    showGapList();
    if (fromOverview) byId("gm-gap-back").focus();
  }
  gapmap.openGap = function (id) { openGap(id, true); };

  function closeGap() {
    var id = ui.gap;
    ui.gap = null;
    if (hideGapPopover) hideGapPopover();
    showView("overview");
    byId("gm-gap-more").hidden = true;
    var card = id && document.querySelector('.gm-card[data-id="' + CSS.escape(id) + '"]');
    if (card) card.focus();
  }
  gapmap.closeGap = closeGap;
  byId("gm-gap-back").addEventListener("click", closeGap);

  /* The side panel of a gap's network: every node as a button, by column (the keyboard way
   * through the network), or the selected node's details. */
  function showGapList() {
    gmClear(panel);
    var card = currentCards().filter(function (c) { return c.id === ui.gap; })[0];
    if (!card) return;
    panel.appendChild(gmEl("h2", null, card.title));
    panel.appendChild(gmEl("p", null, "Choose a node, here or on the map, to read its sources and quotes."));
    gapColumns(card).forEach(function (col) {
      panel.appendChild(gmEl("h3", null, col.head + " (" + col.ids.length + ")"));
      col.ids.forEach(function (id) {
        var g = gapNodes.get(id);
        var text = !g ? id : g.kind === "offence" ? card.title + ": " + card.statusWords : g.label;
        var b = gmEl("button", "gm-link", text);
        b.type = "button";
        b.addEventListener("click", function () { selectInGap([id]); });
        var div = gmEl("div", "gm-entry");
        div.appendChild(b);
        panel.appendChild(div);
      });
    });
  }

  function showGapNode(id) {
    gmClear(panel);
    var back = gmEl("button", "gm-link", "← every node of this network");
    back.type = "button";
    back.addEventListener("click", function () { gapNet.unselectAll(); showGapList(); });
    panel.appendChild(back);
    var g = gapNodes.get(id);
    if (g && g.kind === "response") {
      panel.appendChild(gmEl("h2", null, g.label));
      var seen = {};
      gapEdges.get({ filter: function (e) { return e.from === id; } }).forEach(function (e) {
        e.tip.items.forEach(function (item) { var el = gmItem(item, seen); if (el) panel.appendChild(el); });
      });
    } else {
      gmNodeDetails(panel, G, gapCtx(), id);
    }
    back.focus();
  }

  function selectInGap(ids) {
    var id = ids.filter(function (i) { return gapNodes.get(i); })[0];
    if (!id) return;
    gapNet.selectNodes([id]);
    var p = gapNet.canvasToDOM(gapNet.getPositions([id])[id]);
    var scroller = byId("gm-gap-scroll");
    scroller.scrollTop = Math.max(0, p.y - scroller.clientHeight / 2);
    scroller.scrollLeft = Math.max(0, p.x - scroller.clientWidth / 2);
    showGapNode(id);
  }
  gapmap.selectInGap = selectInGap;

  /* --- views ---------------------------------------------------------------------------------- */
  function showView(view) {
    ui.view = view;
    byId("gm-overview").hidden = view !== "overview";
    byId("gm-gap").hidden = view !== "gap";
    byId("gm-whole").hidden = view !== "whole";
    aside.hidden = view === "overview";
    // Neither tab is selected while one gap's network is open (it is neither view).
    byId("gm-view-overview").setAttribute("aria-selected", String(view === "overview"));
    byId("gm-view-whole").setAttribute("aria-selected", String(view === "whole"));
    byId("gm-export-png").title = view === "overview" ? "Save the cards shown as a picture" : "Save the network on screen as a picture";
    byId("gapmap-legend-box").hidden = view === "overview"; // the link colours, in both networks
    byId("gapmap-stats").hidden = view !== "whole";
    if (view === "whole") gmLegend(G, "whole", whole.legendGroups, edgeCounts());
    if (view === "gap") {
      var kinds = {};
      gapEdges.forEach(function (e) { kinds[e.kind] = true; });
      gmLegend(G, "gap", whole.legendGroups, kinds);
    }
  }
  function edgeCounts() {
    var out = {};
    G.edgeKinds.forEach(function (k) { out[k.kind] = k.count > 0; });
    return out;
  }
  gapmap.showView = showView;
  byId("gm-view-overview").addEventListener("click", function () { ui.gap = null; showView("overview"); });
  byId("gm-view-whole").addEventListener("click", function () { showWhole(); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && ui.view === "gap") closeGap();
  });

  /* --- the whole network -------------------------------------------------------------------- */
  var whole = gmWhole(G, options, panel, byId);
  function showWhole() {
    ui.gap = null;
    showView("whole");
    whole.ensure();
    whole.showIntro();
  }
  gapmap.showWhole = showWhole;

  /* --- exports ------------------------------------------------------------------------------- */
  var CSV_COLUMNS = [
    ["question", function (c) { return c.question; }],
    ["kind", function (c) { return c.kindWords; }],
    ["answer", function (c) { return c.statusWords; }],
    ["status", function (c) { return c.status; }],
    ["decided by", function (c) { return c.kind === "minimum-age" ? c.ages.map(function (a) { return a.act + " " + a.age + ": " + a.provision; }).join("; ") : c.provisions.map(provisionLine).join("; "); }],
    ["found a gap", function (c) { return c.findings.join("; "); }],
    ["latest recommendation", function (c) { return c.latest ? c.latest.fullCite : ""; }],
    ["latest body", function (c) { return c.latest ? c.latest.body : ""; }],
    ["latest year", function (c) { return c.latest ? c.latest.year : ""; }],
    ["latest ask on a broader offence (later)", function (c) { return c.latestBroader ? c.latestBroader.fullCite : ""; }],
    ["times asked", function (c) { return c.asked; }],
    ["times asked on this offence", function (c) { return c.askedFor.own.count; }],
    ["times asked on broader offences", function (c) { return c.askedFor.broader.count; }],
    ["asked for", function (c) { return c.askedFor.words; }],
    ["bodies", function (c) { return c.bodies.join("; "); }],
    ["sources up to", function () { return steps[ui.step].label; }],
    ["id", function (c) { return c.id; }],
  ];
  function cardsCsv() {
    var lines = [CSV_COLUMNS.map(function (col) { return gmCsvCell(col[0]); }).join(",")];
    shownCards().forEach(function (c) {
      lines.push(CSV_COLUMNS.map(function (col) { return gmCsvCell(col[1](c)); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  gapmap.cardsCsv = cardsCsv;
  byId("gm-export-csv").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([cardsCsv()], { type: "text/csv;charset=utf-8" }));
    gmDownload(url, "gapmap-" + steps[ui.step].key + ".csv");
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  /* The picture of the view on screen: a network's canvas on white, or the overview's cards
   * drawn as a list (status icon shape, words, question, latest ask). */
  function viewPng() {
    var source = null;
    if (ui.view === "gap" && gapNet) source = byId("gm-gap-network").querySelector("canvas");
    if (ui.view === "whole" && network) source = byId("mynetwork").querySelector("canvas");
    if (source) {
      var out = document.createElement("canvas");
      out.width = source.width;
      out.height = source.height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(source, 0, 0);
      return out.toDataURL("image/png");
    }
    return gmCardsPng(shownCards(), G.title + ": sources up to " + steps[ui.step].label);
  }
  gapmap.viewPng = viewPng;
  byId("gm-export-png").addEventListener("click", function () {
    gmDownload(viewPng(), "gapmap-" + ui.view + ".png");
  });

  /* --- Reset: every control, view and panel back to how the page opened ---------------------- */
  function reset() {
    Array.prototype.forEach.call(groupBox.querySelectorAll("input"), function (i) { i.checked = true; });
    kindSel.value = "";
    cardSearch.value = "";
    byId("gm-help").open = true;
    setStep(steps.length - 1);
    ui.gap = null;
    if (gapNet) { gapNet.unselectAll(); gapNodes.clear(); gapEdges.clear(); }
    if (hideGapPopover) hideGapPopover();
    whole.reset();
    showView("overview");
    byId("gm-gap-more").hidden = true;
    gmClear(panel);
    byId("gm-overview").scrollTop = 0;
  }
  gapmap.reset = reset;
  byId("gapmap-reset").addEventListener("click", reset);

  /* Everything a user can change, serialised: Reset must bring it back exactly. */
  gapmap.state = function () {
    var checks = function (box) { return Array.prototype.map.call(box.querySelectorAll("input"), function (i) { return i.value + "=" + i.checked; }); };
    return JSON.stringify({
      view: ui.view,
      step: ui.step,
      gap: ui.gap,
      groups: checks(groupBox),
      kind: kindSel.value,
      cardSearch: cardSearch.value,
      help: byId("gm-help").open,
      cards: gapmap.shownCards(),
      panel: aside.hidden ? "" : panel.textContent,
      panelHidden: aside.hidden,
      gapNodes: gapNodes.length,
      whole: whole.state(),
    });
  };

  showView("overview");
  renderCards();
  requestAnimationFrame(function () {
    gapmap.firstPaintMs = Math.round(performance.now() - gapmap.startedAt);
    document.body.setAttribute("data-ready", "true");
  });
}

/* The overview as a picture: one line per card, with its icon shape. */
function gmCardsPng(cards, title) {
  var w = 1200;
  var row = 44;
  var c = document.createElement("canvas");
  c.width = w;
  c.height = 60 + row * Math.max(1, cards.length);
  var ctx = c.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.fillStyle = "#1f2933";
  ctx.font = "bold 18px sans-serif";
  ctx.fillText(title, 16, 30);
  cards.forEach(function (card, i) {
    var y = 60 + i * row;
    gmDrawIcon(ctx, card.icon, card.colour, 16, y + 4);
    ctx.fillStyle = "#1f2933";
    ctx.font = "bold 15px sans-serif";
    ctx.fillText(card.statusWords + ": " + card.title, 46, y + 14);
    ctx.font = "13px sans-serif";
    ctx.fillStyle = "#47525e";
    var latest = card.latest ? "latest ask " + card.latest.cite + " (" + card.latest.body + ")" : "no recommendation yet";
    ctx.fillText(latest + "; asked for " + card.askedFor.words, 46, y + 32);
  });
  return c.toDataURL("image/png");
}

function gmDrawIcon(ctx, icon, colour, x, y) {
  ctx.fillStyle = colour;
  ctx.strokeStyle = "#1f2933";
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  if (icon === "cross") ctx.rect(x, y, 20, 20);
  else if (icon === "warning") { ctx.moveTo(x + 10, y); ctx.lineTo(x + 20, y + 20); ctx.lineTo(x, y + 20); ctx.closePath(); }
  else if (icon === "half") { ctx.arc(x + 10, y + 10, 10, Math.PI / 2, (3 * Math.PI) / 2); ctx.closePath(); }
  else ctx.arc(x + 10, y + 10, 10, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
  if (icon === "half") { ctx.beginPath(); ctx.arc(x + 10, y + 10, 10, 0, 2 * Math.PI); ctx.stroke(); }
}

/* ---------------------------------------------------------------------------------------------
 * The whole network: drawn the first time its view opens (the overview paints first), with
 * search, filters, grouping by instrument, legend and analytics.
 */
function gmWhole(G, options, panel, byId) {
  var status = byId("gapmap-status");
  var created = false;
  var hidePopover = null;
  var api = {};
  var counts = G.counts;
  byId("gm-size-warning").textContent = "The whole network has " + counts.nodes + " nodes and " + counts.edges +
    " links: too many to read at once. Labels appear as you zoom in (wheel, or + and -); search, filter, or open one question from the overview instead.";
  byId("gm-view-whole").textContent = "Whole network (" + counts.nodes + " nodes)";

  // Each node's neighbours, from the edge data (not from the drawn network, where a node
  // folded into a group "does not exist").
  var near = {};
  edges.forEach(function (e) {
    (near[e.from] = near[e.from] || []).push(e.to);
    (near[e.to] = near[e.to] || []).push(e.from);
  });

  function countsText() {
    if (!created) return counts.nodes + " nodes · " + counts.edges + " edges";
    var drawn = gapmap.drawn();
    return drawn.nodes + " nodes · " + drawn.edges + " edges";
  }

  function intro() {
    gmClear(panel);
    panel.appendChild(gmEl("p", null, "Click a node, or search, to see its provisions, recommendations and sources. Hover for a summary."));
  }
  api.showIntro = function () { if (!network || !network.getSelectedNodes().length) intro(); };

  function ctx() { return { network: network, nodes: nodes, edges: edges, select: select }; }

  function showNode(id) {
    gmClear(panel);
    if (folded(id)) {
      panel.appendChild(gmEl("h2", null, "Grouped provisions"));
      panel.appendChild(gmEl("p", null, "Double-click the group, or press “Unfold instruments”, to unfold it."));
      return;
    }
    gmNodeDetails(panel, G, ctx(), id);
  }

  function select(ids) {
    var visible = ids.filter(function (id) { var n = nodes.get(id); return n && !n.hidden; });
    if (gapmap.clustered) cluster(false); // a folded node cannot be selected
    network.selectNodes(visible);
    if (visible.length === 1) {
      network.focus(visible[0], { scale: 1.1, animation: false });
      showNode(visible[0]);
    } else {
      gmClear(panel);
      panel.appendChild(gmEl("h2", null, visible.length + " matches"));
      visible.forEach(function (id) {
        var n = nodes.get(id);
        var b = gmEl("button", "gm-link", n.label);
        b.type = "button";
        b.addEventListener("click", function () { select([id]); });
        var div = gmEl("div", "gm-entry");
        div.appendChild(b);
        panel.appendChild(div);
      });
    }
    return visible;
  }
  gapmap.select = select;

  // Search: labels first (a whole-word match wins: "257" finds "art. 257", not "art. 2571"),
  // then every word of the tooltips.
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) { if (network) network.unselectAll(); intro(); return []; }
    var visible = nodes.get({ filter: function (n) { return !n.hidden; } });
    var byLabel = visible.filter(function (n) { return String(n.label).toLowerCase().indexOf(q) >= 0; });
    var word = new RegExp("(^|[^0-9a-z])" + escapeRe(q) + "($|[^0-9a-z])");
    var whole = byLabel.filter(function (n) { return word.test(String(n.label).toLowerCase()); });
    var found = whole.length ? whole : byLabel;
    if (!found.length) found = visible.filter(function (n) { return n.searchText.indexOf(q) >= 0; });
    var ids = select(found.map(function (n) { return n.id; }));
    status.textContent = ids.length + " match" + (ids.length === 1 ? "" : "es") + " for “" + text.trim() + "”";
    return ids;
  }
  gapmap.search = search;
  var box = byId("gapmap-search");
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(box.value); }, 250);
  });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { clearTimeout(timer); search(box.value); }
  });

  // Filters: status (gap nodes), instrument (provisions), body (recommendations). When the
  // status filter hides gaps, provisions and recommendations tied only to hidden gaps hide too.
  var statusBox = byId("filter-status");
  // The overview's groups (Not covered, Contested, ...), each with the words of the kinds of
  // question in it as detail: only the groups the map's gaps are in.
  var groupOfStatus = {};
  G.statuses.forEach(function (s) { groupOfStatus[s.key] = s.group; });
  var present = G.groups.map(function (g) {
    var mine = G.statuses.filter(function (s) { return s.group === g.key && s.count > 0; });
    var count = mine.reduce(function (a, s) { return a + s.count; }, 0);
    var detail = mine.map(function (s) { return s.label + " " + s.count; }).join(", ");
    if (mine.length === 1 && mine[0].label.toLowerCase() === g.short.toLowerCase()) detail = "";
    return { key: g.key, group: g, count: count, detail: detail };
  }).filter(function (g) { return g.count > 0; });
  present.forEach(function (s) {
    var label = gmEl("label");
    var input = gmEl("input");
    input.type = "checkbox";
    input.checked = true;
    input.value = s.key;
    input.addEventListener("change", applyFilters);
    label.appendChild(input);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(gmIcon(s.group.icon, s.group.colour, 14));
    label.appendChild(document.createTextNode(" " + s.group.short + ": " + s.count + (s.detail ? " (" + s.detail + ")" : "")));
    statusBox.appendChild(label);
  });
  function fillSelect(sel, all, opts) {
    var first = gmEl("option", null, all);
    first.value = "";
    sel.appendChild(first);
    opts.forEach(function (o) {
      var opt = gmEl("option", null, o.label + " (" + o.count + ")");
      opt.value = o.key;
      sel.appendChild(opt);
    });
    sel.addEventListener("change", applyFilters);
  }
  var instSel = byId("filter-instrument");
  var bodySel = byId("filter-body");
  fillSelect(instSel, "All instruments", G.instruments.map(function (i) { return { key: i.id, label: i.label, count: i.count }; }));
  fillSelect(bodySel, "All bodies", G.bodies.map(function (b) { return { key: b.key, label: b.label + ": " + b.name, count: b.count }; }));

  function applyFilters() {
    var shown = {};
    Array.prototype.forEach.call(statusBox.querySelectorAll("input"), function (i) { shown[i.value] = i.checked; });
    var statusActive = present.some(function (s) { return !shown[s.key]; });
    var inst = instSel.value;
    var body = bodySel.value;
    var hide = {};
    nodes.forEach(function (n) {
      var h = false;
      if (n.kind === "offence") h = !shown[groupOfStatus[n.status]];
      else if (n.kind === "provision") h = !!inst && n.lawGroup !== inst;
      else if (n.kind === "recommendation") h = !!body && n.body !== body;
      hide[n.id] = h;
    });
    if (statusActive) {
      nodes.forEach(function (n) {
        if (hide[n.id] || (n.kind !== "provision" && n.kind !== "recommendation")) return;
        var gaps = (near[n.id] || []).filter(function (o) {
          var on = nodes.get(o);
          return on && on.kind === "offence";
        });
        if (gaps.length && gaps.every(function (o) { return hide[o]; })) hide[n.id] = true;
      });
    }
    // A node folded into a group cannot be hidden on its own ("Node does not exist"): unfold
    // the groups first, and fold again afterwards.
    var wasClustered = gapmap.clustered;
    if (wasClustered) cluster(false);
    var changes = [];
    nodes.forEach(function (n) {
      if (!!n.hidden !== hide[n.id]) changes.push({ id: n.id, hidden: hide[n.id] });
    });
    if (changes.length) nodes.update(changes);
    if (wasClustered) cluster(true);
    status.textContent = countsText();
  }
  gapmap.applyFilters = applyFilters;

  // vis-network's isCluster logs "Node does not exist." for an id it does not draw, and a
  // group is drawn only while folded: ask whether it is drawn first.
  function folded(id) {
    return !!network && network.body.nodes[id] !== undefined && network.isCluster(id);
  }

  // Grouping: each instrument's provisions folded into one node (on at load for big maps).
  function cluster(on) {
    if (!network) { gapmap.clustered = on; return; }
    G.instruments.forEach(function (inst) {
      var cid = "cluster " + inst.id;
      var visible = nodes.get({ filter: function (o) { return o.kind === "provision" && o.lawGroup === inst.id && !o.hidden; } }).length;
      if (on && visible > 1 && !folded(cid)) {
        network.cluster({
          joinCondition: function (o) { return o.kind === "provision" && o.lawGroup === inst.id && !o.hidden; },
          clusterNodeProperties: {
            id: cid,
            label: inst.label + " (" + inst.count + ")",
            shape: "box",
            font: { size: 13 },
            color: { background: "#b3c7e6", border: "#3b5b92" },
            kind: "cluster",
            tip: { title: inst.label, fields: [["provisions", String(inst.count)]], items: [] },
          },
        });
      } else if (!on && folded(cid)) {
        network.openCluster(cid);
      }
    });
    gapmap.clustered = on;
    byId("gapmap-cluster").textContent = on ? "Unfold instruments" : "Group by instrument";
    byId("gapmap-cluster").setAttribute("aria-pressed", String(on));
    status.textContent = countsText();
  }
  gapmap.cluster = cluster;
  byId("gapmap-cluster").addEventListener("click", function () { cluster(!gapmap.clustered); });

  function tipOf(id, what) {
    if (what === "edge") { var e = edges.get(id); return e ? e.tip : null; }
    if (folded(id)) return network.body.nodes[id].options.tip || null;
    var n = nodes.get(id);
    return n ? n.tip : null;
  }

  api.ensure = function () {
    if (created) return;
    created = true;
    var container = byId("mynetwork");
    network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    window.network = network;
    gapmap.network = network;
    gapmap.drawn = function () {
      return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
    };
    var started = performance.now();
    network.on("stabilizationProgress", function (p) {
      status.textContent = "laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      gapmap.stable = true;
      gapmap.stabiliseMs = Math.round(performance.now() - started);
      document.body.setAttribute("data-stable", "true");
      status.textContent = countsText() + " · laid out in " + (gapmap.stabiliseMs / 1000).toFixed(1) + " s";
    });
    hidePopover = gmPopover(network, tipOf);
    network.on("selectNode", function (p) { if (p.nodes.length === 1) showNode(p.nodes[0]); });
    network.on("deselectNode", function (p) { if (!p.nodes.length) intro(); });
    network.on("doubleClick", function (p) {
      if (p.nodes.length === 1 && folded(p.nodes[0])) network.openCluster(p.nodes[0]);
    });
    applyFilters();
    if (G.clusterOnLoad) cluster(true);
    status.textContent = countsText() + " · laying out…";
  };

  api.reset = function () {
    Array.prototype.forEach.call(statusBox.querySelectorAll("input"), function (i) { i.checked = true; });
    instSel.value = "";
    bodySel.value = "";
    box.value = "";
    clearTimeout(timer);
    if (hidePopover) hidePopover();
    if (!network) { gapmap.clustered = false; return; }
    network.unselectAll();
    if (gapmap.clustered !== G.clusterOnLoad) cluster(G.clusterOnLoad);
    applyFilters();
    network.fit({ animation: false });
    intro();
  };

  api.state = function () {
    return {
      search: box.value,
      statuses: Array.prototype.map.call(statusBox.querySelectorAll("input"), function (i) { return i.checked; }),
      instrument: instSel.value,
      body: bodySel.value,
      clustered: gapmap.clustered === G.clusterOnLoad ? "as opened" : String(gapmap.clustered),
      hidden: nodes.get({ filter: function (n) { return !!n.hidden; } }).length,
      selected: network ? network.getSelectedNodes().length : 0,
    };
  };

  api.legendGroups = present;

  // Analytics (lexgap gapmap --stats): three tables; a row selects its node.
  var statsBox = byId("gapmap-stats");
  var tables = [
    ["pressure", "Gaps by pressure", ["gap", "status", "recommendations", "bodies", "span_years"]],
    ["recommendations-without-provision", "Recommendations reaching no known provision", ["recommendation", "gaps", "why"]],
    ["provisions-without-recommendation", "Provisions no recommendation names", ["provision", "gaps"]],
  ];
  var headings = { recommendations: "recs", span_years: "years", not_criminalised: "not criminalised" };
  statsBox.appendChild(gmEl("h2", null, "Analytics"));
  tables.forEach(function (t) {
    var rows = G.stats[t[0]] || [];
    statsBox.appendChild(gmEl("h3", null, t[1] + " (" + rows.length + ")"));
    var table = gmEl("table", "gm-stats");
    table.id = "gapmap-stats-" + t[0];
    var head = gmEl("tr");
    t[2].forEach(function (c) { head.appendChild(gmEl("th", null, headings[c] || c.replace(/_/g, " "))); });
    table.appendChild(head);
    rows.slice(0, 25).forEach(function (r) {
      var tr = gmEl("tr");
      t[2].forEach(function (c, i) {
        var td = gmEl("td");
        var value = r[c] === null || r[c] === undefined ? "" : String(r[c]);
        if (i === 0) {
          var b = gmEl("button", "gm-link", value);
          b.type = "button";
          b.addEventListener("click", function () { select([r.id]); });
          td.appendChild(b);
        } else {
          td.textContent = value;
        }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    statsBox.appendChild(table);
    if (rows.length > 25) statsBox.appendChild(gmEl("div", "gm-more", "… " + (rows.length - 25) + " more: lexgap gapmap --stats"));
  });

  status.textContent = countsText();
  return api;
}

/* The gap map page: tooltips, side panel, search, filters, legend, analytics, physics stop.
 *
 * Safety rule for this file: text from the data only ever enters the document through
 * textContent or createTextNode, never innerHTML, insertAdjacentHTML or document.write. A label
 * or quote holding "<script>" or "<img onerror=...>" is therefore shown as those characters and
 * runs nothing. vis-network shows a string tooltip as literal text, so each tooltip is handed
 * to it as an element built here from the structured `tip` data (title, fields, items).
 *
 * State for tests and for people debugging the page is kept on window.gapmap.
 */
"use strict";

var gapmap = {
  startedAt: performance.now(),
  stable: false,
  stabiliseMs: null,
  clustered: false,
};

var GM_TIP_ITEMS = 4; // tooltips show the first few items; the side panel shows them all

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

function gmItem(item) {
  var div = gmEl("div", "gm-item");
  div.appendChild(gmEl("div", "gm-item-head", item.head));
  if (item.fields.length) div.appendChild(gmFields(item.fields));
  item.quotes.forEach(function (q) {
    var bq = gmEl("blockquote", "gm-quote", q.text);
    bq.appendChild(document.createTextNode(" "));
    bq.appendChild(gmEl("span", "gm-where", "(" + q.where + ")"));
    div.appendChild(bq);
  });
  return div;
}

/* A tooltip element from tip data; `limit` items at most. */
function gmTip(tip, limit) {
  var root = gmEl("div", "gm-tip");
  root.appendChild(gmEl("div", "gm-tip-title", tip.title));
  if (tip.fields.length) root.appendChild(gmFields(tip.fields));
  tip.items.slice(0, limit).forEach(function (item) {
    root.appendChild(gmItem(item));
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

/* Called on the node and edge lists before the DataSets exist: tooltips become elements. */
function gapmapPrepare(items) {
  items.forEach(function (it) {
    it.title = gmTip(it.tip, GM_TIP_ITEMS);
    it.searchText = (String(it.label || "") + " " + gmTipText(it.tip)).toLowerCase();
  });
  return items;
}

function gmSvgLine(colour, width, dashes) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "34");
  svg.setAttribute("height", "8");
  var line = document.createElementNS(ns, "line");
  line.setAttribute("x1", "1");
  line.setAttribute("y1", "4");
  line.setAttribute("x2", "33");
  line.setAttribute("y2", "4");
  line.setAttribute("stroke", colour);
  line.setAttribute("stroke-width", String(Math.max(1, width)));
  if (dashes.length) line.setAttribute("stroke-dasharray", dashes.join(" "));
  svg.appendChild(line);
  return svg;
}

function gmSvgShape(shape, colour) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "12");
  var s;
  if (shape === "dot") {
    s = document.createElementNS(ns, "circle");
    s.setAttribute("cx", "7"); s.setAttribute("cy", "6"); s.setAttribute("r", "5");
  } else if (shape === "triangle") {
    s = document.createElementNS(ns, "polygon");
    s.setAttribute("points", "7,1 13,11 1,11");
  } else {
    s = document.createElementNS(ns, "rect");
    s.setAttribute("x", "1"); s.setAttribute("y", "1");
    s.setAttribute("width", shape === "box" ? "12" : "10"); s.setAttribute("height", "10");
  }
  s.setAttribute("fill", colour || "#90a4ae");
  s.setAttribute("stroke", "#37474f");
  svg.appendChild(s);
  return svg;
}

function gapmapInit(network, nodes, edges, G) {
  var byId = function (id) { return document.getElementById(id); };
  var status = byId("gapmap-status");
  var panel = byId("gapmap-selection");
  var kindOf = {};
  G.edgeKinds.forEach(function (k) { kindOf[k.kind] = k; });
  var kindWords = {};
  G.nodeKinds.forEach(function (k) { kindWords[k.kind] = k.label; });

  function countsText() {
    var drawn = gapmap.drawn();
    return drawn.nodes + " nodes · " + drawn.edges + " edges";
  }

  gapmap.network = network;
  gapmap.drawn = function () {
    return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length };
  };

  // Physics: a bounded stabilisation, then off, so the page is still and responsive.
  network.on("stabilizationProgress", function (p) {
    status.textContent = "laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    gapmap.stable = true;
    gapmap.stabiliseMs = Math.round(performance.now() - gapmap.startedAt);
    document.body.setAttribute("data-stable", "true");
    status.textContent = countsText() + " · laid out in " + (gapmap.stabiliseMs / 1000).toFixed(1) + " s";
  });

  // Side panel: the node's full tooltip, then its neighbours grouped by edge kind.
  function entry(other, edge) {
    var div = gmEl("div", "gm-entry");
    var link = gmEl("button", "gm-link", other ? other.label : "(not on the map)");
    link.type = "button";
    if (other) link.addEventListener("click", function () { select([other.id]); });
    div.appendChild(link);
    edge.tip.items.forEach(function (item) { div.appendChild(gmItem(item)); });
    if (other && other.kind === "recommendation" && other.tip.items.length) {
      div.appendChild(gmItem(other.tip.items[0])); // the recommendation's own words
    }
    return div;
  }

  function showNode(id) {
    gmClear(panel);
    if (network.isCluster(id)) {
      panel.appendChild(gmEl("h2", null, "Grouped provisions"));
      panel.appendChild(gmEl("p", null, "Double-click the group, or press “Group by instrument” again, to unfold it."));
      return;
    }
    var n = nodes.get(id);
    if (!n) return;
    panel.appendChild(gmEl("h2", null, n.label));
    panel.appendChild(gmEl("div", "gm-where", kindWords[n.kind] || n.kind));
    panel.appendChild(gmTip(n.tip, Infinity));
    var sections = {};
    var order = [];
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edges.get(eid);
      if (!e) return;
      var outgoing = e.from === id;
      var otherId = outgoing ? e.to : e.from;
      var k = kindOf[e.kind];
      var heading = outgoing ? k.fromSection : k.toSection;
      if (!(heading in sections)) { sections[heading] = []; order.push(heading); }
      sections[heading].push(entry(nodes.get(otherId), e));
    });
    order.forEach(function (heading) {
      panel.appendChild(gmEl("h3", null, heading + " (" + sections[heading].length + ")"));
      sections[heading].forEach(function (div) { panel.appendChild(div); });
    });
  }

  function select(ids) {
    var visible = ids.filter(function (id) { var n = nodes.get(id); return n && !n.hidden; });
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

  network.on("selectNode", function (p) { if (p.nodes.length === 1) showNode(p.nodes[0]); });
  network.on("doubleClick", function (p) {
    if (p.nodes.length === 1 && network.isCluster(p.nodes[0])) network.openCluster(p.nodes[0]);
  });

  // Search: labels first (a whole-word match wins: "257" finds "art. 257", not "art. 2571"),
  // then every word of the tooltips.
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) { network.unselectAll(); return []; }
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
  // Only the statuses the map's gaps have: three kinds of question give nine statuses.
  var present = G.statuses.filter(function (s) { return s.count > 0; });
  present.forEach(function (s) {
    var label = gmEl("label");
    var input = gmEl("input");
    input.type = "checkbox";
    input.checked = true;
    input.value = s.key;
    input.addEventListener("change", applyFilters);
    label.appendChild(input);
    var sw = gmEl("span", "gm-swatch");
    sw.style.background = s.colour;
    label.appendChild(sw);
    label.appendChild(document.createTextNode(s.label + " (" + s.count + ")"));
    statusBox.appendChild(label);
  });
  function fillSelect(sel, all, options) {
    var first = gmEl("option", null, all);
    first.value = "";
    sel.appendChild(first);
    options.forEach(function (o) {
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
      if (n.kind === "offence") h = !shown[n.status];
      else if (n.kind === "provision") h = !!inst && n.lawGroup !== inst;
      else if (n.kind === "recommendation") h = !!body && n.body !== body;
      hide[n.id] = h;
    });
    if (statusActive) {
      nodes.forEach(function (n) {
        if (hide[n.id] || (n.kind !== "provision" && n.kind !== "recommendation")) return;
        var gaps = network.getConnectedNodes(n.id).filter(function (o) {
          var on = nodes.get(o);
          return on && on.kind === "offence";
        });
        if (gaps.length && gaps.every(function (o) { return hide[o]; })) hide[n.id] = true;
      });
    }
    var changes = [];
    nodes.forEach(function (n) {
      if (!!n.hidden !== hide[n.id]) changes.push({ id: n.id, hidden: hide[n.id] });
    });
    if (changes.length) nodes.update(changes);
    status.textContent = countsText();
  }
  gapmap.applyFilters = applyFilters;

  byId("gapmap-reset").addEventListener("click", function () {
    Array.prototype.forEach.call(statusBox.querySelectorAll("input"), function (i) { i.checked = true; });
    instSel.value = "";
    bodySel.value = "";
    box.value = "";
    if (gapmap.clustered) cluster(false);
    applyFilters();
    network.unselectAll();
    network.fit({ animation: false });
  });

  // Grouping: each instrument's provisions folded into one node (on at load for big maps).
  function cluster(on) {
    G.instruments.forEach(function (inst) {
      var cid = "cluster " + inst.id;
      if (on && inst.count > 1) {
        network.cluster({
          joinCondition: function (o) { return o.kind === "provision" && o.lawGroup === inst.id; },
          clusterNodeProperties: {
            id: cid,
            label: inst.label + " (" + inst.count + ")",
            shape: "box",
            color: { background: "#b3c7e6", border: "#3b5b92" },
            title: gmTip({ title: inst.label, fields: [["provisions", String(inst.count)]], items: [] }, 0),
          },
        });
      } else if (!on && network.isCluster(cid)) {
        network.openCluster(cid);
      }
    });
    gapmap.clustered = on;
    byId("gapmap-cluster").textContent = on ? "Unfold instruments" : "Group by instrument";
    status.textContent = countsText();
  }
  gapmap.cluster = cluster;
  byId("gapmap-cluster").addEventListener("click", function () { cluster(!gapmap.clustered); });

  // Legend: statuses, node kinds, edge kinds.
  var legend = byId("gapmap-legend");
  legend.appendChild(gmEl("h4", null, "Gap status"));
  present.forEach(function (s) {
    var d = gmEl("div");
    d.appendChild(gmSvgShape("dot", s.colour));
    d.appendChild(document.createTextNode(s.label));
    legend.appendChild(d);
  });
  legend.appendChild(gmEl("h4", null, "Nodes"));
  G.nodeKinds.forEach(function (k) {
    var d = gmEl("div");
    d.appendChild(gmSvgShape(k.shape, k.colour));
    d.appendChild(document.createTextNode(k.label));
    legend.appendChild(d);
  });
  G.bodies.forEach(function (b) {
    var d = gmEl("div");
    d.title = b.name;
    d.appendChild(gmSvgShape("triangle", b.colour));
    d.appendChild(document.createTextNode(b.label + ": " + b.name));
    legend.appendChild(d);
  });
  legend.appendChild(gmEl("h4", null, "Links"));
  G.edgeKinds.forEach(function (k) {
    if (!k.count) return;
    var d = gmEl("div");
    d.appendChild(gmSvgLine(k.colour, k.width, k.dashes));
    d.appendChild(document.createTextNode(k.label));
    legend.appendChild(d);
  });

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

  if (G.clusterOnLoad) cluster(true);
  status.textContent = countsText() + " · laying out…";
}

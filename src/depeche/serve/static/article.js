// Draw an arrow from each statement's speaker to what they said, over the
// article text, and light both (and the side list entry) on hover. The
// markup already pairs them (data-kind="speaker"/"statement", data-key = the
// statement id); this only adds the drawing.
(function () {
  var text = document.getElementById("article-text");
  var svg = document.querySelector("svg.arrows");
  if (!text || !svg) return;
  var NS = "http://www.w3.org/2000/svg";

  function first(kind, key) {
    return text.querySelector('[data-kind="' + kind + '"][data-key="' + key + '"]:not([data-part])');
  }
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }

  function draw() {
    all("svg.arrows path.link").forEach(function (p) { p.remove(); });
    var box = svg.getBoundingClientRect();
    all('#article-text [data-kind="speaker"]:not([data-part])').forEach(function (sp) {
      var key = sp.getAttribute("data-key");
      var st = first("statement", key);
      if (!st) return;
      var a = sp.getClientRects()[0], b = st.getClientRects()[0];
      if (!a || !b) return;
      var x1 = a.left + a.width / 2 - box.left, y1 = a.top - box.top;
      var x2 = b.left + Math.min(12, b.width / 2) - box.left, y2 = b.top - box.top;
      // An arc above the line: high enough to clear the text between.
      var lift = 10 + Math.min(28, Math.abs(x2 - x1) / 8);
      var cy = Math.min(y1, y2) - lift;
      var p = document.createElementNS(NS, "path");
      p.setAttribute("d", "M" + x1 + "," + y1 + " C" + x1 + "," + cy + " " + x2 + "," + cy + " " + x2 + "," + y2);
      p.setAttribute("class", "link");
      p.setAttribute("data-key", key);
      svg.appendChild(p);
    });
  }

  function light(key, on) {
    all('[data-key="' + key + '"], svg.arrows path[data-key="' + key + '"], [data-kind="statement-ref"][data-sid="' + key + '"]')
      .forEach(function (el) { el.classList.toggle("on", on); });
  }
  document.addEventListener("mouseover", function (e) {
    var el = e.target.closest('[data-kind="statement"], [data-kind="speaker"], [data-kind="statement-ref"]');
    if (el) light(el.getAttribute("data-key") || el.getAttribute("data-sid"), true);
  });
  document.addEventListener("mouseout", function (e) {
    var el = e.target.closest('[data-kind="statement"], [data-kind="speaker"], [data-kind="statement-ref"]');
    if (el) light(el.getAttribute("data-key") || el.getAttribute("data-sid"), false);
  });
  draw();
  window.addEventListener("resize", draw);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(draw);
})();

// Render CSL-JSON items with citeproc-js and report, per item, the plain-text bibliography entry
// and the printed text of each variable (via citeproc-js's sys.variableWrapper hook).
// usage: node render.js ITEMS.json STYLE.csl LOCALE.xml > OUT.json
// NODE_PATH must let require("citeproc") resolve (e.g. NODE_PATH=/tmp/citeproc-work/node_modules).
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const [itemsPath, stylePath, localePath] = process.argv.slice(2);
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const style = fs.readFileSync(stylePath, "utf8");
const locale = fs.readFileSync(localePath, "utf8");
const byId = Object.fromEntries(items.map((it) => [it.id, it]));

// Private-use markers: open \uE000 names \uE001 text \uE002
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => byId[id],
  variableWrapper: (params, prePunct, str, postPunct) =>
    prePunct + "\uE000" + (params.variableNames || []).join(",") + "\uE001" + str + "\uE002" + postPunct,
};

function decode(s) {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

const out = [];
for (const it of items) {
  const engine = new CSL.Engine(sys, style, "en-US");
  engine.setOutputFormat("html");
  engine.updateItems([it.id]);
  const bib = engine.makeBibliography();
  // HTML output (the text format does not call variableWrapper); tags stripped, entities decoded.
  const html = bib && bib[1] && bib[1].length ? bib[1][0] : "";
  // the citation number sits in its own div; the corpus text starts at the authors
  const body = html.replace(/<div class="csl-left-margin">[^<]*<\/div>/, "");
  const raw = decode(body.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ");
  const fields = {};
  const re = /\uE000([^\uE001]*)\uE001([^\uE000\uE002]*)\uE002/g;
  let m;
  while ((m = re.exec(raw)) !== null) {
    for (const v of m[1].split(",")) if (v && !(v in fields)) fields[v] = m[2];
  }
  const text = raw.replace(/[\uE000][^\uE001]*\uE001/g, "").replace(/\uE002/g, "").trim();
  out.push({ id: it.id, text, printed: fields });
}
process.stdout.write(JSON.stringify(out, null, 0));

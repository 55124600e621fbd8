/**
 * The script and style of the chart page, served from /assets like the vega bundles so that the
 * page's Content-Security-Policy allows no inline code. The script reads the spec from the page's
 * JSON block and draws it with vega-embed, with vega's expression interpreter (no eval) and the
 * SVG renderer.
 */
export const PAGE_SCRIPT = `(function () {
  var holder = document.getElementById('chart');
  var spec = JSON.parse(document.getElementById('chart-spec').textContent);
  vegaEmbed(holder, spec, {
    renderer: 'svg',
    actions: false,
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true }
  }).then(function () {
    document.body.setAttribute('data-chart', 'ready');
  }).catch(function (err) {
    document.body.setAttribute('data-chart', 'error');
    holder.textContent = 'グラフを表示できませんでした: ' + err.message;
  });
})();
`;

export const PAGE_STYLE = `html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif; }
#chart { display: inline-block; }
#vg-tooltip-element { position: fixed; z-index: 1000; visibility: hidden; padding: 6px 8px; max-width: 360px;
  font-size: 12px; color: #222; background: rgba(255, 255, 255, 0.96); border: 1px solid #bbb; border-radius: 4px;
  box-shadow: 0 2px 6px rgba(0, 0, 0, 0.15); pointer-events: none; }
#vg-tooltip-element.visible { visibility: visible; }
#vg-tooltip-element table { border-spacing: 0; }
#vg-tooltip-element td.key { color: #666; padding-right: 8px; text-align: right; white-space: nowrap; }
#vg-tooltip-element td.value { text-align: left; }
`;

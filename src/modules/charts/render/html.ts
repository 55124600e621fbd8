import type { VlSpec } from '../specs/types.js';

/** URLs of what the page loads, all served by carelogic under /assets. */
export interface PageAssets {
  scripts: string[];
  style: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A self-contained page: the spec (data inline) in a JSON block, vega / vega-lite / vega-embed
 * and the page script from /assets. No inline script or style, so a strict CSP holds.
 */
export function chartPage(spec: VlSpec, assets: PageAssets): string {
  const title = (spec.title as { text?: string } | undefined)?.text ?? 'carelogic';
  // `<` escaped so the spec can never close its script block.
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${assets.style}">
</head>
<body>
<div id="chart" role="figure" aria-label="${escapeHtml(title)}"></div>
<script type="application/json" id="chart-spec">${json}</script>
${assets.scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy: scripts and styles from this origin only (the bundles under
 * /assets), no eval (vega's expression interpreter), no connections, framed only by `frameAncestors`.
 */
export function pageCsp(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

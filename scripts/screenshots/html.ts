/** Pieces both HTML imitations share: escaping, and the page a picture is taken of. */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Inline code spans cut out first so no other markup applies inside them: `format` runs on the
 * text between them, `code` on each span's content (both already HTML-escaped).
 */
export function withCodeSpans(text: string, format: (plain: string) => string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? `<code>${part.slice(1, -1)}</code>` : format(part)))
    .join('');
}

/** One picture: a page of a fixed width whose `#shot` element is screenshotted. */
export function page(title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:"Liberation Sans","DejaVu Sans",Arial,"WenQuanYi Micro Hei",sans-serif,"Noto Color Emoji";-webkit-font-smoothing:antialiased}
#shot{width:720px;display:inline-block}
${css}
</style></head>
<body><div id="shot">${body}</div></body></html>
`;
}

/** The visible text of an HTML fragment: tags dropped, entities decoded (the tests' reading of a page). */
export function textOfHtml(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/g, '')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Catalog data as YAML in the bundled catalogs' layout: a comment block, block mappings, texts as
 * `{zh: ..., en: ...}` on one line, code lists in flow style. Every scalar is written double-quoted
 * (JSON string syntax is valid YAML), so the failsafe loader reads `0x9b` and `-1` back unchanged.
 */

type Value = string | readonly Value[] | { readonly [key: string]: Value | undefined };

export function toYaml(data: object, comments: readonly string[]): string {
  const out: string[] = comments.map((c) => (c ? `# ${c}` : '#'));
  writeMap(data as Record<string, Value | undefined>, 0, out);
  return `${out.join('\n')}\n`;
}

function writeMap(map: Record<string, Value | undefined>, indent: number, out: string[], firstPrefix?: string): void {
  let first = true;
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const pad = first && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    first = false;
    if (typeof value === 'string' || isText(value) || isScalarList(value)) {
      out.push(`${pad}${key}: ${inline(value)}`);
    } else if (Array.isArray(value)) {
      out.push(`${pad}${key}:`);
      writeList(value, indent + 2, out);
    } else {
      out.push(`${pad}${key}:`);
      writeMap(value as Record<string, Value | undefined>, indent + 2, out);
    }
  }
}

function writeList(list: readonly Value[], indent: number, out: string[]): void {
  for (const item of list) {
    if (typeof item === 'string' || isText(item) || Array.isArray(item)) out.push(`${' '.repeat(indent)}- ${inline(item)}`);
    else writeMap(item as Record<string, Value | undefined>, indent + 2, out, `${' '.repeat(indent)}- `);
  }
}

function isText(value: Value): boolean {
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'en' || k === 'zh') && Object.values(value).every((v) => typeof v === 'string');
}

function isScalarList(value: Value): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function inline(value: Value): string {
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  return `{${Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${inline(v as Value)}`)
    .join(', ')}}`;
}

/** A YAML double-quoted scalar; characters YAML does not allow raw are escaped. */
function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Text in English, with the Chinese original or rendering where there is one. */
export interface LocalText {
  readonly en: string;
  readonly zh?: string;
}

export type Language = 'en' | 'zh';

/** The text in the wanted language, falling back to English (always present). */
export function pick(text: LocalText, language: Language): string {
  return language === 'zh' ? (text.zh ?? text.en) : text.en;
}

/** Collapses runs of white space, as the source documents' tables are full of them. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `1 catalog`, `2 catalogs`, `0 entries`: a count with its noun in the number it takes in English. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Terminal styling: colour only on a TTY, and never when NO_COLOR is set (https://no-color.org). */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  code(text: string): string;
  good(text: string): string;
  warn(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function styleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Style {
  const colour = stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
  if (!colour) {
    const plain = (text: string) => text;
    return { bold: plain, dim: plain, code: plain, good: plain, warn: plain };
  }
  return { bold: wrap(1, 22), dim: wrap(2, 22), code: wrap(36, 39), good: wrap(32, 39), warn: wrap(33, 39) };
}

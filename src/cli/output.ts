import { AppError } from '../shared/app-error.js';

/** What every command shares: `--json` for scripts, human text otherwise. */
export interface OutputOptions {
  readonly json?: boolean;
}

/** Prints `data` as one line of JSON with `--json`, otherwise the human text. */
export function print(options: OutputOptions, data: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(data)}\n` : `${human()}\n`);
}

/** Columns of text, each as wide as its widest cell. */
export function table<T extends object>(
  rows: readonly T[],
  columns: readonly (keyof T & string)[],
): string {
  if (rows.length === 0) return '(none)';

  const cell = (value: unknown) => (value === null || value === undefined ? '-' : String(value));
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((text, i) => text.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();

  return [
    line([...columns]),
    ...rows.map((row) => line(columns.map((column) => cell(row[column])))),
  ].join('\n');
}

/** The error as a script reads it with `--json`: the same shape as the API's. */
function errorBody(error: unknown): { code: string; message: string; field?: string } {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    };
  }

  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Writes the error to stderr (never stdout) and makes the process exit non-zero. */
export function reportError(error: unknown, options: OutputOptions): void {
  const body = errorBody(error);

  if (options.json) {
    process.stderr.write(`${JSON.stringify({ error: body })}\n`);
  } else {
    const where = body.field ? `, field: ${body.field}` : '';
    process.stderr.write(`baton: ${body.message} [${body.code}${where}]\n`);
  }
  process.exitCode = 1;
}

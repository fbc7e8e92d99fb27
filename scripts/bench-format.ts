/** The tables and statistics `npm run bench` prints. */
export type Cell = string | number;

export function table(headers: string[], rows: Cell[][]): string {
  const text = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...text.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ');
  return ['  ' + line(text[0]!), '  ' + widths.map((w) => '-'.repeat(w)).join('   '), ...text.slice(1).map((row) => '  ' + line(row))].join('\n');
}

export function section(title: string): void {
  console.log(`\n${title}\n${'='.repeat(title.length)}`);
}

export const bytes = (n: number) => Math.round(n).toLocaleString('en-US');
export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
export const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

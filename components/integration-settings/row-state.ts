export interface RowMessage {
  kind: 'success' | 'warning' | 'error';
  text: string;
}

/** What one settings row is doing, and what its last action said. */
export interface RowState {
  busy: 'test' | 'remove' | null;
  message?: RowMessage | undefined;
}

export function emptyRow(): RowState {
  return { busy: null };
}

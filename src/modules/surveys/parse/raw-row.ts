/** One physical row of a sheet or CSV: its number as the user sees it and its cells as text. */
export interface RawRow {
  readonly row: number;
  readonly cells: readonly string[];
}

/** One physical row of a sheet or CSV: its number as the user sees it and its cells as text. */
export interface RawRow {
  readonly row: number;
  readonly cells: readonly string[];
}

/** A CSV record without quotes, as its line (cells = line.split(',')); see csvRecords. */
export interface LineRow {
  readonly row: number;
  readonly line: string;
}

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e\+?\d+$/i;

/**
 * A phone column that went through a spreadsheet may hold numbers in scientific notation
 * (4.91512E+12): the digits are gone, so the row is rejected with that reason rather than guessed.
 */
export function spreadsheetDamage(cell: string): string | undefined {
  const value = cell.trim();
  if (SCIENTIFIC.test(value)) {
    return `the phone number was turned into scientific notation by a spreadsheet (${value}); export the column as text`;
  }
  return undefined;
}

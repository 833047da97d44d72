/**
 * Cells a spreadsheet would run as a formula: `=`, `@`, a tab or carriage return first, or `+` / `-`
 * followed by more than a number (a phone number such as +44 7911 123460 is only a number).
 */
function startsFormula(value: string): boolean {
  if (/^[=@\t\r]/.test(value)) return true;
  return /^[+-]/.test(value) && !/^[+-][\d\s().\-/]*$/.test(value);
}

/** For CSV files Roster writes: a leading quote makes a formula-like cell plain text. */
export function guardFormula(value: string): string {
  return startsFormula(value) ? `'${value}` : value;
}

/** For CSV files Roster reads: the quote that guardFormula added comes off again, so an export imports back as it was. */
export function unguardFormula(value: string): string {
  return value.startsWith("'") && startsFormula(value.slice(1)) ? value.slice(1) : value;
}

import { parse } from 'fast-csv';
import iconv from 'iconv-lite';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { Delimiter, Encoding } from './domain/csv-dialect';

export interface CsvDialect {
  encoding: Encoding;
  delimiter: Delimiter;
}

/** Longest record read into memory: a quote left open would otherwise swallow the rest of the file. */
export const MAX_RECORD_CHARS = 32 * 1024 * 1024;

/** A file that cannot be read as CSV past a point: the import stops there, saying where and why. */
export class MalformedCsvError extends Error {
  constructor(readonly record: number, reason: string) {
    super(`record ${record}: ${reason}`);
  }
}

/**
 * Follows quoting the way a CSV parser does (a `""` pair toggles twice) and stops the stream when a
 * single record grows past the limit, so memory stays bounded whatever the file holds.
 */
class RecordSizeGuard extends Transform {
  private quoted = false;
  private recordChars = 0;
  /** Non-blank records begun so far, numbered as the parser numbers them. */
  private records = 0;
  private quoteOpenedIn = 0;

  constructor() {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  override _transform(text: string, _encoding: BufferEncoding, done: TransformCallback): void {
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      const lineBreak = char === 10 || char === 13;
      if (!this.quoted && lineBreak) {
        this.recordChars = 0;
        continue;
      }
      if (this.recordChars === 0) this.records++;
      if (char === 34) {
        this.quoted = !this.quoted;
        if (this.quoted) this.quoteOpenedIn = this.records;
      }
      if (++this.recordChars > MAX_RECORD_CHARS) {
        return done(new MalformedCsvError(this.records, this.quoted
          ? 'a quoted field runs on for over 32 MiB: a quote was probably left open'
          : 'a line runs on for over 32 MiB without a line break'));
      }
    }
    done(null, text);
  }

  /** The record whose quote was still open at the end of the file, once the file has ended. */
  unclosedQuoteIn(): number | undefined {
    return this.writableFinished && this.quoted ? this.quoteOpenedIn : undefined;
  }
}

/**
 * The file's records as arrays of cells, in order, numbered from 1 (the header). Blank lines are
 * skipped. A parse error (such as a quote that never closes) ends the iteration with a
 * `MalformedCsvError` naming the record where reading stopped.
 */
export async function* csvRecords(source: Readable, dialect: CsvDialect): AsyncGenerator<{ record: number; cells: string[] }> {
  let record = 0;
  const decoder = iconv.decodeStream(dialect.encoding === 'windows-1252' ? 'win1252' : dialect.encoding, { stripBOM: true }) as unknown as Transform;
  const guard = new RecordSizeGuard();
  const parser = parse({ delimiter: dialect.delimiter, headers: false, ignoreEmpty: true });
  const fail = (error: Error) => parser.destroy(error);
  source.on('error', fail);
  decoder.on('error', fail);
  guard.on('error', fail);
  source.pipe(decoder).pipe(guard).pipe(parser);
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      record++;
      yield { record, cells };
    }
  } catch (error) {
    if (error instanceof MalformedCsvError) throw error;
    const message = (error as Error).message ?? String(error);
    // The parser fails only after yielding every record before the open quote; the guard knows where it opened.
    if (/missing closing/i.test(message)) throw new MalformedCsvError(guard.unclosedQuoteIn() ?? record + 1, 'a quoted field opened in this record is never closed (a quote was left open)');
    if (/^Parse Error/i.test(message)) throw new MalformedCsvError(record + 1, `${message.split(' at ')[0].replace(/^Parse Error: /, '')} (a quote inside an unquoted field, or text after a closing quote)`);
    throw error;
  } finally {
    source.destroy();
    decoder.destroy();
    guard.destroy();
  }
}

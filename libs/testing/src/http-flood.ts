import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface FloodOptions {
  url: string;
  headers: Record<string, string>;
  /** Requests kept in flight at once. */
  inFlight: number;
  seconds: number;
}

export interface FloodResponse {
  status: number;
  retryAfter: string | null;
  limit: string | null;
  remaining: string | null;
  policy: string | null;
  type?: string;
}

/**
 * Sends GET requests to `url` with `inFlight` of them always open, for `seconds`, from a process of
 * its own (so that the flood's client work does not slow the test's own requests), and answers
 * with what each response said.
 */
export function floodFromAnotherProcess(options: FloodOptions): Promise<FloodResponse[]> {
  // At the lowest CPU priority: on a small machine the flood's client would otherwise take the cores
  // the services and the database need, which a client elsewhere does not.
  const child = spawn('nice', ['-n', '19', process.execPath, '-r', '@swc-node/register', __filename], {
    cwd: join(__dirname, '../../..'),
    env: { ...process.env, ROSTER_FLOOD: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as FloodResponse[]) : reject(new Error(`flood process exited with ${code}`))));
  });
}

async function flood(options: FloodOptions): Promise<FloodResponse[]> {
  const responses: FloodResponse[] = [];
  const ends = Date.now() + options.seconds * 1000;
  const loop = async () => {
    while (Date.now() < ends) {
      const response = await fetch(options.url, { headers: options.headers });
      const body = (await response.json().catch(() => ({}))) as { type?: string };
      responses.push({
        status: response.status, retryAfter: response.headers.get('retry-after'), limit: response.headers.get('ratelimit-limit'),
        remaining: response.headers.get('ratelimit-remaining'), policy: response.headers.get('ratelimit-policy'), type: body.type,
      });
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, loop));
  return responses;
}

if (require.main === module && process.env.ROSTER_FLOOD) {
  void flood(JSON.parse(process.env.ROSTER_FLOOD) as FloodOptions).then((responses) => process.stdout.write(JSON.stringify(responses)));
}

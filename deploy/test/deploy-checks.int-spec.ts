import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Helm chart and the alert rules, checked offline with the tools deploy/local/ops-tools.sh
 * installs (npm test installs them first): helm lint and template, every rendered manifest validated
 * against the Kubernetes API schemas, and promtool's check and unit tests of the alert rules.
 */
const ROOT = join(__dirname, '..', '..');
const CHART = join(ROOT, 'deploy', 'helm', 'roster');
const OBSERVABILITY = join(ROOT, 'deploy', 'observability');
const KUBERNETES_VERSION = '1.31.0';
const BIN = execFileSync('bash', [join(ROOT, 'deploy', 'local', 'ops-tools.sh'), 'bin'], { encoding: 'utf8' }).trim();

/** The settings the chart requires, as an operator without their own Secret would pass them. */
const REQUIRED = [
  '--set', 'external.mongoUrl=mongodb://mongo:27017/?replicaSet=rs0',
  '--set', 'external.kafkaBrokers=kafka:9092',
  '--set', 'external.redisUrl=redis://redis:6379',
  '--set', 'auth.jwtSecret=a-secret-of-at-least-16-chars',
  '--set', 'autoscaling.redisAddress=redis:6379',
];
const PRODUCTION = ['-f', join(CHART, 'values-production.example.yaml')];

function tool(name: string, args: string[], input?: string) {
  const path = join(BIN, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run bash deploy/local/ops-tools.sh install`);
  const run = spawnSync(path, args, { encoding: 'utf8', input, cwd: ROOT, maxBuffer: 32 << 20 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

const render = (values: string[]) => {
  const result = tool('helm', ['template', 'roster', CHART, '--namespace', 'roster', '--kube-version', KUBERNETES_VERSION, ...values]);
  expect({ status: result.status, out: result.status === 0 ? '' : result.out }).toEqual({ status: 0, out: '' });
  return result.out;
};

const kindsOf = (manifests: string) => [...manifests.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length;

/** Validates every rendered document; KEDA's ScaledObject is a custom resource without an API schema here. */
function validate(manifests: string) {
  const result = tool('kubernetes-validate', ['--strict', '--quiet', '-k', KUBERNETES_VERSION, '-'], manifests);
  const problems = result.out.split('\n').filter((line) => line.trim() && !/Couldn't find schema for kind ScaledObject/.test(line));
  expect({ status: result.status, problems }).toEqual({ status: 0, problems: [] });
}

describe('the Helm chart, offline', () => {
  jest.setTimeout(120_000);

  it('passes helm lint with the default values and with the production example', () => {
    for (const values of [REQUIRED, PRODUCTION]) {
      const result = tool('helm', ['lint', '--strict', '--kube-version', KUBERNETES_VERSION, CHART, ...values]);
      expect({ status: result.status, out: result.status === 0 ? '' : result.out }).toEqual({ status: 0, out: '' });
    }
  });

  it('renders the default values into valid manifests: a Deployment, PDB and NetworkPolicy per component, imports split in two, the console', () => {
    const manifests = render(REQUIRED);
    validate(manifests);
    const kinds = kindsOf(manifests);
    expect(count(kinds, 'Deployment')).toBe(6);
    expect(count(kinds, 'Service')).toBe(5); // the import workers take no traffic
    expect(count(kinds, 'PodDisruptionBudget')).toBe(6);
    expect(count(kinds, 'NetworkPolicy')).toBe(6);
    expect(count(kinds, 'ScaledObject')).toBe(6);
    // The console relays to every API, and is told where they are.
    expect(manifests).toMatch(/name: roster-console\n[\s\S]*?egress:[\s\S]*?ports: \[\{ port: 3001 \}, \{ port: 3002 \}, \{ port: 3003 \}, \{ port: 3004 \}\]/);
    expect(manifests).toContain('IMPORTS_URL: "http://roster-imports-api:3002"');
    expect(kinds).toEqual(expect.arrayContaining(['ConfigMap', 'Secret', 'Job']));
    expect(manifests).toMatch(/readinessProbe:[\s\S]*?path: \/health\/ready/);
    expect(manifests).toMatch(/livenessProbe:[\s\S]*?path: \/health\/live/);
    expect(manifests).toMatch(/type: kafka[\s\S]*?lagThreshold/);
    expect(manifests).toMatch(/type: redis[\s\S]*?listLength/);
  });

  it('renders the production example into valid manifests, with the credentials from its own Secret', () => {
    const manifests = render(PRODUCTION);
    validate(manifests);
    expect(count(kindsOf(manifests), 'Secret')).toBe(0);
    expect(manifests).toContain('name: roster-credentials');
  });

  it('falls back to HorizontalPodAutoscalers on CPU without KEDA, also valid', () => {
    const manifests = render([...REQUIRED, '--set', 'autoscaling.keda=false']);
    validate(manifests);
    const kinds = kindsOf(manifests);
    expect(count(kinds, 'ScaledObject')).toBe(0);
    expect(count(kinds, 'HorizontalPodAutoscaler')).toBe(6);
  });

  it('refuses to render without a required setting, naming it', () => {
    const result = tool('helm', ['template', 'roster', CHART, '--kube-version', KUBERNETES_VERSION, '--set', 'external.mongoUrl=mongodb://m:27017', '--set', 'auth.jwtSecret=a-secret-of-at-least-16-chars']);
    expect(result.status).not.toBe(0);
    expect(result.out).toMatch(/external\.(redisUrl|kafkaBrokers) is required/);
  });
});

describe('the alert rules', () => {
  it('are valid Prometheus rules and pass their unit tests', () => {
    const check = tool('promtool', ['check', 'rules', join(OBSERVABILITY, 'alerts.yaml')]);
    expect({ status: check.status, out: check.status === 0 ? '' : check.out }).toEqual({ status: 0, out: '' });
    const tests = tool('promtool', ['test', 'rules', join(OBSERVABILITY, 'alerts.test.yaml')]);
    expect({ status: tests.status, out: tests.status === 0 ? '' : tests.out }).toEqual({ status: 0, out: '' });
  });
});

/** Every `roster_…` metric name registered anywhere in the services' and libraries' code. */
function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'(roster_[a-z_]+)'/g)) names.add(m[1]);
    }
  };
  walk(join(ROOT, 'libs'));
  walk(join(ROOT, 'services'));
  return names;
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(OBSERVABILITY, 'grafana-dashboard.json'), 'utf8'));
  const expressions: string[] = dashboard.panels.flatMap((panel: { targets: Array<{ expr: string }> }) => panel.targets.map((t) => t.expr));

  it('queries only metrics the services export, and the alert rules too', () => {
    const known = registeredMetrics();
    const used = (text: string) => [...text.matchAll(/\b(roster_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1]);
    const unknown = [...expressions.flatMap(used), ...used(readFileSync(join(OBSERVABILITY, 'alerts.yaml'), 'utf8'))].filter((name) => !known.has(name));
    expect(known.size).toBeGreaterThan(5);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('has only valid PromQL (each expression checked by promtool as a recording rule)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-dashboard-'));
    const rules = expressions.map((expr, i) => `      - record: dashboard_panel_${i}\n        expr: ${JSON.stringify(expr.replace(/\$service/g, '.*'))}`);
    writeFileSync(join(dir, 'rules.yaml'), `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
    const check = tool('promtool', ['check', 'rules', join(dir, 'rules.yaml')]);
    expect({ status: check.status, out: check.status === 0 ? '' : check.out }).toEqual({ status: 0, out: '' });
  });
});

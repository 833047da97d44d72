import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Browser, Page, chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { loadConfig } from '@roster/config';
import { Role, signToken } from '@roster/http';
import { TEST_JWT_SECRET } from '@roster/testing';
import { ConsoleSettings } from '../src/console.settings';
import { startConsole } from '../src/main';

const ROOT = join(__dirname, '..', '..', '..');
export const SCREENSHOTS = join(ROOT, '.e2e');

export interface ConsoleHarness {
  url: string;
  browser: Browser;
  /** A new page signed in with a token of that role, by the link `npm start` prints. */
  signIn(tenant: string, role: Role, path?: string): Promise<Page>;
  /** The sign-in link for a user of that role (the same browser signing in as someone else). */
  signInLink(tenant: string, role: Role, path?: string): string;
  screenshot(page: Page, name: string): Promise<void>;
  /** axe-core's serious and critical violations on the page as it is. */
  seriousViolations(page: Page): Promise<string[]>;
  close(): Promise<void>;
}

const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

/** The built console in front of running services, and Debian's Chromium driving it. */
export async function startConsoleHarness(
  services: Partial<Record<'contacts' | 'segmentation' | 'dedupe' | 'imports', INestApplication>>,
  env: Record<string, string> = {},
): Promise<ConsoleHarness> {
  execFileSync('npm', ['run', '--silent', 'console:build'], { cwd: ROOT, stdio: 'inherit' });
  const upstreams = Object.fromEntries(Object.entries(services).map(([name, app]) => [`${name.toUpperCase()}_URL`, urlOf(app)]));
  const settings = loadConfig(ConsoleSettings, { HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...upstreams, ...env });
  const app = await startConsole(settings, 0);
  const url = urlOf(app);
  const browser = await chromium.launch({ executablePath: process.env.ROSTER_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const signInLink = (tenant: string, role: Role, path = '/contacts') =>
    `${url}${path}#token=${signToken(TEST_JWT_SECRET, { tenantId: tenant, role, subject: `${role}-user` })}`;
  return {
    url,
    browser,
    signInLink,
    signIn: async (tenant, role, path = '/contacts') => {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      // Script errors and failed requests in the page show in the test's output.
      page.on('pageerror', (error) => process.stderr.write(`[browser] ${error.stack ?? error.message}\n`));
      page.on('console', (message) => message.type() === 'error' && process.stderr.write(`[browser console] ${message.text()}\n`));
      await page.goto(signInLink(tenant, role, path));
      return page;
    },
    screenshot: async (page, name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    seriousViolations: async (page) => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    },
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

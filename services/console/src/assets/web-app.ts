import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { ConsoleSettings, embedOrigins } from '../console.settings';

/** Paths the web app never answers: the APIs and the service's own endpoints. */
const SERVICE_PATHS = /^\/(api|health|metrics|config)(\/|$)/;

/**
 * The single-page app: hashed assets cached for a year, every other GET answered with index.html
 * (the app routes in the browser). Scripts and styles come from this origin only; framing is
 * allowed to the configured embedding origins alone.
 */
export function mountWebApp(app: NestExpressApplication, settings: ConsoleSettings): void {
  const dir = settings.CONSOLE_ASSETS_DIR;
  const frameAncestors = embedOrigins(settings).join(' ') || "'none'";
  const policy = [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    `frame-ancestors ${frameAncestors}`, "base-uri 'none'", "form-action 'self'", "object-src 'none'",
  ].join('; ');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!SERVICE_PATHS.test(request.path)) {
      response.setHeader('Content-Security-Policy', policy);
      response.setHeader('Referrer-Policy', 'no-referrer');
    }
    next();
  });
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || SERVICE_PATHS.test(request.path)) return next();
    // Checked per request, so that a build made while the console runs is served without a restart.
    if (!webAppBuilt(settings)) {
      response.status(503).type('text/plain').send('The console is not built: run `npm run console:build`.');
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexPage(settings));
  });
}

const indexPage = (settings: ConsoleSettings) => join(settings.CONSOLE_ASSETS_DIR, 'index.html');

export function webAppBuilt(settings: ConsoleSettings): boolean {
  return existsSync(indexPage(settings));
}

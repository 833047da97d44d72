import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { API_SERVICES, ConsoleSettings, upstreamOf } from '../console.settings';

function problem(response: Response, status: number, type: string, detail: string): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.status(status).type('application/problem+json').json({ type: `https://roster.dev/problems/${type}`, title: detail, status, detail });
}

/**
 * `/api/<service>/…` relayed to the service, so the browser talks to one origin. Bodies stream
 * through untouched (uploads, server-sent events); the bearer token goes along as sent, and every
 * service checks it itself. An unreachable service is a 502, a slow one a 504, in problem+json.
 */
export function mountApiProxy(app: NestExpressApplication, settings: ConsoleSettings): void {
  for (const service of API_SERVICES) {
    const relay = createProxyMiddleware<Request, Response>({
      target: upstreamOf(settings, service),
      proxyTimeout: settings.CONSOLE_PROXY_TIMEOUT_MS,
      xfwd: true,
      on: {
        error: (error, _request, response) => {
          const code = (error as NodeJS.ErrnoException).code;
          const timedOut = code === 'ECONNRESET' || code === 'ETIMEDOUT' || /timeout|socket hang up/i.test(error.message);
          if ('status' in response) {
            problem(response as Response, timedOut ? 504 : 502, timedOut ? 'upstream-timeout' : 'upstream-unavailable', `The ${service} service ${timedOut ? 'did not answer in time' : 'cannot be reached'}.`);
          }
        },
      },
    });
    app.use(`/api/${service}`, relay);
  }
  app.use('/api', (request: Request, response: Response) => problem(response, 404, 'not-found', `No API at ${request.originalUrl}.`));
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { ConsoleSettings } from '../src/console.settings';
import { startConsole } from '../src/main';

describe('console: the API relay', () => {
  it('answers in problem+json when a service is down or too slow, and never serves the app for an API path', async () => {
    const slow = createServer(() => undefined); // takes requests and never answers
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const settings = loadConfig(ConsoleSettings, {
      HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent', CONSOLE_PROXY_TIMEOUT_MS: '1000',
      CONTACTS_URL: `http://127.0.0.1:${closedPort}`, IMPORTS_URL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
    });
    const app = await startConsole(settings, 0);
    try {
      const http = request(app.getHttpServer());
      const down = await http.get('/api/contacts/v1/contacts').expect(502);
      expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(down.body).toMatchObject({ type: 'https://roster.dev/problems/upstream-unavailable', status: 502 });
      const late = await http.post('/api/imports/v1/imports').send({ a: 1 }).expect(504);
      expect(late.body).toMatchObject({ type: 'https://roster.dev/problems/upstream-timeout' });
      await http.get('/api/unknown/v1/x').expect(404);
      await http.get('/api').expect(404);
      await http.get('/config').expect(200, { embedOrigins: [] });
    } finally {
      await app.close();
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('refuses an embedding origin that is not an origin', () => {
    expect(() => loadConfig(ConsoleSettings, { CONSOLE_EMBED_ORIGINS: 'https://saas.example.com/path' })).toThrow(/CONSOLE_EMBED_ORIGINS/);
  });
});

import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { ProblemException } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';

function capture(exception: unknown) {
  const sent: { status?: number; type?: string; body?: string } = {};
  const response = {
    status(code: number) { sent.status = code; return this; },
    type(value: string) { sent.type = value; return this; },
    send(body: string) { sent.body = body; return this; },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/contacts/42', id: 'corr-1' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { ...sent, problem: JSON.parse(sent.body!) };
}

describe('problem details', () => {
  it('renders a domain problem with its stable type and extensions', () => {
    const out = capture(new ProblemException(409, 'contact-exists', 'A contact with this phone exists.', { existingId: 'c-1' }));
    expect(out.status).toBe(409);
    expect(out.type).toBe('application/problem+json');
    expect(out.problem).toEqual({
      type: 'https://roster.dev/problems/contact-exists',
      title: 'Conflict',
      status: 409,
      detail: 'A contact with this phone exists.',
      instance: '/v1/contacts/42',
      existingId: 'c-1',
    });
  });

  it('maps framework errors, malformed JSON and unknown failures', () => {
    expect(capture(new NotFoundException('no such contact')).problem).toMatchObject({ type: 'https://roster.dev/problems/not-found', status: 404 });
    const parse = Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' });
    expect(capture(parse).problem).toMatchObject({ type: 'https://roster.dev/problems/malformed-json', status: 400 });
    const crash = capture(new Error('database password is hunter2'));
    expect(crash.problem).toMatchObject({ status: 500, detail: 'An unexpected error occurred.' });
    expect(crash.body).not.toContain('hunter2');
  });
});

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidCursorError } from '@roster/persistence';
import { BodyRefusal } from './request-hardening';
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemException, defaultSlug, problemTitle } from './problem';

/** Every error leaves as RFC 9457 problem+json with a stable `type`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl;
    if (problem.status >= 500) {
      this.logger.error({ err: exception, correlationId: request.id }, 'unhandled error');
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof BodyRefusal) exception = exception.problem;
    if (exception instanceof InvalidCursorError) exception = new ProblemException(400, 'invalid-cursor', 'The pagination cursor is malformed.');
    if (exception instanceof ProblemException) {
      const status = exception.getStatus();
      return {
        type: PROBLEM_BASE + exception.slug,
        title: problemTitle(status),
        status,
        detail: exception.detail,
        ...exception.extensions,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        type: PROBLEM_BASE + defaultSlug(status),
        title: problemTitle(status),
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
      };
    }
    // A body-parser error (malformed JSON, body too large) carries its own status.
    const status = (exception as { status?: number; type?: string }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const parseFailure = (exception as { type?: string }).type === 'entity.parse.failed';
      return {
        type: PROBLEM_BASE + (parseFailure ? 'malformed-json' : defaultSlug(status)),
        title: problemTitle(status),
        status,
        detail: parseFailure ? 'The request body is not valid JSON.' : (exception as Error).message,
      };
    }
    return { type: PROBLEM_BASE + 'internal', title: problemTitle(500), status: 500, detail: 'An unexpected error occurred.' };
  }
}

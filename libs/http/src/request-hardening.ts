import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem';

/** Deeper JSON than this is refused before it is parsed: no Roster body nests past a dozen levels. */
export const MAX_JSON_DEPTH = 64;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** An error the body parser passes on with the problem that answers it. */
export class BodyRefusal extends Error {
  constructor(readonly problem: ProblemException) {
    super(problem.detail);
  }
}

/** The deepest nesting of objects and arrays in a JSON text, strings skipped. */
export function jsonDepth(body: Buffer, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > stopAbove) return deepest;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return deepest;
}

/** body-parser's `verify`: the raw body must be UTF-8 and nest at most MAX_JSON_DEPTH levels. */
export function verifyJsonBody(_request: unknown, _response: unknown, body: Buffer): void {
  try {
    strictUtf8.decode(body);
  } catch {
    throw new BodyRefusal(new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-utf8', 'The request body is not valid UTF-8.'));
  }
  if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BodyRefusal(new ProblemException(HttpStatus.BAD_REQUEST, 'too-deep', `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`));
  }
}

/** Headers on every response: no framework banner (disabled on the app), no content sniffing. */
export function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

const BODY_TYPES = 'roster:body-types';

/** The media types a route takes instead of JSON: documented and enforced by one statement. */
export const AcceptsBody = (...mediaTypes: string[]) => applyDecorators(ApiConsumes(...mediaTypes), SetMetadata(BODY_TYPES, mediaTypes));

/** A body must come in a type the route takes: JSON unless the route says otherwise with `@AcceptsBody`. */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!hasBody(request)) return true;
    const type = request.headers['content-type'] ?? '';
    const declared = this.reflector.getAllAndOverride<string[] | undefined>(BODY_TYPES, [context.getHandler(), context.getClass()]);
    const accepted = declared ? declared.some((media) => type.toLowerCase().startsWith(media.toLowerCase())) : JSON_TYPE.test(type);
    if (accepted) return true;
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      `This route takes ${declared ? declared.join(' or ') : 'application/json'}, not ${type || 'a body without a content type'}.`,
    );
  }
}

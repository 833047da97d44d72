import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { FieldProblem, ProblemException } from './problem';

/** Unknown fields are refused, not dropped: what every request body and query is checked with. */
export const WHITELIST = { whitelist: true, forbidNonWhitelisted: true } as const;

/** Each failing field by its path (`parent.child`), with its messages. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The 400 problem naming each invalid field. */
export function validationFailed(fields: FieldProblem[]): ProblemException {
  return new ProblemException(
    HttpStatus.BAD_REQUEST,
    'validation-failed',
    `The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${fields.map((f) => f.field).join(', ')}`,
    { errors: fields },
  );
}

/** Whitelisting validation: unknown fields are refused, and each failing field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ ...WHITELIST, transform: true, exceptionFactory: (errors) => validationFailed(fieldProblems(errors)) });
}

/** Where a free-form object breaks the rules for stored keys, or undefined when it keeps them. */
export function unstorableKey(value: unknown, path = '', depth = 0): string | undefined {
  if (depth > 8) return `${path || 'the object'} nests deeper than 8 levels`;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = unstorableKey(item, `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '' || key.includes('.') || key.startsWith('$') || key.includes('\0') || key.length > 100) {
      return `key "${key}" ${path ? `in ${path} ` : ''}is not allowed: keys are 1-100 characters without ".", a leading "$" or NUL`;
    }
    const problem = unstorableKey(item, at, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A free-form JSON object (activity properties, custom field values) whose keys can be stored as
 * they are: no `.`, no leading `$`, at most 8 levels deep. The message names the key at fault.
 */
export function IsFreeFormObject(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isFreeFormObject',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value) && unstorableKey(value) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          args.value === null || typeof args.value !== 'object' || Array.isArray(args.value)
            ? `${args.property} must be an object`
            : `${args.property}: ${unstorableKey(args.value)}`,
      },
    });
}

/**
 * The field may be left out, but not sent as null (class-validator's IsOptional lets null through
 * every other rule). Fields where null means "clear it" add `ValidateIf((_, v) => v !== null)`.
 */
export const IsOmittable = (options?: ValidationOptions) => ValidateIf((_, value) => value !== undefined, options);

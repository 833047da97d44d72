import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const messages = Object.values(error.constraints ?? {});
    const shown = error.value === undefined || error.value === '' ? 'missing' : 'malformed';
    return [`${error.property} is ${shown}: ${messages.join('; ')}`];
  });
}

/**
 * Reads settings from the environment into a typed, validated object.
 * Empty strings count as missing, so `FOO=` in a shell does not slip through.
 */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(cls, raw, { exposeDefaultValues: true, enableImplicitConversion: false });
  const errors = validateSync(config as object, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return config;
}

/** For `main.ts`: a bad setting stops the process at once, naming the setting. */
export function loadConfigOrExit<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return loadConfig(cls, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: error.message, settings: error.problems }) + '\n',
    );
    process.exit(78); // EX_CONFIG
  }
}

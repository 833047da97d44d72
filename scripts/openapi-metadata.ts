// Regenerates services/<name>/src/openapi-metadata.ts: the fields of each service's DTOs, read from
// their types and class-validator rules, so its OpenAPI document follows the DTOs.
// Run after changing a DTO: npm run openapi:metadata (a test fails while a file is stale).
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

// The package exports this path for require only; its types live under dist.
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');

export const SERVICES = ['contacts', 'imports', 'segmentation', 'dedupe'] as const;
export const METADATA_FILE = 'openapi-metadata.ts';
const root = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && entry.name !== METADATA_FILE ? [path] : [];
  });
}

/** Writes each service's metadata file into `outputRoot/<service>` (the services' own src by default). */
export function generateOpenApiMetadata(outputDirOf: (service: string) => string = (service) => join(root, 'services', service, 'src')): void {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  for (const service of SERVICES) {
    const sourceDir = join(root, 'services', service, 'src');
    const program = ts.createProgram(sources(sourceDir), config.options);
    mkdirSync(outputDirOf(service), { recursive: true });
    new PluginMetadataGenerator().generate({
      visitors: [
        new ReadonlyVisitor({
          pathToSource: sourceDir,
          classValidatorShim: true,
          introspectComments: true,
          dtoFileNameSuffix: ['.dto.ts', '.controller.ts'],
          controllerFileNameSuffix: ['.controller.ts'],
        }),
      ],
      outputDir: outputDirOf(service),
      filename: METADATA_FILE,
      tsProgramRef: program,
      printDiagnostics: false,
    });
  }
}

if (require.main === module) generateOpenApiMetadata();

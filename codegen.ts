import type { CodegenConfig } from '@graphql-codegen/cli';
import { renameSync } from 'node:fs';

/**
 * Typed documents for the operations in schema/operations, generated from the printed schema.
 * The output is committed; the GraphQL tests import it. Run `npm run codegen` after changing either.
 * The same run writes the persisted-document manifest (id -> document) that trusted documents load,
 * moved from the client preset's output folder to schema/persisted-documents.json (docs/graphql-tooling.md).
 */
const MANIFEST = 'schema/persisted-documents.json';
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/graphql/generated/': {
      preset: 'client',
      // Ids are `sha256:<hex>` of each operation's normalised text, embedded in the documents as __meta__.hash.
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      hooks: {
        afterOneFileWrite: (file: string) => {
          if (file.endsWith('persisted-documents.json')) renameSync(file, MANIFEST);
        },
      },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown', SafeInt: 'number' },
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;

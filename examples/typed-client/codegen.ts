import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The example's own codegen: typed documents for its operations against the gateway's printed schema, with
 * persisted-document ids (src/gql/persisted-documents.json is the manifest a trusted-documents gateway
 * loads). Run from the repository root: `npx graphql-codegen --config examples/typed-client/codegen.ts`
 * (`npm run codegen` runs it too). The output is committed.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/typed-client/src/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'examples/typed-client/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
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

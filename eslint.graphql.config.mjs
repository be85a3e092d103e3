import graphql from '@graphql-eslint/eslint-plugin';

/**
 * Lint for the public GraphQL schema only (`npm run schema:lint`): the printed schema/schema.graphql is what
 * clients see, so naming, descriptions and the Relay shapes are checked there, whatever code produced it.
 * TypeScript is not linted by this file. docs/graphql-tooling.md explains each choice.
 */
/**
 * Fields that repeat their type's name on purpose: they are the domain's names for these concepts on every
 * face (REST `job_id`, `job_type`, `model_id`; the same columns in SQL), and one concept keeps one name.
 */
const PREFIXED_ON_PURPOSE = new Set(['Job.jobId', 'Job.jobType', 'Model.modelId']);

/** graphql-eslint's no-typename-prefix, minus the fields above (the rule itself has no exceptions). */
const noTypenamePrefix = {
  meta: graphql.rules['no-typename-prefix'].meta,
  create(context) {
    const report = (descriptor) => {
      if (!PREFIXED_ON_PURPOSE.has(`${descriptor.data.typeName}.${descriptor.data.fieldName}`)) context.report(descriptor);
    };
    return graphql.rules['no-typename-prefix'].create(Object.create(context, { report: { value: report } }));
  },
};

export default [
  {
    files: ['schema/schema.graphql'],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphql, dcp: { rules: { 'no-typename-prefix': noTypenamePrefix } } },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      '@graphql-eslint/no-typename-prefix': 'off',
      'dcp/no-typename-prefix': 'error',
      // Edges are `XxxEdge` with a `node` that implements Node; plain lists (log lines, models) stay allowed.
      '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: true, listTypeCanWrapOnlyEdgeType: false }],
      // Every type, field, argument, input field and enum value says what it is: the schema is the API's reference.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          DirectiveDefinition: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
        },
      ],
      // Every entity has a non-null `id: ID!` (its global id). Exempt: wrappers and results, and the values and
      // facets listed here, which are read through their owner and never refetched by id. A new type without
      // an id must be added here on purpose.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            types: [
              'PageInfo',
              'Query',
              'Mutation',
              'Subscription',
              'Admin',
              'AdminDashboard',
              'DashboardTotals',
              'GpuModelCount',
              'GpuReference',
              'JobEvent',
              'JobLogLine',
              'JobStatusChange',
              'PreloadModel',
              'ProviderAccount',
              'ProviderPreferences',
              'ProviderStatusChange',
              'RenterBalance',
              'Settlement',
              'VerificationFlag',
              'VerificationRun',
            ],
            suffixes: ['Connection', 'Edge', 'Payload', 'Error', 'Stats', 'Result', 'Credentials', 'Ack'],
          },
        },
      ],
      // One mutation convention: `xxx(input: XxxInput!): XxxPayload!`.
      '@graphql-eslint/input-name': ['error', { checkInputType: true, caseSensitiveInputType: false, checkQueries: false, checkMutations: true }],
      '@graphql-eslint/no-scalar-result-type-on-mutation': 'error',
      '@graphql-eslint/require-deprecation-date': 'off',
      '@graphql-eslint/require-nullable-fields-with-oneof': 'error',
      '@graphql-eslint/require-type-pattern-with-oneof': 'error',
    },
  },
];

import { createSchema, createYoga } from 'graphql-yoga';
import type { Gateway } from '../gateway.js';

/** PLACEHOLDER (owned by the GraphQL work): the Yoga instance served at /graphql by src/server.ts. */
export function createGraphQL(_gateway: Gateway) {
  return createYoga({ schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }), graphqlEndpoint: '/graphql' });
}

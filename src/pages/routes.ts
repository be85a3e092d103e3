import { Hono } from 'hono';
import type { Gateway } from '../gateway.js';
import { docsRoutes } from './docs.js';
import { graphiqlAssetRoutes } from './graphiql.js';

/**
 * The browser pages' routes on the root app: GraphiQL's files (the page itself is Yoga's, at /graphql)
 * and the REST reference at /docs. docs/graphiql-and-docs.md explains them.
 */
export function pageRoutes(gateway: Gateway): Hono {
  // GraphiQL reads the schema by introspection: it and its files are served exactly when introspection is on.
  const graphiql = gateway.config.graphqlIntrospection;
  const app = new Hono();
  app.route('/', graphiqlAssetRoutes(graphiql));
  app.route('/', docsRoutes(graphiql));
  return app;
}

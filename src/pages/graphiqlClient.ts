/**
 * The script that starts GraphiQL in the browser, served as a file of its own so the page's
 * Content-Security-Policy can forbid inline scripts. It gives GraphiQL a fetcher of its own: queries
 * and mutations go to POST /graphql with the Headers tab's headers; subscriptions go over graphql-ws
 * with the same headers as `connectionParams`, which is where the gateway reads a WebSocket's
 * credentials (Yoga's bundled fetcher would send subscriptions without them).
 *
 * Browser JavaScript, kept free of template literals so it can live in this string.
 */
export function graphiqlStartScript(graphiql: Record<string, unknown>, workers: Record<string, string>): string {
  return `'use strict';
(function () {
  var OPTIONS = ${JSON.stringify(graphiql)};
  var WORKERS = ${JSON.stringify(workers)};
  var endpoint = new URL('/graphql', location.href).href;
  var wsEndpoint = endpoint.replace(/^http/, 'ws');
  var clients = new Map();

  // One lazy graphql-ws client per set of headers: a connection carries the credentials it opened with.
  function wsClient(headers) {
    var key = JSON.stringify(headers);
    var client = clients.get(key);
    if (!client) {
      client = graphqlWs.createClient({ url: wsEndpoint, connectionParams: headers, lazy: true, retryAttempts: 0 });
      clients.set(key, client);
    }
    return client;
  }

  // GraphiQL parses the editor in the background: an operation run right after an edit can come with the
  // previous text's AST. Then the type is read from the text being sent (comments dropped).
  function operationTypeFromText(query, operationName) {
    var text = String(query || '').replace(/#[^\\n\\r]*/g, '');
    var pattern = operationName
      ? new RegExp('\\\\b(query|mutation|subscription)\\\\s+' + operationName + '\\\\b')
      : /\\b(query|mutation|subscription)\\b/;
    var found = pattern.exec(text);
    return found ? found[1] : 'query';
  }

  function operationType(params, documentAST) {
    var current = documentAST && documentAST.loc && documentAST.loc.source && documentAST.loc.source.body === params.query;
    if (!current) return operationTypeFromText(params.query, params.operationName);
    var operations = ((documentAST && documentAST.definitions) || []).filter(function (d) {
      return d.kind === 'OperationDefinition';
    });
    var chosen = params.operationName
      ? operations.find(function (d) { return d.name && d.name.value === params.operationName; })
      : operations.length === 1 ? operations[0] : undefined;
    return chosen ? chosen.operation : 'query';
  }

  // A refused or dropped WebSocket arrives as a CloseEvent; show its code and the gateway's reason.
  function failure(err) {
    if (Array.isArray(err)) return { errors: err };
    if (err && typeof err.code === 'number') {
      return { errors: [{ message: 'graphql-ws connection closed: ' + err.code + (err.reason ? ' ' + err.reason : '') }] };
    }
    return { errors: [{ message: String((err && err.message) || err) }] };
  }

  async function* subscribe(params, headers) {
    var results = wsClient(headers).iterate({ query: params.query, variables: params.variables, operationName: params.operationName });
    try {
      for await (var result of results) yield result;
    } catch (err) {
      yield failure(err);
    }
  }

  async function post(params, headers) {
    var response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'omit',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, headers),
      body: JSON.stringify(params),
    });
    var text = await response.text();
    try {
      return JSON.parse(text);
    } catch (err) {
      return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] };
    }
  }

  function fetcher(params, opts) {
    var headers = (opts && opts.headers) || {};
    if (operationType(params, opts && opts.documentAST) === 'subscription') return subscribe(params, headers);
    return post(params, headers);
  }

  // The editor's workers are files of the gateway too (worker-src 'self'), not blobs made in the page.
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (moduleId, label) { return WORKERS[label]; },
  };
  // This script runs before GraphiQL's bundle; the page is complete, bundle included, at DOMContentLoaded.
  document.addEventListener('DOMContentLoaded', function () {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), Object.assign({}, OPTIONS, { fetcher: fetcher }));
  });
})();
`;
}

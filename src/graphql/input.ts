/**
 * The domain validates inputs by the names the wire contract uses (`gpu_model`, `duration_minutes`);
 * GraphQL inputs are camelCase. These two helpers translate in each direction.
 */

const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const snakeToCamel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * A mutation's input object with its top-level keys renamed for the domain; JSON values pass untouched.
 * A field sent as null counts as not sent, as it does for an omitted optional field.
 */
export function wireInput(input: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, value]) => value != null)
      .map(([key, value]) => [camelToSnake(key), value]),
  );
}

/**
 * A domain field path as the GraphQL operation names it: mutations take one `input` argument, so
 * `gpu_status.temp_c` becomes `input.gpuStatus.temp_c` (keys inside JSON values keep their names).
 */
export function graphqlInputPath(domainPath: string): string {
  if (domainPath === '(root)') return 'input';
  const [head, ...rest] = domainPath.split('.');
  return ['input', snakeToCamel(head), ...rest].join('.');
}

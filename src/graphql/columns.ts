import { Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { JobSelection } from '../domain/queries.js';

/**
 * Which columns a list's rows need for what the query selects, so the list statement reads only those
 * (docs/performance.md, "Reads"). Each field of a type that lists read as rows says which columns its resolver
 * reads: an exposed field reads its own; any other field declares them with `extensions: reading(...)`. A field
 * that says nothing needs the whole row, so a new field is correct before it is narrow.
 */

/** `reading(...columns)` for the fields of a type whose rows have columns `C`: checked against them. */
export const readsOf =
  <C extends string>() =>
  (...columns: C[]) => ({ reads: columns as readonly string[] });

/** The columns a field's resolver reads, or undefined when it did not say. */
function fieldReads(type: GraphQLObjectType, name: string): readonly string[] | undefined {
  const extensions = type.getFields()[name]?.extensions as { reads?: readonly string[]; pothosExposedField?: string } | undefined;
  if (extensions?.reads) return extensions.reads;
  return extensions?.pothosExposedField !== undefined ? [extensions.pothosExposedField] : undefined;
}

/** The fields the selection sets ask for, by name (aliases together), through fragments and inline fragments; @skip/@include count as asked. */
function selectedFields(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const same = into.get(selection.name.value);
        if (same) same.push(selection);
        else into.set(selection.name.value, [selection]);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
        if (fragment) selectedFields([fragment.selectionSet], info, into);
      }
    }
  }
  return into;
}

/** The selection sets of the fields named `name` in `sets`. */
function subselections(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, name: string): SelectionSetNode[] {
  return (selectedFields(sets, info).get(name) ?? []).flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
}

/** The columns of `type`'s rows that `sets` read; undefined when a field needs the whole row. */
function columnsRead(type: GraphQLObjectType, sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): string[] | undefined {
  const columns = new Set<string>();
  for (const name of selectedFields(sets, info).keys()) {
    if (name.startsWith('__')) continue;
    const declared = fieldReads(type, name);
    if (!declared) return undefined;
    for (const column of declared) columns.add(column);
  }
  return [...columns];
}

/** A relation's columns: false when not selected, true for whole rows. */
function relationColumns(type: GraphQLObjectType, sets: SelectionSetNode[], info: GraphQLResolveInfo): boolean | string[] {
  return sets.length === 0 ? false : (columnsRead(type, sets, info) ?? true);
}

const CONNECTION_FIELDS = new Set(['edges', 'pageInfo', 'totalCount', '__typename']);
const EDGE_FIELDS = new Set(['node', 'cursor', '__typename']);
const onlyAmong = (sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, names: Set<string>) =>
  [...selectedFields(sets, info).keys()].every((name) => names.has(name));

interface ListSelections {
  /** For callers who may see the jobs' renters. */
  withRenters: JobSelection;
  /** For a provider, who may see none: the renter is not read, and each one asked for is refused as on a single job. */
  withoutRenters: JobSelection;
}
const jobLists = new WeakMap<FieldNode, ListSelections>();

/**
 * What a job connection's page reads for its selection (`edges { node { … } }`): the job columns, and those
 * of each job's provider and renter when asked. Worked out once per field node: the parsed document is shared
 * by every request that sends it, and the domain keeps its statement per selection object.
 */
export function jobListSelection(info: GraphQLResolveInfo, renters: boolean): JobSelection {
  let known = jobLists.get(info.fieldNodes[0]);
  if (!known) {
    const type = (name: string) => info.schema.getType(name) as GraphQLObjectType;
    const connection = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    const edges = subselections(connection, info, 'edges');
    const nodes = subselections(edges, info, 'node');
    const jobs = columnsRead(type('Job'), nodes, info) as JobSelection['jobs'];
    const providers = relationColumns(type('Provider'), subselections(nodes, info, 'provider'), info) as JobSelection['providers'];
    const withRenters = { jobs, providers, renters: relationColumns(type('Renter'), subselections(nodes, info, 'renter'), info) as JobSelection['renters'] };
    known = { withRenters, withoutRenters: { jobs, providers, renters: false } };
    // Jobs reached any other way than `edges { node }` (a field the connection does not have today) get whole rows.
    if (!onlyAmong(connection, info, CONNECTION_FIELDS) || !onlyAmong(edges, info, EDGE_FIELDS))
      known = { withRenters: { providers: true, renters: true }, withoutRenters: { providers: true, renters: false } };
    jobLists.set(info.fieldNodes[0], known);
  }
  return renters ? known.withRenters : known.withoutRenters;
}

/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment UserErrorParts on UserError {\n  code\n  field\n  message\n}\n\nmutation SignUp($input: RegisterRenterInput!) {\n  registerRenter(input: $input) {\n    apiKey\n    renter {\n      id\n      name\n      balance {\n        availableHalala\n      }\n    }\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nmutation SubmitJob($input: SubmitJobInput!) {\n  submitJob(input: $input) {\n    job {\n      id\n      jobId\n      status\n      costHalala\n    }\n    queuePosition\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nsubscription FollowJob($ref: JobRef!) {\n  jobStatusChanged(ref: $ref, afterSequenceNo: 0) {\n    event {\n      sequenceNo\n      eventType\n      status\n      message\n    }\n  }\n}\n\nquery JobOutcome($ref: JobRef!) {\n  job(ref: $ref) {\n    jobId\n    status\n    result\n    actualCostHalala\n    logs(limit: 100) {\n      lineNo\n      message\n    }\n  }\n}": typeof types.UserErrorPartsFragmentDoc,
};
const documents: Documents = {
    "fragment UserErrorParts on UserError {\n  code\n  field\n  message\n}\n\nmutation SignUp($input: RegisterRenterInput!) {\n  registerRenter(input: $input) {\n    apiKey\n    renter {\n      id\n      name\n      balance {\n        availableHalala\n      }\n    }\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nmutation SubmitJob($input: SubmitJobInput!) {\n  submitJob(input: $input) {\n    job {\n      id\n      jobId\n      status\n      costHalala\n    }\n    queuePosition\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nsubscription FollowJob($ref: JobRef!) {\n  jobStatusChanged(ref: $ref, afterSequenceNo: 0) {\n    event {\n      sequenceNo\n      eventType\n      status\n      message\n    }\n  }\n}\n\nquery JobOutcome($ref: JobRef!) {\n  job(ref: $ref) {\n    jobId\n    status\n    result\n    actualCostHalala\n    logs(limit: 100) {\n      lineNo\n      message\n    }\n  }\n}": types.UserErrorPartsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment UserErrorParts on UserError {\n  code\n  field\n  message\n}\n\nmutation SignUp($input: RegisterRenterInput!) {\n  registerRenter(input: $input) {\n    apiKey\n    renter {\n      id\n      name\n      balance {\n        availableHalala\n      }\n    }\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nmutation SubmitJob($input: SubmitJobInput!) {\n  submitJob(input: $input) {\n    job {\n      id\n      jobId\n      status\n      costHalala\n    }\n    queuePosition\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nsubscription FollowJob($ref: JobRef!) {\n  jobStatusChanged(ref: $ref, afterSequenceNo: 0) {\n    event {\n      sequenceNo\n      eventType\n      status\n      message\n    }\n  }\n}\n\nquery JobOutcome($ref: JobRef!) {\n  job(ref: $ref) {\n    jobId\n    status\n    result\n    actualCostHalala\n    logs(limit: 100) {\n      lineNo\n      message\n    }\n  }\n}"): (typeof documents)["fragment UserErrorParts on UserError {\n  code\n  field\n  message\n}\n\nmutation SignUp($input: RegisterRenterInput!) {\n  registerRenter(input: $input) {\n    apiKey\n    renter {\n      id\n      name\n      balance {\n        availableHalala\n      }\n    }\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nmutation SubmitJob($input: SubmitJobInput!) {\n  submitJob(input: $input) {\n    job {\n      id\n      jobId\n      status\n      costHalala\n    }\n    queuePosition\n    userErrors {\n      ...UserErrorParts\n    }\n  }\n}\n\nsubscription FollowJob($ref: JobRef!) {\n  jobStatusChanged(ref: $ref, afterSequenceNo: 0) {\n    event {\n      sequenceNo\n      eventType\n      status\n      message\n    }\n  }\n}\n\nquery JobOutcome($ref: JobRef!) {\n  job(ref: $ref) {\n    jobId\n    status\n    result\n    actualCostHalala\n    logs(limit: 100) {\n      lineNo\n      message\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
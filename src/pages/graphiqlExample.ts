/**
 * The document GraphiQL opens on (until the browser has one of its own stored): a guided tour from sign-up
 * to a live subscription. test/pages validates it against the schema, so a schema change that breaks
 * the tour fails the suite instead of greeting newcomers with errors.
 */
export const GUIDED_EXAMPLE = `# Welcome to the DCP Gateway GraphQL API.
#
# Credentials go in the Headers tab below, as JSON, under the same names as on REST:
#   { "X-Renter-Key": "dc1-renter-..." }      as a renter
#   { "X-Provider-Key": "dc1-provider-..." }  as a provider
#   { "X-Admin-Token": "..." }                 as the admin (printed at start-up in development)
# Without one you are anonymous: sign-up and the public marketplace still work.
#
# A short tour; run each operation with the ▶ button (it asks which one):
#   1. SignUp creates a renter and answers its key, shown once. Copy apiKey into
#      the Headers tab: { "X-Renter-Key": "<apiKey>" }
#   2. Me reads your account and balance (halala: 100 halala = 1 SAR).
#   3. MyJobs subscribes, over graphql-ws, to every change of your jobs;
#      it runs until you stop it. Open a new tab (+), paste SubmitJob and
#      run it there: the subscription shows the new job arriving.

mutation SignUp {
  registerRenter(input: { name: "Ada Lovelace", email: "ada@example.com" }) {
    apiKey
    renter { id name balance { availableHalala } }
    userErrors { code field message }
  }
}

query Me {
  me {
    ... on Renter { id name email balance { availableHalala heldHalala } }
  }
}

subscription MyJobs {
  myJobs {
    event { eventType status occurredAt }
    job { jobId status costHalala }
  }
}

mutation SubmitJob {
  submitJob(input: { jobType: LLM_INFERENCE, durationMinutes: 1 }) {
    job { jobId status costHalala }
    queuePosition
    userErrors { code field message }
  }
}
`;

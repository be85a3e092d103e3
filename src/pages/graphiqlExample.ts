/**
 * The tabs GraphiQL opens with (until the browser has tabs of its own stored): a guided tour from sign-up
 * to a live subscription, and a second tab that submits a job for the subscription to show. test/pages
 * validates both against the schema, so a schema change that breaks the tour fails the suite instead of
 * greeting newcomers with errors. Lines stay short: the editor is half the window.
 */
export const GUIDED_TOUR = `# Welcome to the DCP Gateway GraphQL API.
#
# Credentials go in the Headers tab below, as JSON,
# under the same names as on REST:
#   { "X-Renter-Key": "dc1-renter-..." }      a renter
#   { "X-Provider-Key": "dc1-provider-..." }  a provider
#   { "X-Admin-Token": "..." }                 the admin
# (in development the admin token is printed at start-up).
# Without one you are anonymous: sign-up and the public
# marketplace still work.
#
# A short tour. Run each operation with the ▶ button
# (it asks which one):
# 1. SignUp creates a renter and answers its key, shown
#    once. Put it in the Headers tab:
#    { "X-Renter-Key": "<apiKey>" }
# 2. Me reads your account and balance (in halala:
#    100 halala = 1 SAR).
# 3. MyJobs subscribes, over graphql-ws, to every change
#    of your jobs, until you stop it. Then run the next
#    tab's SubmitJob (same key in its Headers tab) and
#    watch the new job arrive here.

mutation SignUp {
  registerRenter(
    input: { name: "Ada Lovelace", email: "ada@example.com" }
  ) {
    apiKey
    renter { id name balance { availableHalala } }
    userErrors { code field message }
  }
}

query Me {
  me {
    ... on Renter {
      id name email
      balance { availableHalala heldHalala }
    }
  }
}

subscription MyJobs {
  myJobs {
    event { eventType status occurredAt }
    job { jobId status costHalala }
  }
}
`;

export const SUBMIT_JOB = `# Submits a one-minute inference job: its quote is held
# from your balance until it runs. Needs a renter key in
# the Headers tab. A job no provider takes fails after
# the queue timeout, and the hold comes back in full.

mutation SubmitJob {
  submitJob(input: { jobType: LLM_INFERENCE, durationMinutes: 1 }) {
    job { jobId status costHalala }
    queuePosition
    userErrors { code field message }
  }
}
`;

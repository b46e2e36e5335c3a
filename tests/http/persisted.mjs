// Apollo Client with its persisted-queries link against the gateway: runs one operation that is
// in the gateway's manifest (sent by hash alone, by GET) and one that is not, and prints on
// stdout, as JSON, what came back and every request the client sent.
//
//   node tests/http/persisted.mjs <dir holding node_modules/@apollo/client> <endpoint URL> \
//       <operations file: the known operation, a line "---", the unknown one>
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, url, operationsFile] = process.argv.slice(2);
if (!prefix || !url || !operationsFile) {
  console.error("usage: node persisted.mjs <node prefix dir> <GraphQL endpoint URL> <operations>");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(prefix), "package.json"));
const { ApolloClient, HttpLink, InMemoryCache, gql } = require("@apollo/client/core");
const { createPersistedQueryLink } = require("@apollo/client/link/persisted-queries");

const [known, unknown] = readFileSync(operationsFile, "utf8").split("\n---\n");
const sent = [];
async function recordingFetch(uri, options) {
  sent.push({ method: options.method, url: String(uri), body: options.body ?? null });
  return fetch(uri, options);
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const client = new ApolloClient({
  link: createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
    new HttpLink({ uri: url, fetch: recordingFetch }),
  ),
  // No __typename added: the document sent is the one the manifest was made from.
  cache: new InMemoryCache({ addTypename: false }),
});

function describe(error) {
  return {
    message: error.message,
    codes: [
      ...(error.graphQLErrors ?? []),
      ...(error.networkError?.result?.errors ?? []),
    ].map((e) => e.extensions?.code),
  };
}

const output = { sent };
const result = await client.query({ query: gql(known), variables: { id: "1" }, fetchPolicy: "no-cache" });
output.known = result.data;
output.knownRequests = sent.length;
try {
  await client.query({ query: gql(unknown), fetchPolicy: "no-cache" });
  output.unknown = "answered";
} catch (error) {
  output.unknown = describe(error);
}
console.log(JSON.stringify(output));

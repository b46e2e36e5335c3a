// Runs the graphql-http server audit suite (GraphQL over HTTP spec) against one endpoint and
// prints the results as JSON on stdout; tests/http/test_graphql_http_audit.py reads them.
//
//   node tests/http/audit.mjs <dir holding node_modules/graphql-http> <endpoint URL>
//
// graphql-http is installed at set-up (`make test`) into a git-ignored folder, not next to this
// file, hence the require from the given folder.
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, url] = process.argv.slice(2);
if (!prefix || !url) {
  console.error("usage: node audit.mjs <node prefix dir> <GraphQL endpoint URL>");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(prefix), "package.json"));
const { serverAudits } = require("graphql-http");

async function describe(response) {
  if (!response) return null;
  let body = "";
  try {
    body = (await response.clone().text()).slice(0, 500);
  } catch {
    body = "<body already read>";
  }
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body,
  };
}

// One audit at a time: the results then do not depend on the server's concurrency.
const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.reason ?? null,
    response: result.status === "ok" ? null : await describe(result.response),
  });
}
process.stdout.write(JSON.stringify(results) + "\n");
